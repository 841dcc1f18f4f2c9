// The committed notebooks are built from notebooks/src/*.ts by scripts/nb.py; git sees them through the
// same script's --clean filter, and JupyterLab (npm run lab) saves them through scripts/lab_hooks.py in the
// committed form, so a notebook run and saved in JupyterLab leaves git status clean.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const PYTHON = '/usr/bin/python3';
const sources = readdirSync('notebooks/src').filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();

function run(cmd: string, args: string[], opts: { cwd?: string; input?: string } = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** A notebook as JupyterLab saves it after a run: outputs, counts, kernel metadata. */
function asRunInLab(text: string): string {
  const nb = JSON.parse(text) as { cells: Record<string, unknown>[]; metadata: Record<string, unknown> };
  let n = 0;
  for (const c of nb.cells) {
    c.metadata = { trusted: true, execution: { 'iopub.status.busy': '2026-12-04T10:00:00Z' } };
    if (c.cell_type !== 'code') continue;
    c.execution_count = ++n;
    c.outputs = [{ output_type: 'display_data', data: { 'application/vnd.plotly.v1+json': { data: [{ type: 'bar', y: [n] }] }, 'text/plain': 'fig' }, metadata: {} }];
  }
  nb.metadata.language_info = { name: 'typescript', file_extension: '.ts', mimetype: 'text/typescript', version: '5.0.4', codemirror_mode: { mode: 'typescript' } };
  return JSON.stringify(nb, null, 1);
}

const REBUILD = 'run `npm run notebooks` (python3 scripts/nb.py --all)';

describe('notebooks/*.ipynb', () => {
  it('every source has a notebook and every notebook a source', () => {
    const notebooks = readdirSync('notebooks').filter((f) => f.endsWith('.ipynb')).map((f) => f.replace(/\.ipynb$/, '')).sort();
    expect(sources.filter((s) => !notebooks.includes(s)), `sources with no notebook: ${REBUILD}`).toEqual([]);
    expect(notebooks.filter((n) => !sources.includes(n)), 'notebooks with no source in notebooks/src/: add the source or delete the notebook').toEqual([]);
  });

  it('are exactly what scripts/nb.py builds from notebooks/src/*.ts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-nbsrc-'));
    for (const name of sources) {
      const out = join(dir, `${name}.ipynb`);
      run(PYTHON, ['scripts/nb.py', `notebooks/src/${name}.ts`, out]);
      expect(existsSync(`notebooks/${name}.ipynb`) && readFileSync(`notebooks/${name}.ipynb`, 'utf8') === readFileSync(out, 'utf8'),
        `notebooks/${name}.ipynb is out of date with notebooks/src/${name}.ts: ${REBUILD}`).toBe(true);
    }
  });

  it('npm run notebooks (nb.py --all) rebuilds stale or missing notebooks, leaves current ones alone and refuses orphans', () => {
    const repo = mkdtempSync(join(tmpdir(), 'ww-nball-'));
    mkdirSync(join(repo, 'notebooks', 'src'), { recursive: true });
    mkdirSync(join(repo, 'scripts'));
    copyFileSync('scripts/nb.py', join(repo, 'scripts', 'nb.py'));
    for (const name of ['04-representational-similarity', '05-nontarget-decoding']) copyFileSync(`notebooks/src/${name}.ts`, join(repo, 'notebooks', 'src', `${name}.ts`));
    copyFileSync('notebooks/04-representational-similarity.ipynb', join(repo, 'notebooks', '04-representational-similarity.ipynb'));
    const all = () => spawnSync(PYTHON, ['scripts/nb.py', '--all'], { cwd: repo, encoding: 'utf8' });
    const first = all();
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('[notebooks] wrote notebooks/05-nontarget-decoding.ipynb\n');   // 04 was current
    expect(readFileSync(join(repo, 'notebooks', '05-nontarget-decoding.ipynb'), 'utf8')).toBe(readFileSync('notebooks/05-nontarget-decoding.ipynb', 'utf8'));
    writeFileSync(join(repo, 'notebooks', 'src', '04-representational-similarity.ts'), '# %% [markdown]\n# # changed\n# %%\nconst x = 1;\n');
    writeFileSync(join(repo, 'notebooks', 'old.ipynb'), '{}');
    const second = all();
    expect(second.stdout).toBe('[notebooks] wrote notebooks/04-representational-similarity.ipynb\n');
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/no source in notebooks\/src\/ for: old\.ipynb/);
    const nb = JSON.parse(readFileSync(join(repo, 'notebooks', '04-representational-similarity.ipynb'), 'utf8')) as { cells: { cell_type: string; source: string[] }[] };
    expect(nb.cells.map((c) => [c.cell_type, c.source.join('')])).toEqual([['markdown', '# changed'], ['code', 'const x = 1;']]);
  });

  it('nb.py --clean turns a run, saved notebook back into the committed one', () => {
    for (const name of sources) {
      const committed = readFileSync(`notebooks/${name}.ipynb`, 'utf8');
      const run1 = asRunInLab(committed);
      expect(run1).not.toBe(committed);
      expect(run(PYTHON, ['scripts/nb.py', '--clean'], { input: run1 }), name).toBe(committed);
    }
  });

  it('JupyterLab saves notebooks/*.ipynb byte for byte as committed (scripts/lab_hooks.py), so git status stays clean', () => {
    const hook = `import sys, nbformat; sys.path.insert(0, 'scripts'); from lab_hooks import strip_source_notebook
m = {'type': 'notebook', 'content': nbformat.reads(sys.stdin.read(), as_version=4)}
strip_source_notebook(m, sys.argv[1])
sys.stdout.write(nbformat.writes(m['content'], version=nbformat.NO_CONVERT) + '\\n')`;
    for (const name of ['01-dataset-tour', '04-representational-similarity']) {
      const committed = readFileSync(`notebooks/${name}.ipynb`, 'utf8');
      expect(run(PYTHON, ['-c', hook, `notebooks/${name}.ipynb`], { input: asRunInLab(committed) }), name).toBe(committed);
      expect(run(PYTHON, ['-c', hook, `results/${name}.ipynb`], { input: asRunInLab(committed) }), name).not.toBe(committed);
    }
  });

  it('git sees a notebook saved by another editor through the nbclean filter: outputs make no diff, edits do', () => {
    expect(run('git', ['check-attr', 'filter', 'notebooks/00-environment.ipynb'])).toBe('notebooks/00-environment.ipynb: filter: nbclean\n');
    const repo = mkdtempSync(join(tmpdir(), 'ww-nbgit-'));
    mkdirSync(join(repo, 'notebooks'));
    mkdirSync(join(repo, 'scripts'));
    copyFileSync('.gitattributes', join(repo, '.gitattributes'));
    copyFileSync('scripts/nb.py', join(repo, 'scripts', 'nb.py'));
    copyFileSync('notebooks/04-representational-similarity.ipynb', join(repo, 'notebooks', '04.ipynb'));
    const git = (...args: string[]) => run('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo });
    git('init', '-q');
    git('config', 'filter.nbclean.clean', `${PYTHON} scripts/nb.py --clean`);   // what scripts/setup.mjs sets
    git('add', '.');
    git('commit', '-qm', 'x');
    writeFileSync(join(repo, 'notebooks', '04.ipynb'), asRunInLab(readFileSync(join(repo, 'notebooks', '04.ipynb'), 'utf8')));
    expect(git('diff', '--stat')).toBe('');
    git('add', '.');   // stages nothing: git compares the cleaned content
    expect(git('status', '--porcelain')).toBe('');
    const edited = JSON.parse(readFileSync(join(repo, 'notebooks', '04.ipynb'), 'utf8')) as { cells: { source: string[] }[] };
    edited.cells[0]!.source.push('\nan edit');
    writeFileSync(join(repo, 'notebooks', '04.ipynb'), JSON.stringify(edited));
    expect(git('diff', '--stat')).toMatch(/notebooks\/04\.ipynb \| \d+ \+/);
  });
});
