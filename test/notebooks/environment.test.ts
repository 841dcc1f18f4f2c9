// The notebook harness end to end: setup's kernelspec + nbconvert execute notebooks/00-environment.ipynb
// headlessly; the executed notebook must hold the engine info, a Plotly mime bundle figure and execution counts.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeNotebook } from '../../lib/experiments/notebook_runner.js';

interface Output { output_type: string; text?: string[]; data?: Record<string, string[] | object> }
interface Cell { cell_type: string; outputs?: Output[]; execution_count?: number | null }

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
    const figures = outputs.filter((o) => o.data?.['application/vnd.plotly.v1+json']);
    expect(figures.length).toBe(1);   // a Plotly mime bundle: JupyterLab draws it without a trust step
    const fig = figures[0]!.data!['application/vnd.plotly.v1+json'] as unknown as { data: { type: string }[] };
    expect(fig.data[0]!.type).toBe('bar');
    expect(readFileSync(out, 'utf8').length).toBeLessThan(50_000);   // no Plotly bundle inlined
    const counts = nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.execution_count);
    expect(counts).toEqual(counts.map((_, i) => i + 1));
  }, 300_000);
});
