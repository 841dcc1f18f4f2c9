// One shard: images [first, first + count) of a split, rendered into a .npy (uint8 NHWC) plus their
// latents.csv rows. A shard is a pure function of its spec and index, so any worker may render it.
import { createHash } from 'node:crypto';
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

export interface ShardResult {
  index: number;
  file: string;
  bytes: Uint8Array; // the whole .npy file
  csv: string; // rows without header
  sha256: string;
  count: number;
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

const renderers = new Map<string, SampleRenderer>();

export function renderShard(spec: DatasetSpec, index: number): ShardResult {
  const first = index * spec.shardSize;
  const count = Math.min(spec.shardSize, spec.count - first);
  if (count <= 0) throw new Error(`shard ${index} is beyond the dataset (${spec.count} images)`);
  const key = `${spec.size}:${JSON.stringify(spec.sampling)}`;
  let r = renderers.get(key);
  if (!r) { r = new SampleRenderer(spec.size, spec.sampling); renderers.set(key, r); }
  const img = spec.size * spec.size * 3;
  const header = npyHeader('|u1', [count, spec.size, spec.size, 3]);
  const bytes = new Uint8Array(header.length + count * img);
  bytes.set(header, 0);
  let csv = '';
  for (let k = 0; k < count; k++) {
    const i = first + k;
    const l = r.render(sampleSeed(spec.seed, spec.variant.name, spec.split, i), spec.variant.categories, bytes, header.length + k * img);
    if (spec.variant.centered) { l.x = 0; l.y = 0; } // exactly on the axis (cos 0 = 1 already gives 0; keep -0 out)
    csv += csvRow(i, l);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { index, file: shardFile(index), bytes, csv, sha256, count };
}
