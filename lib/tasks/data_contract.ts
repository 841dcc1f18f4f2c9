// The parts of the lib/data contract (issue 3) that tasks and training read, as structural types.
// lib/data's own Dataset / DatasetMeta / Batch satisfy these; keeping the subset here lets the
// model side compile and be tested independently of the reader's internals.
import type * as tf from '@tensorflow/tfjs';

export interface LatentColumns {
  x: Float32Array; y: Float32Array; z: Float32Array;
  rxy: Float32Array; ryz: Float32Array; rzx: Float32Array;
  category: Int32Array; identity: Int32Array; scene: Int32Array;
}

export interface ZStats { mean: number; std: number }

export interface DatasetMetaLike {
  variant: string; seed: number; size: number; count: number; split: string;
  numCategories: number; numIdentities: number;
  zscore: { x: ZStats; y: ZStats; z: ZStats };
  shards: { file: string; count: number; sha256: string }[];
}

export interface BatchLike {
  images: tf.Tensor4D;
  latents: LatentColumns;
  indices: Int32Array;
}

export interface DatasetLike {
  readonly dir: string;
  readonly meta: DatasetMetaLike;
  readonly length: number;
  batchAt(step: number, batchSize: number, seed: number): BatchLike;
  slice(start: number, count: number): BatchLike;
}
