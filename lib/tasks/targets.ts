// Regression and classification targets for a batch, from its latents (Appendix B):
// distance and translation are z-scored with the dataset's stats (meta.zscore); rotation targets are
// sin and cos of each Euler angle in radians, laid out [sin R^xy, cos R^xy, sin R^yz, cos R^yz, sin R^zx, cos R^zx].
import * as tf from '@tensorflow/tfjs';
import type { DatasetMetaLike, LatentColumns } from './data_contract.js';
import { NUM_CATEGORIES, NUM_IDENTITIES, type TaskName, type TaskSet } from './spec.js';

export interface Targets {
  n: number;
  /** z-scored z, [n] */
  distance: Float32Array;
  /** z-scored x, y interleaved, [n, 2] */
  translation: Float32Array;
  /** [n, 6] */
  rotation: Float32Array;
  category: Int32Array;
  identity: Int32Array;
}

export const ANGLES = ['rxy', 'ryz', 'rzx'] as const;

function zscore(v: Float32Array, s: { mean: number; std: number }, field: string): Float32Array {
  if (!(s.std > 0)) throw new Error(`meta.zscore.${field}.std must be > 0, got ${s.std}`);
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = (v[i]! - s.mean) / s.std;
  return out;
}

function checkLabels(a: Int32Array, classes: number, field: string): void {
  for (let i = 0; i < a.length; i++) {
    if (!(a[i]! >= 0 && a[i]! < classes)) throw new Error(`latents.${field}[${i}] = ${a[i]}: expected a class index in [0, ${classes})`);
  }
}

export function targetsFrom(latents: LatentColumns, meta: Pick<DatasetMetaLike, 'zscore'>): Targets {
  const n = latents.z.length;
  const x = zscore(latents.x, meta.zscore.x, 'x');
  const y = zscore(latents.y, meta.zscore.y, 'y');
  const translation = new Float32Array(2 * n);
  const rotation = new Float32Array(6 * n);
  for (let i = 0; i < n; i++) {
    translation[2 * i] = x[i]!;
    translation[2 * i + 1] = y[i]!;
    ANGLES.forEach((a, k) => {
      rotation[6 * i + 2 * k] = Math.sin(latents[a][i]!);
      rotation[6 * i + 2 * k + 1] = Math.cos(latents[a][i]!);
    });
  }
  checkLabels(latents.category, NUM_CATEGORIES, 'category');
  checkLabels(latents.identity, NUM_IDENTITIES, 'identity');
  return { n, distance: zscore(latents.z, meta.zscore.z, 'z'), translation, rotation, category: latents.category, identity: latents.identity };
}

export type TargetTensors = Partial<Record<TaskName, tf.Tensor>>;

/** Tensors for the tasks in `set` only (caller disposes). Regression targets are [n, units]; labels int32 [n]. */
export function targetTensors(t: Targets, set: TaskSet): TargetTensors {
  const out: TargetTensors = {};
  for (const task of set.tasks) {
    switch (task) {
      case 'distance': out.distance = tf.tensor2d(t.distance, [t.n, 1]); break;
      case 'translation': out.translation = tf.tensor2d(t.translation, [t.n, 2]); break;
      case 'rotation': out.rotation = tf.tensor2d(t.rotation, [t.n, 6]); break;
      case 'category': out.category = tf.tensor1d(t.category, 'int32'); break;
      case 'identity': out.identity = tf.tensor1d(t.identity, 'int32'); break;
    }
  }
  return out;
}
