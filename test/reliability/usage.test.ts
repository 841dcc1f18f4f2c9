// Issue 17, defect 8: flag errors exit 2 with one line, printed once; generate states its disk needs up
// front and refuses what the disk cannot hold.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '../train/data.js';
import { cli, errorLines } from './helpers.js';

afterAll(removeTempDirs);

describe('8: usage errors', () => {
  it('--lr 0 exits 2 like other flag errors', async () => {
    const direct = await cli(['train', '--task', 'untrained', '--arch', 'resnet18', '--seed', '0', '--lr', '0', '--out', join(tempDir('lr0'), 'r')]);
    expect(direct.code).toBe(2);
    expect(errorLines(direct.stderr)).toEqual(['whatwhere train: --lr must be > 0, got 0']);
  });

  it('--only with an unknown figure exits 2 (paper, analysis)', async () => {
    const paper = await cli(['paper', '--scale', 'tiny', '--only', 'fig99']);
    expect(paper.code).toBe(2);
    expect(errorLines(paper.stderr)).toEqual([expect.stringMatching(/^whatwhere paper: --only: unknown figure fig99; expected some of fig2/)]);
    const analysis = await cli(['analysis', '--scale', 'tiny', '--name', 'cka', '--only', 'fig99']);
    expect(analysis.code).toBe(2);
    expect(errorLines(analysis.stderr)).toEqual([expect.stringMatching(/^whatwhere analysis: --only: unknown figure fig99/)]);
  }, 300_000); // loads the paper runner's modules: slow on a loaded machine

  it('analysis without --name names the command once', async () => {
    const r = await cli(['analysis', '--scale', 'tiny']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('whatwhere analysis: missing --name\n');
    const bad = await cli(['analysis', '--scale', 'tiny', '--name', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^whatwhere analysis: unknown analysis 'nope' \(known: cka, /);
  });

  it('generate --n huge is refused up front with its size; a normal one states its size and shows progress', async () => {
    const huge = await cli(['generate', '--n', '99999999999', '--out', join(tempDir('huge'), 'ds')]);
    expect(huge.code).toBe(1);
    expect(errorLines(huge.stderr)).toEqual([expect.stringMatching(/ds: not enough disk space: 99999999999 images of 64x64 px need about 1\.2\d PB, only .* free; choose a smaller --n or another --out$/)]);
    const small = await cli(['generate', '--n', '8', '--size', '16', '--shard-size', '4', '--out', join(tempDir('small'), 'ds')]);
    expect(small.code, small.stderr).toBe(0);
    expect(small.stderr).toMatch(/^generate: 8 images of 16x16 px need about 9\.92 kB \(6\.40 kB of shards, 1\.76 kB of latents\); .* free at /);
    expect(small.stderr).toMatch(/\[generate\] images 0\/8 /);
    expect(small.stderr).toMatch(/\[generate\] images 8\/8 [\d.]+ img\/s elapsed \d+s ETA 0s/);
  });
});
