// Small real datasets for training tests, rendered by lib/data's generator into a temp directory
// (a few hundred 32 px images take well under a second).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset } from '../../lib/data/generate.js';
import { openDataset } from '../../lib/data/index.js';
import type { Dataset } from '../../lib/data/types.js';

const created: string[] = [];

export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), `ww-${prefix}-`));
  created.push(d);
  return d;
}

/** Removes every directory tempDir made in this test file (call from afterAll). */
export function removeTempDirs(): void {
  for (const d of created.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Generates (train, val) splits of the full variant: different seeds, same size. */
export async function smallSplits(opts: { train: number; val: number; size?: number; seed?: number }): Promise<{ dir: string; trainDir: string; valDir: string; train: Dataset; val: Dataset }> {
  const dir = tempDir('data');
  const size = opts.size ?? 32;
  const seed = opts.seed ?? 1;
  const trainDir = join(dir, 'train'), valDir = join(dir, 'val');
  await generateDataset({ variant: 'full', count: opts.train, size, seed, out: trainDir, split: 'train', workers: 1 });
  await generateDataset({ variant: 'full', count: opts.val, size, seed: seed + 1000, out: valDir, split: 'val', workers: 1 });
  return { dir, trainDir, valDir, train: openDataset(trainDir), val: openDataset(valDir) };
}
