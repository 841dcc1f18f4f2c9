// One shard: images [first, first + count) of a split, rendered into a .npy (uint8 NHWC) plus their
// latents.csv rows. A shard is a pure function of its spec and index, so any worker may render and write it.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { writeAtomic } from '../atomic.js';
import { SampleRenderer, sampleSeed, type SamplingConfig } from '../render/sample.js';
import { csvRow } from './csv.js';
import { npyHeader } from '../npy.js';
import type { Variant } from './variants.js';

export interface DatasetSpec {
  variant: Variant;
  seed: number;
  split: string;
  size: number;
  count: number;
  shardSize: number;
  sampling: SamplingConfig;
}

/** What the writer of a finished shard reports: its rows and images are on disk (shardRowsFile, shardFile). */
export interface ShardDone {
  index: number;
  count: number;
  sha256: string;
}

/** Default images per shard: about 12 MB at 64 px, never above ~64 MB. */
export function defaultShardSize(size: number): number {
  return Math.max(16, Math.min(1000, Math.floor(64e6 / (size * size * 3) / 100) * 100));
}

export function shardCount(spec: DatasetSpec): number {
  return Math.ceil(spec.count / spec.shardSize);
}

export function shardFile(index: number): string {
  return `shard-${String(index).padStart(5, '0')}.npy`;
}

/** The rows file written next to shard `index` until the dataset is assembled. */
export function shardRowsFile(index: number): string {
  return shardFile(index).replace(/\.npy$/, '.csv');
}

// One renderer and one image buffer per thread, kept across shards (the renderer builds its scenes and meshes
// once; the buffer's pages stay mapped).
const renderers = new Map<string, SampleRenderer>();
let buffer = new Uint8Array(0);

/**
 * Render shard `index` of `spec` and write it into `out`: its latents rows (shard-NNNNN.csv) first, then the
 * images (shard-NNNNN.npy), each to a temporary name and renamed, so a shard counts as finished once its .npy
 * exists. Runs in whichever thread calls it (a generator worker, or the main thread for one worker): the
 * writes (~25 ms of kernel time per 12 MB shard, measured) belong to the workers, not to one main thread.
 */
export function writeShard(spec: DatasetSpec, index: number, out: string): ShardDone {
  const first = index * spec.shardSize;
  const count = Math.min(spec.shardSize, spec.count - first);
  if (count <= 0) throw new Error(`shard ${index} is beyond the dataset (${spec.count} images)`);
  const key = `${spec.size}:${JSON.stringify(spec.sampling)}`;
  let r = renderers.get(key);
  if (!r) { r = new SampleRenderer(spec.size, spec.sampling); renderers.set(key, r); }
  const img = spec.size * spec.size * 3;
  const header = npyHeader('|u1', [count, spec.size, spec.size, 3]);
  const length = header.length + count * img;
  if (buffer.length < length) buffer = new Uint8Array(length);
  const bytes = buffer.subarray(0, length);
  bytes.set(header, 0);
  let csv = '';
  for (let k = 0; k < count; k++) {
    const i = first + k;
    const l = r.render(sampleSeed(spec.seed, spec.variant.name, spec.split, i), spec.variant.categories, bytes, header.length + k * img);
    if (spec.variant.centered) { l.x = 0; l.y = 0; } // exactly on the axis (cos 0 = 1 already gives 0; keep -0 out)
    csv += csvRow(i, l);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  writeAtomic(join(out, shardRowsFile(index)), csv);
  writeAtomic(join(out, shardFile(index)), bytes);
  return { index, count, sha256 };
}
