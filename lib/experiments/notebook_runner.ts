// Executes a tslab notebook headlessly with nbconvert (Debian's, or the one in setup's JupyterLab venv),
// using the project-local kernelspec that scripts/setup.mjs registers (its kernel cds to the repo root so
// notebooks import './lib/...'). Figures are Plotly mime bundles, which JupyterLab renders without a
// trust step, so the executed notebook is not signed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { writeAtomic } from '../atomic.js';

export const JUPYTER = '/usr/bin/jupyter';

/** Debian's jupyter when its nbconvert is installed, else the JupyterLab venv's (npm run setup), else undefined. */
export function findNbconvert(root = process.cwd()): string | undefined {
  if (existsSync('/usr/bin/jupyter-nbconvert')) return JUPYTER;
  const venv = join(root, '.venv-lab', 'bin', 'jupyter');
  return existsSync(join(root, '.venv-lab', 'bin', 'jupyter-nbconvert')) ? venv : undefined;
}

export function jupyterPath(root = process.cwd()): string {
  return join(root, '.jupyter', 'share', 'jupyter');
}

export interface ExecuteOptions {
  timeoutS?: number;
  env?: Record<string, string>;
  allowErrors?: boolean;
  root?: string;
}

/** Runs every cell of `input` and writes the executed notebook, with execution counts, to `output`. */
export async function executeNotebook(input: string, output: string, opts: ExecuteOptions = {}): Promise<void> {
  const root = opts.root ?? process.cwd();
  const jupyter = findNbconvert(root);
  if (!jupyter) throw new Error('jupyter nbconvert not found: install jupyter-nbconvert and python3-ipython (npm run setup does this as root, or installs JupyterLab with it)');
  if (!existsSync(join(jupyterPath(root), 'kernels', 'tslab', 'kernel.json'))) {
    throw new Error(`tslab kernel not registered in ${jupyterPath(root)}: run npm run setup`);
  }
  mkdirSync(dirname(resolve(output)), { recursive: true });
  // Always --allow-errors: tslab reports a failed cell as an error reply with an empty message and
  // prints the real one to the cell's stderr, which only survives in the written notebook.
  const args = ['nbconvert', '--to', 'notebook', '--execute', resolve(input), '--output', basename(output),
    '--output-dir', dirname(resolve(output)), `--ExecutePreprocessor.timeout=${opts.timeoutS ?? 1800}`,
    '--ExecutePreprocessor.kernel_name=tslab', '--allow-errors'];
  const env = { ...process.env, ...opts.env, JUPYTER_PATH: jupyterPath(root), PYDEVD_DISABLE_FILE_VALIDATION: '1' };
  await runQuiet(jupyter, args, env, `executing ${input}`);
  let failed = notebookErrors(readFileSync(resolve(output), 'utf8'));
  // tslab's file watcher can trip on lib/ files changing while a kernel runs ("Unexpected pending
  // rebuildTimer"); the cell itself is fine, so such a run is repeated once.
  if (failed.length && failed.every((f) => /Unexpected pending rebuildTimer/.test(f))) {
    await runQuiet(jupyter, args, env, `executing ${input} (second try)`);
    failed = notebookErrors(readFileSync(resolve(output), 'utf8'));
  }
  if (failed.length && !opts.allowErrors) {
    throw new Error(`${input}: ${failed.length} cell(s) failed (executed notebook kept at ${output}):\n${failed.join('\n---\n')}`);
  }
  writeAtomic(resolve(output), numberCells(readFileSync(resolve(output), 'utf8')));
}

interface NbCell { cell_type: string; source: string | string[]; execution_count?: number | null; outputs?: { execution_count?: number | null }[] }

/**
 * Gives the code cells of an executed notebook the counts 1, 2, ... in order. nbclient takes a cell's count
 * from the kernel's execute_input message, which tslab does not send, so every cell would show `[ ]:`.
 * Cells with no source are not sent to the kernel and keep none.
 */
export function numberCells(json: string): string {
  const nb = JSON.parse(json) as { cells: NbCell[] };
  let count = 0;
  for (const cell of nb.cells) {
    if (cell.cell_type !== 'code') continue;
    const src = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    const n = src.trim() ? ++count : null;
    cell.execution_count = n;
    for (const o of cell.outputs ?? []) if ('execution_count' in o) o.execution_count = n;
  }
  return JSON.stringify(nb, null, 1) + '\n';
}

function runQuiet(cmd: string, args: string[], env: NodeJS.ProcessEnv, what: string): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => { log += d; });
    child.stderr.on('data', (d) => { log += d; });
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 0) ok();
      else fail(new Error(`${what} failed (exit ${code}):\n${log.split('\n').filter((l) => l.trim()).slice(-25).join('\n')}`));
    });
  });
}

interface NbOutput { output_type: string; name?: string; text?: string | string[]; ename?: string; evalue?: string }

/**
 * Failed cells of an executed tslab notebook: error outputs, or stderr that carries a TypeScript
 * diagnostic ("12:5 - ...") or a thrown error's stack. Returns "cell source / message" for each.
 */
export function notebookErrors(json: string): string[] {
  const nb = JSON.parse(json) as { cells: { cell_type: string; source: string | string[]; outputs?: NbOutput[] }[] };
  const out: string[] = [];
  for (const cell of nb.cells) {
    if (cell.cell_type !== 'code') continue;
    const src = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    for (const o of cell.outputs ?? []) {
      const text = Array.isArray(o.text) ? o.text.join('') : o.text ?? '';
      const isError = o.output_type === 'error' ||
        (o.output_type === 'stream' && o.name === 'stderr' && (/^\d+:\d+ - /m.test(text) || /^\w*Error\b.*\n\s+at /m.test(text) || /^unexpected error:/m.test(text)));
      if (isError) out.push(`${src.split('\n').slice(0, 3).join('\n')}\n>>> ${o.ename ?? ''} ${o.evalue ?? ''}${text}`.trim());
    }
  }
  return out;
}
