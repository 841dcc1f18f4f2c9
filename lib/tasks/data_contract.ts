// The parts of the lib/data contract that tasks and training read. LatentColumns is lib/data's own;
// the dataset and meta types are the subsets used here, so a wrapped or filtered Dataset (tests,
// notebooks) only has to provide these members. lib/data's Dataset satisfies DatasetLike.
import type * as tf from '@tensorflow/tfjs';
import type { DatasetMeta, LatentColumns } from '../data/types.js';

export type { LatentColumns } from '../data/types.js';

export type DatasetMetaLike = Pick<DatasetMeta, 'variant' | 'seed' | 'size' | 'count' | 'split' | 'numCategories' | 'numIdentities' | 'zscore' | 'shards'>;

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
