// Activations of paper layers for a dataset's images, in batches (bounded memory), flattened per image
// in NHWC order (h, w, c) - a fixed column permutation of torch's (c, h, w) flatten, which CKA and
// the decoders do not see. The model runs in eval mode (BN running statistics), as for analysis.
import * as tf from '@tensorflow/tfjs';
import { forward, type ResNet } from '../models/index.js';
import type { DatasetLike, LatentColumns } from '../tasks/index.js';
import { concatLatents, modelInput } from '../train/inputs.js';
import { loadRun } from '../train/load.js';
import { disposeResNet } from '../models/index.js';

export interface ActivationOptions {
  layers: readonly string[];
  /** Images [start, start + n) in file order (clipped to the dataset). */
  n: number;
  start?: number;
  batch?: number;
  /** Model input side in pixels (images are resized when the dataset's differ). */
  size: number;
}

export interface ActivationBatch {
  /** Row offset of this batch within the extraction. */
  offset: number;
  count: number;
  /** Per layer: [count, features] row-major. */
  values: Record<string, Float32Array>;
  latents: LatentColumns;
  indices: Int32Array;
}

/** Per-image shape of each layer (NHWC without N) for `opts.size`-pixel inputs, from a 1-image probe. */
export function layerShapes(model: ResNet, layers: readonly string[], size: number): Record<string, number[]> {
  return tf.tidy(() => {
    const r = forward(model, tf.zeros([1, size, size, 3]) as tf.Tensor4D, { taps: layers, tapsOnly: !layers.includes('fc') });
    return Object.fromEntries(layers.map((l) => [l, r.taps[l]!.shape.slice(1)]));
  });
}

/** Streams activations batch by batch to `sink`; returns the number of images processed. */
export function forEachActivationBatch(model: ResNet, data: DatasetLike, opts: ActivationOptions, sink: (b: ActivationBatch) => void): number {
  const start = opts.start ?? 0;
  const n = Math.max(0, Math.min(opts.n, data.length - start));
  const batch = opts.batch ?? 64;
  const tapsOnly = !opts.layers.includes('fc');
  for (let off = 0; off < n; off += batch) {
    const count = Math.min(batch, n - off);
    const b = data.slice(start + off, count);
    let values: Record<string, Float32Array>;
    try {
      values = tf.tidy(() => {
        const r = forward(model, modelInput(b.images, opts.size), { taps: opts.layers, tapsOnly });
        return Object.fromEntries(opts.layers.map((l) => [l, r.taps[l]!.dataSync() as Float32Array]));
      });
    } finally {
      b.images.dispose();
    }
    sink({ offset: off, count, values, latents: b.latents, indices: b.indices });
  }
  return n;
}

export interface Activations {
  n: number;
  /** Per layer: per-image shape and [n, features] values. */
  layers: Record<string, { shape: number[]; features: number; values: Float32Array }>;
  latents: LatentColumns;
  indices: Int32Array;
}

/** The same in memory (for notebooks): every requested layer as an [n, features] float32 matrix. */
export function extractActivations(model: ResNet, data: DatasetLike, opts: ActivationOptions): Activations {
  const shapes = layerShapes(model, opts.layers, opts.size);
  const n = Math.max(0, Math.min(opts.n, data.length - (opts.start ?? 0)));
  const layers: Activations['layers'] = {};
  for (const l of opts.layers) {
    const features = shapes[l]!.reduce((a, b) => a * b, 1);
    layers[l] = { shape: shapes[l]!, features, values: new Float32Array(n * features) };
  }
  const lat: LatentColumns[] = [];
  const idx = new Int32Array(n);
  forEachActivationBatch(model, data, opts, (b) => {
    for (const l of opts.layers) layers[l]!.values.set(b.values[l]!, b.offset * layers[l]!.features);
    lat.push(b.latents);
    idx.set(b.indices, b.offset);
  });
  return { n, layers, latents: concatLatents(lat), indices: idx };
}

/** Notebook shortcut: a finished run's activations on `data` at the run's input size (model freed after). */
export function runActivations(runDir: string, data: DatasetLike, opts: Omit<ActivationOptions, 'size'> & { size?: number }): Activations {
  const { config, model } = loadRun(runDir);
  try {
    return extractActivations(model, data, { ...opts, size: opts.size ?? config.size });
  } finally {
    disposeResNet(model);
  }
}
