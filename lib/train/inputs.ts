// What the network sees: the dataset's normalised NHWC images, resized (bilinear, half-pixel centres,
// as torchvision's Resize on tensors without antialias) when the run's input size differs.
import * as tf from '@tensorflow/tfjs';
import type { LatentColumns } from '../tasks/index.js';

export function modelInput(images: tf.Tensor4D, size: number): tf.Tensor4D {
  if (images.shape[1] === size && images.shape[2] === size) return images;
  return tf.image.resizeBilinear(images, [size, size], false, true);
}

/** Concatenates latent columns of consecutive batches. */
export function concatLatents(parts: LatentColumns[]): LatentColumns {
  const keys = ['x', 'y', 'z', 'rxy', 'ryz', 'rzx', 'category', 'identity', 'scene'] as const;
  const n = parts.reduce((s, p) => s + p.z.length, 0);
  const out = {} as Record<(typeof keys)[number], Float32Array | Int32Array>;
  for (const k of keys) {
    const a = parts[0] && parts[0][k] instanceof Int32Array ? new Int32Array(n) : new Float32Array(n);
    let o = 0;
    for (const p of parts) { a.set(p[k], o); o += p[k].length; }
    out[k] = a;
  }
  return out as unknown as LatentColumns;
}
