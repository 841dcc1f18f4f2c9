// Training to the plateau (the paper's rule) with a step cap, learning-rate schedules, the final
// held-out metrics kept in the run directory, and `whatwhere evaluate` reading them back.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../lib/engine/index.js';
import { createHash } from 'node:crypto';
import type { DatasetLike } from '../../lib/tasks/index.js';
import { fingerprint, headUnits, learningRate, trainRun, type FinalMetrics, type TrainConfig } from '../../lib/train/index.js';
import { removeTempDirs, smallSplits, tempDir } from './data.js';

let train: DatasetLike;
let val: DatasetLike;
let trainDir: string;
let valDir: string;
const quiet = () => {};
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
  ({ train, val, trainDir, valDir } = await smallSplits({ train: 192, val: 48, size: 32 }));
});
afterAll(removeTempDirs);

function config(over: Partial<TrainConfig> = {}): TrainConfig {
  const task = over.task ?? 'category';
  return {
    format: 1, arch: 'resnet18', width: 0.125, size: 32, task, outputs: headUnits(task), steps: 20, batch: 16, lr: 3e-3, seed: 3,
    evalEvery: 5, valN: 48, checkpointEvery: 10, patience: 0, minDelta: 0,
    data: fingerprint(train.meta), val: fingerprint(val.meta), ...over,
  };
}

describe('learning-rate schedules', () => {
  const c = { lr: 1e-3, steps: 1000 };
  it('constant is the paper\'s rate at every step', () => {
    for (const s of [1, 500, 1000]) expect(learningRate(c, s)).toBe(1e-3);
  });
  it('cosine warms up linearly, peaks at lr and decays to zero at the step cap', () => {
    const w = { ...c, lrSchedule: 'cosine' as const, warmupSteps: 100 };
    expect(learningRate(w, 50)).toBeCloseTo(5e-4, 12);
    expect(learningRate(w, 100)).toBeCloseTo(1e-3, 12);
    expect(learningRate(w, 550)).toBeCloseTo(5e-4, 12); // half-way through the decay
    expect(learningRate(w, 1000)).toBeCloseTo(0, 12);
    let prev = Infinity;
    for (let s = 100; s <= 1000; s += 50) { const v = learningRate(w, s); expect(v).toBeLessThanOrEqual(prev); prev = v; }
  });
});

describe('training to the plateau', () => {
  it('stops after `patience` evaluations without improvement, before the cap, and records why in final.json', async () => {
    // A huge minDelta makes every evaluation after the first count as "no improvement".
    const dir = tempDir('plateau');
    const r = await trainRun({ config: config({ steps: 200, patience: 2, minDelta: 1e9 }), outDir: dir, train, val, log: quiet });
    expect(r.reason).toBe('plateau');
    expect(r.step).toBe(15); // evaluations at 5 (best), 10 and 15 (two without improvement)
    const fin = JSON.parse(readFileSync(join(dir, 'final.json'), 'utf8')) as FinalMetrics;
    expect(fin).toMatchObject({ step: 15, reason: 'plateau', stepCap: 200, patience: 2, evalEvery: 5, n: 48 });
    expect(fin.metrics.acc_category).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(fin.metrics.loss)).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'targets.json'), 'utf8')).zscore).toEqual(train.meta.zscore);
  });

  it('a cosine run resumed from a checkpoint ends with the same weights as one run straight through', async () => {
    const a = tempDir('cos-straight'), b = tempDir('cos-resumed');
    const c = config({ steps: 20, lrSchedule: 'cosine', warmupSteps: 4 });
    await trainRun({ config: c, outDir: a, train, val, log: quiet });
    await trainRun({ config: c, outDir: b, train, val, log: quiet });
    rmSync(join(b, 'DONE')); rmSync(join(b, 'weights.npz')); rmSync(join(b, 'checkpoints', 'step-00000020.npz'));
    const r = await trainRun({ config: c, outDir: b, train, val, log: quiet });
    expect(r.resumedFrom).toBe(10);
    expect(sha(join(b, 'weights.npz'))).toBe(sha(join(a, 'weights.npz')));
    // The schedule changed the result: a constant-rate run differs.
    const d = tempDir('const');
    await trainRun({ config: config({ steps: 20 }), outDir: d, train, val, log: quiet });
    expect(sha(join(d, 'weights.npz'))).not.toBe(sha(join(a, 'weights.npz')));
  });
});

describe('whatwhere evaluate', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, ['bin/whatwhere.mjs', ...args], {
    encoding: 'utf8', timeout: 120_000, env: { ...process.env, WHATWHERE_BACKEND: 'wasm' },
  });

  it('prints one JSON line whose metrics equal the run\'s own final held-out evaluation on the same images', () => {
    const dir = tempDir('eval-run');
    const t = cli(['train', '--data', trainDir, '--val', valDir, '--task', 'distance+category', '--arch', 'resnet18', '--width', '0.125',
      '--steps', '10', '--batch', '16', '--eval-every', '5', '--val-n', '48', '--lr-schedule', 'cosine', '--warmup', '2', '--seed', '1', '--out', dir]);
    expect(t.status, t.stderr).toBe(0);
    const fin = JSON.parse(readFileSync(join(dir, 'final.json'), 'utf8')) as FinalMetrics;
    const e = cli(['evaluate', '--run', dir, '--data', valDir, '--json']);
    expect(e.status, e.stderr).toBe(0);
    const lines = e.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const m = JSON.parse(lines[0]!);
    expect(m).toMatchObject({ n: 48, task: 'distance+category' });
    for (const k of ['loss', 'acc_category', 'r2_z']) expect(m[k], k).toBeCloseTo(fin.metrics[k]!, 5);
    expect(m.acc_identity).toBeUndefined(); // only the latents the head predicts
  });

  it('refuses an unfinished run and a too-large --n with one line each', () => {
    const bad = cli(['evaluate', '--run', tempDir('empty'), '--data', valDir, '--json']);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toMatch(/not a run directory \(no config\.json\)$/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const big = cli(['evaluate', '--run', tempDir('x'), '--data', valDir, '--n', '49']);
    expect(big.status).toBe(2);
    expect(big.stderr).toMatch(/--n 49 exceeds the 48 images/);
  });

  it('train refuses an unknown schedule', () => {
    const r = cli(['train', '--data', trainDir, '--task', 'distance', '--arch', 'resnet18', '--steps', '2', '--seed', '0', '--lr-schedule', 'step', '--out', tempDir('bad')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--lr-schedule expected constant or cosine, got 'step'/);
    expect(existsSync(join(trainDir, 'meta.json'))).toBe(true);
  });
});
