// The few network ops a ResNet needs, with PyTorch's semantics, from standard tfjs ops (so every
// backend runs them unchanged) plus lib/engine's fused training ops, which fall back to tfjs ops
// on backends without their kernels. Tensors are NHWC.
import * as tf from '@tensorflow/tfjs';
import { convBnTrain } from '../engine/fused.js';

/** nn.Conv2d(bias=False) with symmetric zero padding `pad` (torch style, not TF 'same'). */
export function conv2d(x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: number): tf.Tensor4D {
  return tf.conv2d(x, w, stride, pad === 0 ? 'valid' : pad);
}

/** nn.MaxPool2d(3, 2, 1): -inf padding and floor rounding, like torch. */
export function maxPool3x3s2(x: tf.Tensor4D): tf.Tensor4D {
  return tf.maxPool(x, 3, 2, 1);
}

export const BN_EPS = 1e-5;
export const BN_MOMENTUM = 0.1;

/** Batch statistics of one BatchNorm call in training mode, to fold into the running estimates. */
export interface BnBatchStats {
  name: string;
  mean: tf.Tensor1D;
  /** Biased (population) variance, as used for normalisation. */
  variance: tf.Tensor1D;
  /** Values per channel (N*H*W) for the unbiased correction n/(n-1). */
  count: number;
}

export interface BnParams {
  weight: tf.Tensor1D; bias: tf.Tensor1D; runningMean: tf.Tensor1D; runningVar: tf.Tensor1D;
}

/** nn.BatchNorm2d in eval mode: normalise with the running estimates. (Training mode: convBn.) */
function batchNormEval(x: tf.Tensor4D, p: BnParams): tf.Tensor4D {
  return tf.batchNorm4d(x, p.runningMean, p.runningVar, p.bias, p.weight, BN_EPS);
}

/**
 * conv (no bias) -> BatchNorm -> optional ReLU. Training: batch statistics, handed to `collect`, through
 * lib/engine's fused unit (one kernel each way on torch); `inputGrad` false when x is the network's
 * input. Eval: the running estimates, op by op.
 */
export function convBn(x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: number, p: BnParams, relu: boolean,
  training: boolean, name: string, collect?: BnBatchStats[], inputGrad = true): tf.Tensor4D {
  if (!training) {
    const y = batchNormEval(conv2d(x, w, stride, pad), p);
    return relu ? tf.relu(y) as tf.Tensor4D : y;
  }
  const r = convBnTrain(x, w, p.weight, p.bias, { stride, pad, eps: BN_EPS, relu, inputGrad });
  const [n, h, wd] = r.y.shape;
  if (collect) collect.push({ name, mean: r.mean, variance: r.variance, count: n * h * wd });
  else tf.dispose([r.mean, r.variance]);
  return r.y;
}

/** AdaptiveAvgPool2d(1) + flatten: [N, H, W, C] -> [N, C]. */
export function globalAvgPool(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2]) as tf.Tensor2D;
}

/** nn.Linear with the weight stored [in, out]. */
export function linear(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return tf.add(tf.matMul(x, w), b) as tf.Tensor2D;
}
