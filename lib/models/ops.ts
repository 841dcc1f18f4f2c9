// The few network ops a ResNet needs, with PyTorch's semantics, from standard tfjs ops (so every
// backend runs them unchanged) plus lib/engine's fused training ops, which fall back to tfjs ops
// on backends without their kernels. Tensors are NHWC.
import * as tf from '@tensorflow/tfjs';
import { batchNormTrain as fusedBatchNormTrain, convBnTrain, foldBatchStatsAll } from '../engine/fused.js';

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

/**
 * nn.BatchNorm2d. Training: normalise with the batch mean and biased variance and hand the statistics
 * to `collect` (kept, for the caller to fold in and dispose). Eval: normalise with the running estimates.
 */
export function batchNorm(x: tf.Tensor4D, p: BnParams, training: boolean, name: string,
  collect?: BnBatchStats[]): tf.Tensor4D {
  if (!training) return tf.batchNorm4d(x, p.runningMean, p.runningVar, p.bias, p.weight, BN_EPS);
  return batchNormTrain(x, p.weight, p.bias, name, collect);
}

/** Training-mode batch norm (lib/engine/fused: one ATen kernel each way on torch, tfjs ops elsewhere). */
function batchNormTrain(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, name: string, collect?: BnBatchStats[]): tf.Tensor4D {
  const [n, h, w] = x.shape;
  const r = fusedBatchNormTrain(x, gamma, beta, BN_EPS);
  if (collect) collect.push({ name, mean: r.mean, variance: r.variance, count: n * h * w });
  else tf.dispose([r.mean, r.variance]);
  return r.y;
}

/**
 * torch's running-stat update for every collected layer: running = (1 - momentum) * running +
 * momentum * batch, with the batch variance made unbiased (times n/(n-1)). Returns the new
 * [means, vars] in the order of `stats` (the caller assigns them).
 */
export function foldBatchStats(running: { mean: tf.Tensor1D; variance: tf.Tensor1D }[], stats: BnBatchStats[]): [tf.Tensor1D[], tf.Tensor1D[]] {
  return foldBatchStatsAll(stats.map((s, i) => ({ runningMean: running[i]!.mean, runningVar: running[i]!.variance, mean: s.mean, variance: s.variance, count: s.count })), BN_MOMENTUM);
}

/**
 * conv (no bias) -> BatchNorm -> optional ReLU. Training: batch statistics, handed to `collect`, through
 * lib/engine's fused unit (one kernel each way on torch); `inputGrad` false when x is the network's
 * input. Eval: the running estimates, op by op.
 */
export function convBn(x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: number, p: BnParams, relu: boolean,
  training: boolean, name: string, collect?: BnBatchStats[], inputGrad = true): tf.Tensor4D {
  if (!training) {
    const y = batchNorm(conv2d(x, w, stride, pad), p, false, name);
    return relu ? tf.relu(y) as tf.Tensor4D : y;
  }
  const [n, h, wd] = [x.shape[0], ...outputSize(x, w, stride, pad)];
  const r = convBnTrain(x, w, p.weight, p.bias, { stride, pad, eps: BN_EPS, relu, inputGrad });
  if (collect) collect.push({ name, mean: r.mean, variance: r.variance, count: n * h * wd });
  else tf.dispose([r.mean, r.variance]);
  return r.y;
}

/** Output height and width of a convolution with symmetric padding (floor rounding, like torch). */
function outputSize(x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: number): [number, number] {
  const [, h, wd] = x.shape;
  const [kh, kw] = w.shape;
  return [Math.floor((h + 2 * pad - kh) / stride) + 1, Math.floor((wd + 2 * pad - kw) / stride) + 1];
}

/** AdaptiveAvgPool2d(1) + flatten: [N, H, W, C] -> [N, C]. */
export function globalAvgPool(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2]) as tf.Tensor2D;
}

/** nn.Linear with the weight stored [in, out]. */
export function linear(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return tf.add(tf.matMul(x, w), b) as tf.Tensor2D;
}
