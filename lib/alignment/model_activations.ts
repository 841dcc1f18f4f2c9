// Activations of a whatwhere ResNet for benchmark stimuli, one layer at a time (a layer's n x d
// matrix is the unit the metric needs; holding one layer bounds memory). Features are flattened
// NHWC; PLS and PCA results do not depend on the order of features.
import * as tf from '@tensorflow/tfjs';
import { forward, type ResNet } from '../models/index.js';
import type { ActivationSource, Activations } from './layer_selection.js';

/** The paper's candidate layers (Appendix C): every tap except the max-pool. */
export function candidateLayers(model: ResNet): string[] {
  return model.arch.layerNames.filter((l) => l !== 'maxpool');
}

export function resnetActivations(model: ResNet, images: Float32Array, n: number, size: number,
  opts: { batch?: number; onBatch?: (layer: string, done: number, total: number) => void } = {}): ActivationSource {
  const batch = opts.batch ?? 32;
  const per = size * size * 3;
  if (images.length !== n * per) throw new Error(`activations: ${images.length} image values are not ${n} x ${size} x ${size} x 3`);
  return async (layer: string): Promise<Activations> => {
    let out: Float32Array | null = null;
    let features = 0;
    for (let b0 = 0; b0 < n; b0 += batch) {
      const b1 = Math.min(n, b0 + batch);
      const flat = tf.tidy(() => {
        const x = tf.tensor4d(images.subarray(b0 * per, b1 * per), [b1 - b0, size, size, 3]);
        const t = forward(model, x, { taps: [layer], tapsOnly: true }).taps[layer];
        return t.reshape([b1 - b0, -1]);
      });
      const vals = (await flat.data()) as Float32Array;
      features = flat.shape[1] as number;
      flat.dispose();
      if (!out) out = new Float32Array(n * features);
      out.set(vals, b0 * features);
      opts.onBatch?.(layer, b1, n);
    }
    return { data: out ?? new Float32Array(0), features };
  };
}
