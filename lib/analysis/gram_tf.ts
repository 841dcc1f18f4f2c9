// Mixed-precision Gram for very large layers: each feature block's product X_b X_b^T runs as one
// tf.matMul (float32 inside the block, on whatever backend lib/engine started: a native one is ~10x
// faster than our JS kernel, wasm is slower), and the blocks are summed in float64. The authors' Gram
// was float32 throughout; this keeps the long sum over features in float64. Opt-in ('mixed' precision):
// the default float64 path is exact to ~1e-15. Call `await initEngine()` before using it.
import * as tf from '@tensorflow/tfjs';
import { type Real } from './linalg.js';

/** Feature block for the float32 products: wide enough for an efficient GEMM, short enough for float32 sums. */
export const MIXED_BLOCK = 1024;

export function gramMixed(X: Real, n: number, d: number,
  opts: { means?: Float64Array; scale?: number; onBlock?: (done: number, total: number) => void } = {}): Float64Array {
  const K = new Float64Array(n * n);
  const scale = opts.scale ?? 1;
  for (let c0 = 0; c0 < d; c0 += MIXED_BLOCK) {
    const c1 = Math.min(d, c0 + MIXED_BLOCK);
    const w = c1 - c0;
    const blk = new Float32Array(n * w);
    for (let i = 0; i < n; i++) {
      const src = i * d + c0;
      for (let t = 0; t < w; t++) blk[i * w + t] = (X[src + t] - (opts.means ? opts.means[c0 + t] : 0)) * scale;
    }
    const prod = tf.tidy(() => {
      const b = tf.tensor2d(blk, [n, w]);
      return tf.matMul(b, b, false, true);
    });
    const vals = prod.dataSync() as Float32Array;
    prod.dispose();
    for (let i = 0; i < n * n; i++) K[i] += vals[i];
    opts.onBlock?.(c1, d);
  }
  // Symmetrise (the float32 GEMM need not return exactly symmetric results).
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (K[i * n + j] + K[j * n + i]);
      K[i * n + j] = v;
      K[j * n + i] = v;
    }
  }
  return K;
}
