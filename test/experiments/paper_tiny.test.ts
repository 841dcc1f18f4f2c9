// The whole paper at the tiny scale, end to end through the real CLI: datasets, training, activations,
// analyses, every figure notebook executed headlessly, REPORT.md; then a second run reuses everything.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notebookErrors } from '../../lib/experiments/notebook_runner.js';

const out = mkdtempSync(join(tmpdir(), 'ww-paper-'));
const env = { ...process.env, WHATWHERE_OUT: out, WHATWHERE_PNG: '0' };

function paper(): { code: number | null; err: string } {
  const r = spawnSync(process.execPath, ['bin/whatwhere.mjs', 'paper', '--scale', 'tiny'], { encoding: 'utf8', env, timeout: 1_200_000 });
  return { code: r.status, err: r.stderr };
}

describe('npm run paper -- --scale tiny', () => {
  it('computes every figure, executes every notebook and writes REPORT.md; a re-run reuses everything', () => {
    const first = paper();
    expect(first.code, first.err.slice(-3000)).toBe(0);
    const res = join(out, 'results', 'tiny');
    const notebooks = readdirSync(join(res, 'notebooks')).sort();
    expect(notebooks).toEqual(['00-environment.ipynb', '01-dataset-tour.ipynb', '02-neural-alignment.ipynb', '03-alignment-vs-performance.ipynb',
      '04-representational-similarity.ipynb', '05-nontarget-decoding.ipynb', '06-variability-and-similarity.ipynb',
      '07-dataset-size.ipynb', '08-layer-assignment.ipynb']);
    for (const nb of notebooks) {
      const text = readFileSync(join(res, 'notebooks', nb), 'utf8');
      expect(notebookErrors(text), nb).toEqual([]);
      expect(text, nb).toContain('application/vnd.plotly.v1+json');
    }
    const figures = readdirSync(join(res, 'figures'));
    for (const f of ['fig4a-layer1.0.relu.html', 'fig4b.html', 'figD3.html', 'fig5b.html', 'fig5c.html', 'figE1.html', 'figD4a.html', 'fig2a-paper.html', 'fig3-performance.html']) {
      expect(figures).toContain(f);
    }
    const tables = readdirSync(join(res, 'tables'));
    expect(tables).toContain('fig5b.csv');
    expect(readFileSync(join(res, 'tables', 'fig5b.csv'), 'utf8').split('\n')[0]).toBe('task,layer,target,full_mean,full_sd,reduced_mean,reduced_sd,U,p,direction');
    const report = readFileSync(join(res, 'REPORT.md'), 'utf8');
    expect(report).toMatch(/^# whatwhere · REPORT \(tiny scale\)/);
    expect(report).toContain('| 3.2 / Intro bullet 3 |');
    expect(report).toContain('**needs neural data**');
    expect(report).not.toContain('**not computed**');
    // Competence first: tiny models cannot learn their tasks, so the claims they feed are untestable, not "not supported".
    expect(report).toContain('## Task competence');
    expect(report).toContain('**untestable at this scale**');
    expect(report).not.toContain('**not supported**');
    const fin = JSON.parse(readFileSync(join(out, 'runs', 'tiny', 'r18-distance-full-s0', 'final.json'), 'utf8'));
    expect(fin).toMatchObject({ reason: 'steps', stepCap: 12 });
    expect(Number.isFinite(fin.metrics.r2_z)).toBe(true);
    expect(existsSync(join(out, 'runs', 'tiny', 'r18-distance-full-s0', 'DONE'))).toBe(true);

    const second = paper();
    expect(second.code, second.err.slice(-2000)).toBe(0);
    expect(second.err).toMatch(/compute: 0 jobs run, \d+ cached/);
  }, 1_500_000);
});
