// Issue 17: the behaviour the fault-injection pass found solid, kept so: kill -9 then the same command
// resumes bit-exact; a damaged checkpoint is refused and nothing is lost; a NaN loss stops with the last
// good checkpoint; a second writer is locked out while the first lives, and a dead one's LOCK is taken over.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset } from '../../lib/data/index.js';
import { repoRoot } from '../../lib/paths.js';
import type { DatasetLike } from '../../lib/tasks/index.js';
import { fingerprint, headUnits, trainRun } from '../../lib/train/index.js';
import { removeTempDirs, smallSplits, tempDir } from '../train/data.js';
import { cli, errorLines, flipByte } from './helpers.js';

let data: { trainDir: string; valDir: string };
beforeAll(async () => { data = await smallSplits({ train: 32, val: 16, size: 16 }); });
afterAll(removeTempDirs);

const args = (out: string) => ['train', '--data', data.trainDir, '--val', data.valDir, '--task', 'all', '--arch', 'resnet18',
  '--width', '0.0625', '--steps', '8', '--batch', '4', '--seed', '3', '--eval-every', '4', '--checkpoint-every', '2', '--val-n', '8', '--out', out];
const child = (out: string) => [process.execPath, ['--import', 'tsx', 'lib/cli.ts', ...args(out)], { cwd: repoRoot(), env: { ...process.env, WHATWHERE_BACKEND: 'wasm' } }] as const;
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const checkpoints = (out: string) => (existsSync(join(out, 'checkpoints')) ? readdirSync(join(out, 'checkpoints')).filter((f) => f.endsWith('.npz')) : []);

describe('what already worked', () => {
  it('kill -9 mid-run, then the same command: weights bit-identical to an uninterrupted run', async () => {
    const straight = join(tempDir('straight'), 'run'), broken = join(tempDir('broken'), 'run');
    const [node, argv, opts] = child(straight);
    expect(spawnSync(node, argv, { ...opts, encoding: 'utf8' }).status).toBe(0);
    const [, argvB, optsB] = child(broken);
    const killed = await new Promise<boolean>((resolve) => {
      const p = spawn(node, argvB, { ...optsB, stdio: 'ignore' });
      const poll = setInterval(() => { if (checkpoints(broken).length > 0) p.kill('SIGKILL'); }, 5);
      p.on('exit', (_c, signal) => { clearInterval(poll); resolve(signal === 'SIGKILL'); });
    });
    expect(killed).toBe(true);
    expect(existsSync(join(broken, 'DONE'))).toBe(false);
    const resumed = spawnSync(node, argvB, { ...optsB, encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming from .*step-\d{8}\.npz/);
    expect(sha(join(broken, 'weights.npz'))).toBe(sha(join(straight, 'weights.npz')));
  }, 600_000); // three training processes: slow on a loaded machine

  it('a damaged checkpoint is refused with one line and nothing is changed', async () => {
    const out = join(tempDir('damaged'), 'run');
    expect((await cli(args(out))).code).toBe(0);
    rmSync(join(out, 'DONE'));
    rmSync(join(out, 'weights.npz'));
    const last = join(out, 'checkpoints', 'step-00000008.npz');
    flipByte(last, Math.floor(readFileSync(last).length / 2));
    const before = sha(last);
    const r = await cli(args(out));
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/^whatwhere train: cannot resume: .*step-00000008\.npz: corrupt or truncated \.npz \(CRC-32 mismatch in '.*'\)\. Nothing was changed; to resume from the previous one \(step 6\), remove it$/)]);
    expect(sha(last)).toBe(before);
  }, 300_000);

  it('a NaN loss stops the run, keeping the last good checkpoint', async () => {
    const train = openDataset(data.trainDir);
    const poisoned: DatasetLike = {
      dir: train.dir, meta: train.meta, length: train.length, slice: (s, c) => train.slice(s, c),
      batchAt(step, bs, seed) {
        const b = train.batchAt(step, bs, seed);
        if (step === 3) b.latents.z[0] = Number.NaN;
        return b;
      },
    };
    const out = join(tempDir('nan'), 'run');
    const config = { format: 1 as const, arch: 'resnet18' as const, width: 0.0625, size: 16, task: 'distance', outputs: headUnits('distance'), steps: 6,
      batch: 4, lr: 1e-3, seed: 0, evalEvery: 2, valN: 8, checkpointEvery: 2, patience: 0, minDelta: 0, data: fingerprint(train.meta), val: null };
    await expect(trainRun({ config, outDir: out, train: poisoned, log: () => {} }))
      .rejects.toThrow(/step 4: training loss is NaN .* the last good checkpoint is .*step-00000002\.npz \(step 2\)/);
    expect(checkpoints(out)).toEqual(['step-00000002.npz']);
    expect(existsSync(join(out, 'DONE'))).toBe(false);
  }, 300_000);

  it('a second writer is locked out while the first lives; a dead writer\'s LOCK is taken over', async () => {
    const out = join(tempDir('locked'), 'run');
    const untrained = ['train', '--task', 'untrained', '--arch', 'resnet18', '--width', '0.0625', '--size', '16', '--seed', '4', '--out', out];
    expect((await cli(untrained)).code).toBe(0);
    rmSync(join(out, 'DONE'));
    const holder = spawn('sleep', ['60']);
    try {
      writeFileSync(join(out, 'LOCK'), String(holder.pid));
      const r = await cli(untrained);
      expect(r.code).toBe(1);
      expect(errorLines(r.stderr)).toEqual([`whatwhere train: ${out}: in use by process ${holder.pid} (LOCK); wait for it or stop it`]);
    } finally {
      holder.kill('SIGKILL');
    }
    await new Promise((r) => holder.on('exit', r));
    const r = await cli(untrained);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, 'LOCK'))).toBe(false);
  }, 300_000);
});
