// Arbitrary stimuli for `extract --images X.npy`: a float32 [n, H, W, 3] array of model inputs,
// used as is (no normalisation, no resizing), served through the dataset interface extraction reads.
// Its latents are unknown: NaN for the continuous ones, -1 for the labels.
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeNpy } from '../npy.js';
import type { BatchLike, DatasetLike, DatasetMetaLike, LatentColumns } from '../tasks/index.js';

export function openImageArray(file: string): DatasetLike {
  let buf: Buffer;
  try { buf = readFileSync(file); } catch (err) { throw new Error(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`); }
  const a = decodeNpy(buf, file);
  const [n, h, w, c] = a.shape;
  if (a.dtype !== '<f4' || a.shape.length !== 4 || c !== 3) {
    throw new Error(`${file}: expected float32 [n, H, W, 3] model inputs (NHWC), got ${a.dtype} [${a.shape.join(', ')}]`);
  }
  if (h !== w) throw new Error(`${file}: images are ${h}x${w}; square inputs expected (the layers' shapes are probed at one side length)`);
  const data = a.data as Float32Array;
  const per = h! * w! * 3;
  const meta: DatasetMetaLike = {
    variant: 'images', seed: 0, size: h!, count: n!, split: 'images', numCategories: 0, numIdentities: 0,
    zscore: { x: { mean: 0, std: 1 }, y: { mean: 0, std: 1 }, z: { mean: 0, std: 1 } },
    shards: [{ file: resolve(file), count: n!, sha256: createHash('sha256').update(buf).digest('hex') }],
  };
  const slice = (start: number, count: number): BatchLike => {
    const k = Math.max(0, Math.min(count, n! - start));
    return {
      images: tf.tensor4d(data.subarray(start * per, (start + k) * per), [k, h!, w!, 3]),
      latents: unknownLatents(k),
      indices: Int32Array.from({ length: k }, (_, i) => start + i),
    };
  };
  return {
    dir: file, meta, length: n!, slice,
    batchAt() { throw new Error(`${file}: an image array has no latents to train on`); },
  };
}

function unknownLatents(n: number): LatentColumns {
  const f = () => new Float32Array(n).fill(Number.NaN);
  const l = () => new Int32Array(n).fill(-1);
  return { x: f(), y: f(), z: f(), rxy: f(), ryz: f(), rzx: f(), category: l(), identity: l(), scene: l() };
}
