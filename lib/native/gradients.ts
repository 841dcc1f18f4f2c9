// Gradients that run faster as one torch kernel than as tfjs's composition of elementwise ops.
// tfjs keeps one gradient per kernel name for all backends, so each override delegates to the
// original gradient on every other backend (and for shapes the fused kernel does not cover):
// results on wasm/cpu are unchanged.
//
// Loading another copy of tfjs-core (tfjs-backend-wasm brings one) re-registers the stock
// gradients, so the torch forward kernels call ensureTorchGradients() each time; tfjs looks the
// gradient up after the forward kernel returns, so the override is always the one recorded.
import * as tf from '@tensorflow/tfjs';

export const BATCHNORM_GRAD_KERNEL = 'WhatwhereBatchNormGrad';
export const RELU_GRAD_KERNEL = 'WhatwhereReluGrad';
export const MEAN_GRAD_KERNEL = 'WhatwhereMeanGrad';
export const SQUARE_GRAD_KERNEL = 'WhatwhereSquareGrad';

const ours = new Map<string, tf.GradConfig>();
const originals = new Map<string, tf.GradConfig>();

function batchNormGrad(original: tf.GradConfig): tf.GradConfig {
  return {
    kernelName: 'FusedBatchNorm',
    inputsToSave: original.inputsToSave,
    gradFunc: (dy, saved, attrs) => {
      const [x, mean, variance, scale] = saved as tf.Tensor[];
      const fused = tf.getBackend() === 'torch' && x.rank === 4 && mean.rank === 1 && variance.rank === 1 &&
        (scale == null || scale.rank === 1);
      if (!fused) return original.gradFunc(dy, saved, attrs);
      const inputs: tf.NamedTensorMap = { dy: dy as tf.Tensor, x, mean, variance };
      if (scale != null) inputs.scale = scale;
      const [dx, dMean, dVar, dScale, dOffset] = tf.engine().runKernel(BATCHNORM_GRAD_KERNEL, inputs,
        attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      return { x: () => dx, mean: () => dMean, variance: () => dVar, scale: () => dScale, offset: () => dOffset };
    },
  };
}

/**
 * The gradient of a one-input kernel as one torch kernel `grad` taking {dy, x}: used on torch when
 * `covers(x)`, the original gradient otherwise. `passAttrs`: hand the forward kernel's attrs on.
 */
function unaryGrad(kernelName: string, grad: string, covers: (x: tf.Tensor) => boolean, passAttrs: boolean) {
  return (original: tf.GradConfig): tf.GradConfig => ({
    kernelName,
    inputsToSave: original.inputsToSave,
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as tf.Tensor[];
      if (tf.getBackend() !== 'torch' || !covers(x)) return original.gradFunc(dy, saved, attrs);
      const a = passAttrs ? (attrs as unknown as tf.NamedAttrMap) : {};
      return { x: () => tf.engine().runKernel(grad, { dy: dy as tf.Tensor, x }, a) as tf.Tensor };
    },
  });
}

const any = () => true;
const float32 = (x: tf.Tensor) => x.dtype === 'float32';
// Relu: dy where x > 0, else 0 (ATen's threshold_backward, one pass instead of step, cast and mul).
// Mean: dy / n broadcast to x's shape as a stride-0 view (no ones tensor, no full-size passes).
// Square: 2 * x * dy in one pass.
const reluGrad = unaryGrad('Relu', RELU_GRAD_KERNEL, any, false);
const meanGrad = unaryGrad('Mean', MEAN_GRAD_KERNEL, float32, true);
const squareGrad = unaryGrad('Square', SQUARE_GRAD_KERNEL, float32, false);

const OVERRIDES: [string, (o: tf.GradConfig) => tf.GradConfig][] = [
  ['FusedBatchNorm', batchNormGrad], ['Relu', reluGrad], ['Mean', meanGrad], ['Square', squareGrad],
];

/** (Re-)installs the torch gradient overrides if another tfjs-core copy replaced them. Cheap. */
export function ensureTorchGradients(): void {
  for (const [name, make] of OVERRIDES) {
    const current = tf.getGradient(name);
    if (!current || current === ours.get(name)) continue;
    if (!originals.has(name) || current !== originals.get(name)) originals.set(name, current);
    const mine = make(originals.get(name)!);
    ours.set(name, mine);
    const warn = console.warn;
    console.warn = () => {}; // tfjs warns about every gradient override; this one is intended
    try {
      tf.registerGradient(mine);
    } finally {
      console.warn = warn;
    }
    ours.set(name, tf.getGradient(name)!);
  }
}
