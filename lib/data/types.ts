// The data contract between lib/data and its users (lib/train, lib/analysis): one split of a dataset.
import type * as tf from '@tensorflow/tfjs';

/** Struct-of-arrays, one entry per image. x, y, z raw camera-frame units; angles in radians. */
export interface LatentColumns {
  x: Float32Array; y: Float32Array; z: Float32Array;
  rxy: Float32Array; ryz: Float32Array; rzx: Float32Array;
  /** global labels: category in [0, 117), identity in [0, 548), whatever the variant */
  category: Int32Array; identity: Int32Array; scene: Int32Array;
}

export interface ZStat { mean: number; std: number }

export interface ShardInfo { file: string; count: number; sha256: string }

export interface DatasetMeta {
  format: string;
  variant: string;
  seed: number;
  size: number;
  count: number;
  split: string;
  /** categories / identities present in this variant (117 / 548 for full, N / its identities for tdw-N) */
  numCategories: number;
  numIdentities: number;
  /** names of the present categories / identities, and their global labels (as in latents) */
  categories: string[];
  identities: string[];
  categoryLabels: number[];
  identityLabels: number[];
  /** label space of the heads (always 117 / 548): labels in latents index into it */
  classSpace: { categories: number; identities: number; categoryNames: string[]; identityNames: string[] };
  scenes: string[];
  zscore: { x: ZStat; y: ZStat; z: ZStat };
  shardSize: number;
  shards: ShardInfo[];
  latents: { file: string; sha256: string; columns: string[] };
  sampling: Record<string, unknown>;
  image: { layout: 'NHWC'; dtype: 'uint8'; channels: 3; normalisation: { mean: number[]; std: number[] } };
}

export interface Batch {
  /** float32 NHWC, ImageNet mean/std normalised; the caller disposes it */
  images: tf.Tensor4D;
  latents: LatentColumns;
  indices: Int32Array;
}

export interface Dataset {
  readonly dir: string;
  readonly meta: DatasetMeta;
  readonly length: number;
  /** All latents of the split in file order. */
  readonly latents: LatentColumns;
  /**
   * Batch number `step` of the shuffled stream for `seed`: position g = step*batchSize + j reads image
   * perm(seed, floor(g / length))[g mod length]. Deterministic; lets training resume at any step.
   */
  batchAt(step: number, batchSize: number, seed: number): Batch;
  /** Images [start, start+count) in file order. */
  slice(start: number, count: number): Batch;
  /** All images in order, in batches (bounded memory). */
  batches(batchSize: number): Iterable<Batch>;
  /** Raw uint8 RGB pixels (NHWC) of the given images. */
  raw(indices: ArrayLike<number>): Uint8Array;
  /** Check every shard's sha256 now (throws naming the first bad shard). */
  verify(): void;
  close(): void;
}
