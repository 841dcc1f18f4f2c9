// The notebook harness end to end: setup's kernelspec + nbconvert execute notebooks/00-environment.ipynb
// headlessly; the executed notebook must hold the engine info and an inline, offline Plotly figure.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeNotebook } from '../../lib/experiments/notebook_runner.js';

interface Output { output_type: string; text?: string[]; data?: Record<string, string[]> }
interface Cell { cell_type: string; outputs?: Output[] }

describe('notebooks/00-environment.ipynb', () => {
  it('executes headlessly and holds engine info and a Plotly figure', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ww-nb-')), '00.ipynb');
    await executeNotebook('notebooks/00-environment.ipynb', out, { timeoutS: 240 });
    const nb = JSON.parse(readFileSync(out, 'utf8')) as { cells: Cell[] };
    const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
    const errors = outputs.filter((o) => o.output_type === 'error' || (o.output_type === 'stream' && /Error/.test((o.text ?? []).join(''))));
    expect(errors).toEqual([]);
    const text = outputs.map((o) => (o.text ?? []).join('')).join('');
    expect(text).toMatch(/backend: (torch|tensorflow|wasm|cpu), threads: \d+ of \d+ cores/);
    const html = outputs.map((o) => (o.data?.['text/html'] ?? []).join('')).filter((h) => h.length > 0);
    expect(html.length).toBe(1);
    expect(html[0]).toContain('plotly.js v');            // bundle inlined: renders offline
    expect(html[0]).toMatch(/Plotly\.newPlot\("whatwhere-plot-[a-z0-9]+-1"/);
    expect(html[0]).toContain('"type":"bar"');
  }, 300_000);
});
