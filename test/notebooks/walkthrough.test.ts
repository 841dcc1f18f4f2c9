// notebooks/10-walkthrough.ipynb as a teacher runs it (headless tslab kernel, the same runner as `npm run paper`):
// it renders, trains two models, checks them on held-out images, computes CKA by hand and with the library,
// and decodes. Checked: no cell fails, both models beat chance, the hand-written CKA equals linearCKA, the
// CKA figure is there, and every CKA value is a similarity in [0, 1].
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeNotebook } from '../../lib/experiments/notebook_runner.js';

interface Output { output_type: string; text?: string[] | string; data?: Record<string, unknown> }
interface Cell { cell_type: string; outputs?: Output[] }

const join1 = (v: string[] | string | undefined) => (Array.isArray(v) ? v.join('') : v ?? '');

describe('notebooks/10-walkthrough.ipynb', () => {
  it('runs end to end: competent models, CKA by hand = linearCKA, a CKA figure and decoding table', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ww-walk-')), '10.ipynb');
    await executeNotebook('notebooks/10-walkthrough.ipynb', out, { timeoutS: 900 });
    const nb = JSON.parse(readFileSync(out, 'utf8')) as { cells: Cell[] };
    const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
    const text = outputs.map((o) => join1(o.text)).join('');
    const markdown = outputs.map((o) => join1(o.data?.['text/markdown'] as string[] | string | undefined)).join('\n');

    const cka = /by hand (-?[\d.]+), linearCKA (-?[\d.]+)/.exec(text);
    expect(cka, text).not.toBeNull();
    expect(Number(cka![1])).toBeCloseTo(Number(cka![2]), 5);

    // competence table: | category | accuracy | 0.574 | 0.250 |  and  | translation | R² (x, y) | 0.480, 0.547 | 0 |
    const acc = /\| category \| accuracy \| ([\d.]+) \|/.exec(markdown);
    const r2 = /\| translation \| R² \(x, y\) \| (-?[\d.]+), (-?[\d.]+) \|/.exec(markdown);
    expect(acc, markdown).not.toBeNull();
    expect(r2, markdown).not.toBeNull();
    expect(Number(acc![1])).toBeGreaterThan(0.35);     // chance 0.25 (4 categories)
    expect(Number(r2![1])).toBeGreaterThan(0.2);
    expect(Number(r2![2])).toBeGreaterThan(0.2);

    const figures = outputs.filter((o) => o.data?.['application/vnd.plotly.v1+json']);
    expect(figures.length).toBe(1);
    const fig = figures[0]!.data!['application/vnd.plotly.v1+json'] as { data: { name: string; y: number[] }[] };
    expect(fig.data.map((t) => t.name)).toEqual(['category vs translation', 'category vs untrained', 'translation vs untrained']);
    for (const t of fig.data) for (const v of t.y) expect(v >= 0 && v <= 1 + 1e-9, `${t.name}: ${v}`).toBe(true);

    expect(markdown).toMatch(/\| x \(Pearson r\) \| category model \| -?[\d.]+ \| -?[\d.]+ \|/);
    expect(markdown).toMatch(/\| category \(accuracy\) \| translation model \| [\d.]+ \| [\d.]+ \|/);
  }, 1_000_000);
});
