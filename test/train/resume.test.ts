// kill -9 at an arbitrary moment, then the same command again: the finished run's weights are
// bit-identical to an uninterrupted run's, on the wasm and cpu backends. Runs the real CLI in child
// processes (node --import tsx, so the kill hits the training process itself, not a wrapper).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNpz } from '../../lib/models/index.js';
import { removeTempDirs, smallSplits, tempDir } from './data.js';

let data: { trainDir: string; valDir: string };

beforeAll(async () => {
  data = await smallSplits({ train: 128, val: 32, size: 16 });
});

afterAll(removeTempDirs);

function args(out: string): string[] {
  return ['--import', 'tsx', 'lib/cli.ts', 'train', '--data', data.trainDir, '--val', data.valDir, '--task', 'all',
    '--arch', 'resnet18', '--width', '0.0625', '--steps', '24', '--batch', '8', '--seed', '3', '--out', out,
    '--eval-every', '6', '--checkpoint-every', '4', '--val-n', '16'];
}

function runToEnd(out: string, backend: string): void {
  const r = spawnSync(process.execPath, args(out), { env: { ...process.env, WHATWHERE_BACKEND: backend }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`train exited ${r.status}: ${r.stderr}`);
}

/**
 * Starts training and SIGKILLs it `delayMs` after a checkpoint newer than the ones already on disk
 * appears (so each kill lands mid-run, after this session made progress). Resolves to whether the
 * process was killed (false: it finished first).
 */
function runAndKill(out: string, backend: string, delayMs: number): Promise<boolean> {
  const dir = join(out, 'checkpoints');
  const list = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.npz')) : []);
  const before = new Set(list());
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args(out), { env: { ...process.env, WHATWHERE_BACKEND: backend }, stdio: 'ignore' });
    child.on('exit', (_code, signal) => { clearInterval(poll); resolve(signal === 'SIGKILL'); });
    child.on('error', reject);
    let armed = false;
    const poll = setInterval(() => {
      if (!armed && list().some((f) => !before.has(f))) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    }, 2);
  });
}

/** The native torch backend, when this machine has it built (lib/native). */
function torchAvailable(): boolean {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'lib/cli.ts', 'info', '--json'], { env: { ...process.env, WHATWHERE_BACKEND: 'torch' }, encoding: 'utf8' });
  try { return r.status === 0 && JSON.parse(r.stdout).backend === 'torch'; } catch { return false; }
}

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('kill -9 and resume', () => {
  for (const backend of ['wasm', 'cpu']) {
    it(`${backend}: interrupted twice, resumed to the end, weights identical to an uninterrupted run`, async () => {
      const straight = tempDir(`straight-${backend}`), broken = tempDir(`broken-${backend}`);
      runToEnd(straight, backend);
      expect(await runAndKill(broken, backend, 0)).toBe(true);
      const firstStop = readdirSync(join(broken, 'checkpoints'));
      expect(await runAndKill(broken, backend, 23)).toBe(true);
      expect(existsSync(join(broken, 'DONE')), 'killed before the end').toBe(false);
      expect(readdirSync(join(broken, 'checkpoints'))).not.toEqual(firstStop); // the second session made progress
      runToEnd(broken, backend);
      expect(sha(join(broken, 'weights.npz'))).toBe(sha(join(straight, 'weights.npz')));
      const rows = (d: string) => readFileSync(join(d, 'metrics.csv'), 'utf8').trim().split('\n').map((l) => l.split(',')[0]);
      expect(rows(broken)).toEqual(rows(straight));
      expect(readdirSync(broken).filter((f) => f.includes('.tmp-'))).toEqual([]);
    });
  }

  // Multi-threaded native kernels may reduce in a different order from run to run: equal within float tolerance.
  it.skipIf(!torchAvailable())('torch: interrupted, resumed to the end, weights equal to an uninterrupted run within float tolerance', async () => {
    const straight = tempDir('straight-torch'), broken = tempDir('broken-torch');
    runToEnd(straight, 'torch');
    expect(await runAndKill(broken, 'torch', 0)).toBe(true);
    runToEnd(broken, 'torch');
    const a = readNpz(join(straight, 'weights.npz')), b = readNpz(join(broken, 'weights.npz'));
    for (const [k, v] of a) {
      const x = (v as { data: Float32Array }).data, y = (b.get(k) as { data: Float32Array }).data;
      let err = 0, scale = 1e-6;
      for (let i = 0; i < x.length; i++) { err = Math.max(err, Math.abs(x[i]! - y[i]!)); scale = Math.max(scale, Math.abs(x[i]!)); }
      expect(err / scale, k).toBeLessThan(1e-3);
    }
  });
});
