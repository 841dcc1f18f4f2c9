// Issue 17, defect 7: a run that diverges but stays finite (--lr 1e6) ends with one line and a non-zero
// exit, never DONE; its last metrics row shows why.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, smallSplits, tempDir } from '../train/data.js';
import { cli, errorLines } from './helpers.js';

let data: { trainDir: string; valDir: string };
beforeAll(async () => { data = await smallSplits({ train: 32, val: 16, size: 16 }); });
afterAll(removeTempDirs);

const train = (out: string, lr: string, val = true) => cli(['train', '--data', data.trainDir, ...(val ? ['--val', data.valDir] : []),
  '--task', 'distance', '--arch', 'resnet18', '--width', '0.0625', '--steps', '4', '--batch', '8', '--lr', lr, '--seed', '0',
  '--eval-every', '2', '--checkpoint-every', '2', '--val-n', '16', '--out', out]);

describe('7: divergence', () => {
  it('--lr 1e6 stops with a clear message and exit 1, not DONE', async () => {
    const out = join(tempDir('diverge'), 'run');
    const r = await train(out, '1e6');
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(
      new RegExp(`^whatwhere train: ${out}: diverged at step 2: weight RMS \\S+ is over 1000x its value \\S+ at step 0; the run is not marked done\\. Lower --lr`))]);
    expect(existsSync(join(out, 'DONE'))).toBe(false);
    expect(existsSync(join(out, 'weights.npz'))).toBe(false);
    const rows = readFileSync(join(out, 'metrics.csv'), 'utf8').trim().split('\n');
    expect(rows.map((l) => l.split(',')[0])).toEqual(['step', '0', '2']);
  }, 300_000);

  it('without a validation set the weights still give it away', async () => {
    const r = await train(join(tempDir('diverge-noval'), 'run'), '1e6', false);
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/diverged at step 2: weight RMS .* at step 0/)]);
  }, 300_000);

  it('a healthy run is not flagged', async () => {
    const out = join(tempDir('healthy'), 'run');
    const r = await train(out, '1e-3');
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, 'DONE'))).toBe(true);
  }, 300_000);
});
