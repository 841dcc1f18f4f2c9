// danfojs works here (installed through package.json overrides): read a CSV, group, write a CSV.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupMeanSd, readTable, writeTable } from '../../lib/tables/index.js';

describe('lib/tables (danfojs)', () => {
  it('reads a CSV, groups with mean/SD/count, writes a CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-tab-'));
    const src = join(dir, 'scores.csv');
    writeFileSync(src, 'task,seed,score\ncategory,0,0.5\ncategory,1,0.7\ndistance,0,0.2\ndistance,1,0.4\ndistance,2,0.9\n');
    const df = await readTable(src);
    expect(df.shape).toEqual([5, 3]);
    const summary = groupMeanSd(df, ['task'], 'score');
    const out = join(dir, 'summary.csv');
    await writeTable(summary, out);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('task,score_mean,score_std,score_count');
    const rows = Object.fromEntries(lines.slice(1).map((l) => { const [t, ...v] = l.split(','); return [t, v.map(Number)]; }));
    expect(rows.category![0]).toBeCloseTo(0.6, 12);
    expect(rows.category![1]).toBeCloseTo(Math.sqrt(0.02), 12);      // sample SD, like pandas
    expect(rows.distance![0]).toBeCloseTo(0.5, 12);
    expect(rows.distance![1]).toBeCloseTo(Math.sqrt(((0.3 ** 2) + (0.1 ** 2) + (0.4 ** 2)) / 2), 12);
    expect(rows.distance![2]).toBe(3);
  });

  it('names the file when it cannot be read', async () => {
    await expect(readTable('/nonexistent/scores.csv')).rejects.toThrow(/scores\.csv/);
  });
});
