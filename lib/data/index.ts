// lib/data: datasets of rendered images with their latents (the contract in ./types.ts).
import type { DatasetMeta, LatentColumns } from './types.js';

export type { Batch, Dataset, DatasetMeta, LatentColumns, ShardInfo, ZStat } from './types.js';
export { openDataset, gather, type VerifyMode } from './reader.js';
export { generateDataset, makeSpec, FORMAT, type GenerateOptions } from './generate.js';
export { parseVariant, subsetOrder, type Variant } from './variants.js';
export { IMAGENET_MEAN, IMAGENET_STD } from './normalise.js';

/** x, y, z as z-scores with the dataset's statistics (paper App. B: regression targets are z-scored). */
export function zscoreLatents(meta: DatasetMeta, l: LatentColumns): { x: Float32Array; y: Float32Array; z: Float32Array } {
  const z = (a: Float32Array, s: { mean: number; std: number }) => {
    const o = new Float32Array(a.length);
    for (let i = 0; i < a.length; i++) o[i] = (a[i] - s.mean) / s.std;
    return o;
  };
  return { x: z(l.x, meta.zscore.x), y: z(l.y, meta.zscore.y), z: z(l.z, meta.zscore.z) };
}
