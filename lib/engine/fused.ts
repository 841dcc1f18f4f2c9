// Fused training ops that any backend can run: one torch kernel each when the active backend has
// it, else the same maths from standard tfjs ops. Callers (lib/models, lib/train) stay
// backend-agnostic; the detection is tf.getKernel(name, tf.getBackend()).
import * as tf from '@tensorflow/tfjs';
import { ADAM_ALL_KERNEL, ADAM_FLAT_KERNEL, ADAM_KERNEL, BN_FOLD_ALL_KERNEL, BN_TRAIN_GRAD_KERNEL, BN_TRAIN_KERNEL, CONV_BN_TRAIN_GRAD_KERNEL, CONV_BN_TRAIN_KERNEL } from './fused_kernels.js';

const has = (kernel: string) => tf.getKernel(kernel, tf.getBackend()) != null;

export interface BatchNormTrainResult {
  y: tf.Tensor4D;
  /** Batch mean and biased variance per channel (kept: the caller disposes them). */
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

/**
 * nn.BatchNorm2d in training mode over NHWC x: y = (x - mean) / sqrt(var + eps) * gamma + beta with
 * the batch mean and biased variance, and the closed-form backward (Ioffe & Szegedy 2015, through the
 * batch statistics; PyTorch's native_batch_norm_backward): with xhat = (x - mean) * invstd over
 * n = N*H*W values per channel,
 *   dbeta = sum(dy);  dgamma = sum(dy * xhat);  dx = gamma * invstd / n * (n dy - dbeta - xhat * dgamma)
 * On torch: one ATen kernel each way (two passes over x). Elsewhere: the same maths from tfjs ops,
 * with channel vectors broadcast rather than tiled (the stock gradient through tf.moments was the
 * largest cost of a small-model training step).
 */
export function batchNormTrain(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): BatchNormTrainResult {
  if (has(BN_TRAIN_KERNEL)) return batchNormTrainTorch(x, gamma, beta, eps);
  const [n, h, w] = x.shape;
  const count = n * h * w;
  let mean: tf.Tensor1D | undefined;
  let variance: tf.Tensor1D | undefined;
  const f = tf.customGrad(((xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    mean = tf.keep(tf.mean(xs, [0, 1, 2])) as tf.Tensor1D;
    const xc = tf.sub(xs, mean);
    variance = tf.keep(tf.mean(tf.square(xc), [0, 1, 2])) as tf.Tensor1D;
    const rstd = tf.rsqrt(tf.add(variance, eps));
    const xhat = tf.mul(xc, rstd);
    save([xhat, rstd, g]);
    return {
      value: tf.add(tf.mul(xhat, g), b),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const d = dy as tf.Tensor;
        const [sxhat, srstd, sg] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const dbeta = tf.sum(d, [0, 1, 2]);
        const dgamma = tf.sum(tf.mul(d, sxhat), [0, 1, 2]);
        const inner = tf.sub(tf.sub(tf.mul(d, count), dbeta), tf.mul(sxhat, dgamma));
        const dx = tf.mul(inner, tf.div(tf.mul(sg, srstd), count));
        return [dx, dgamma, dbeta];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  const y = f(x, gamma, beta) as tf.Tensor4D;
  return { y, mean: mean!, variance: variance! };
}

function batchNormTrainTorch(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): BatchNormTrainResult {
  let mean: tf.Tensor1D | undefined;
  let variance: tf.Tensor1D | undefined;
  const f = tf.customGrad(((xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const [y, m, v] = tf.engine().runKernel(BN_TRAIN_KERNEL, { x: xx, gamma: g, beta: b }, { eps }) as tf.Tensor[];
    mean = tf.keep(m!) as tf.Tensor1D;
    variance = tf.keep(v!) as tf.Tensor1D;
    save([xx, g, mean, variance]);
    return {
      value: y!,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [sx, sg, sm, sv] = saved;
        return tf.engine().runKernel(BN_TRAIN_GRAD_KERNEL, { dy: dy as tf.Tensor, x: sx!, gamma: sg!, mean: sm!, variance: sv! }, { eps }) as tf.Tensor[];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  const y = f(x, gamma, beta) as tf.Tensor4D;
  return { y, mean: mean!, variance: variance! };
}

export interface ConvBnOptions {
  /** Square stride and symmetric zero padding of the convolution (torch's nn.Conv2d, no bias). */
  stride: number;
  pad: number;
  eps: number;
  /** ReLU after the batch norm. */
  relu: boolean;
  /** False when x needs no gradient (the network's input): its gradient is then zeros, on every backend. */
  inputGrad?: boolean;
}

/**
 * conv (NHWC x, filter [kh, kw, in, out]) -> training-mode batch norm -> optional ReLU: the unit every
 * ResNet layer is made of. One torch kernel each way where the backend has them; elsewhere tf.conv2d,
 * batchNormTrain and tf.relu, exactly as before. Returns the output and the batch statistics (kept:
 * the caller disposes mean and variance).
 */
export function convBnTrain(x: tf.Tensor4D, filter: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, o: ConvBnOptions): BatchNormTrainResult {
  if (!has(CONV_BN_TRAIN_KERNEL)) {
    const input = o.inputGrad === false ? withoutGradient(x) : x;
    const r = batchNormTrain(tf.conv2d(input, filter, o.stride, o.pad === 0 ? 'valid' : o.pad), gamma, beta, o.eps);
    return o.relu ? { ...r, y: tf.relu(r.y) as tf.Tensor4D } : r;
  }
  const attrs = { stride: o.stride, pad: o.pad, eps: o.eps, relu: o.relu, inputGrad: o.inputGrad ?? true };
  let mean: tf.Tensor1D | undefined;
  let variance: tf.Tensor1D | undefined;
  const f = tf.customGrad(((xx: tf.Tensor, w: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const [y, conv, m, v] = tf.engine().runKernel(CONV_BN_TRAIN_KERNEL, { x: xx, filter: w, gamma: g, beta: b }, attrs) as tf.Tensor[];
    mean = tf.keep(m!) as tf.Tensor1D;
    variance = tf.keep(v!) as tf.Tensor1D;
    save([xx, w, conv!, y!, g, mean, variance]);
    return {
      value: y!,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [sx, sw, sconv, sy, sg, sm, sv] = saved;
        return tf.engine().runKernel(CONV_BN_TRAIN_GRAD_KERNEL,
          { dy: dy as tf.Tensor, x: sx!, filter: sw!, conv: sconv!, y: sy!, gamma: sg!, mean: sm!, variance: sv! }, attrs) as tf.Tensor[];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  const y = f(x, filter, gamma, beta) as tf.Tensor4D;
  return { y, mean: mean!, variance: variance! };
}

/** x unchanged, with a zero gradient (so tfjs computes none through the convolution). */
const withoutGradient = tf.customGrad(((t: tf.Tensor) => ({ value: tf.clone(t), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) })) as unknown as Parameters<typeof tf.customGrad>[0]) as (t: tf.Tensor4D) => tf.Tensor4D;

/** One layer's batch statistics for foldBatchStatsAll. */
export interface BatchStatsToFold {
  runningMean: tf.Tensor1D; runningVar: tf.Tensor1D; mean: tf.Tensor1D; variance: tf.Tensor1D;
  /** Values per channel (N*H*W) for the unbiased correction n/(n-1). */
  count: number;
}

/**
 * torch's running-statistics update for many batch-norm layers: running = (1 - momentum) running +
 * momentum * batch, the batch variance made unbiased (times n/(n-1)). One kernel on torch, else the
 * same ops per layer. Returns the new [means, vars] (new tensors; the caller assigns them).
 */
export function foldBatchStatsAll(layers: BatchStatsToFold[], momentum: number): [tf.Tensor1D[], tf.Tensor1D[]] {
  const unbias = layers.map((l) => (l.count > 1 ? l.count / (l.count - 1) : 1));
  if (layers.length > 0 && has(BN_FOLD_ALL_KERNEL)) {
    const inputs: tf.NamedTensorMap = {};
    layers.forEach((l, i) => Object.assign(inputs, { [`rm${i}`]: l.runningMean, [`rv${i}`]: l.runningVar, [`bm${i}`]: l.mean, [`bv${i}`]: l.variance }));
    const out = tf.engine().runKernel(BN_FOLD_ALL_KERNEL, inputs, { n: layers.length, momentum, unbias } as unknown as tf.NamedAttrMap) as tf.Tensor1D[];
    return [out.slice(0, layers.length), out.slice(layers.length)];
  }
  const r = layers.map((l, i) => tf.tidy(() => [
    tf.add(tf.mul(l.runningMean, 1 - momentum), tf.mul(l.mean, momentum)) as tf.Tensor1D,
    tf.add(tf.mul(l.runningVar, 1 - momentum), tf.mul(l.variance, momentum * unbias[i]!)) as tf.Tensor1D,
  ]));
  return [r.map((p) => p[0]!), r.map((p) => p[1]!)];
}

export interface AdamHyper {
  beta1: number;
  beta2: number;
  eps: number;
  /** lr / (1 - beta1^t) */
  stepSize: number;
  /** 1 / sqrt(1 - beta2^t) */
  invSqrtBc2: number;
}

/** Whether the active backend runs adamUpdateAll as one kernel. */
export function hasFusedAdam(): boolean {
  return has(ADAM_ALL_KERNEL);
}

/**
 * One torch.optim.Adam update (no weight decay): returns [param', m', v'] (new tensors):
 *   m' = b1 m + (1 - b1) g;  v' = b2 v + (1 - b2) g^2;  p' = p - stepSize * m' / (sqrt(v') * invSqrtBc2 + eps)
 */
export function adamUpdate(param: tf.Tensor, m: tf.Tensor, v: tf.Tensor, grad: tf.Tensor, h: AdamHyper): [tf.Tensor, tf.Tensor, tf.Tensor] {
  if (has(ADAM_KERNEL)) {
    return tf.engine().runKernel(ADAM_KERNEL, { param, m, v, grad }, { ...h }) as [tf.Tensor, tf.Tensor, tf.Tensor];
  }
  return tf.tidy(() => {
    const m2 = tf.add(tf.mul(m, h.beta1), tf.mul(grad, 1 - h.beta1));
    const v2 = tf.add(tf.mul(v, h.beta2), tf.mul(tf.square(grad), 1 - h.beta2));
    const denom = tf.add(tf.mul(tf.sqrt(v2), h.invSqrtBc2), h.eps);
    return [tf.sub(param, tf.mul(tf.div(m2, denom), h.stepSize)), m2, v2] as [tf.Tensor, tf.Tensor, tf.Tensor];
  });
}

/**
 * adamUpdate for many parameters at once: one kernel on torch (multi-tensor ATen ops), else one
 * update per parameter. Returns the new [params, m, v] lists (new tensors).
 */
export function adamUpdateAll(params: tf.Tensor[], m: tf.Tensor[], v: tf.Tensor[], grads: tf.Tensor[], h: AdamHyper): [tf.Tensor[], tf.Tensor[], tf.Tensor[]] {
  const n = params.length;
  if (m.length !== n || v.length !== n || grads.length !== n) {
    throw new Error(`adamUpdateAll: ${n} params, ${m.length} m, ${v.length} v, ${grads.length} grads; expected equal counts`);
  }
  if (n > 0 && has(ADAM_ALL_KERNEL)) {
    const inputs: tf.NamedTensorMap = {};
    for (let i = 0; i < n; i++) Object.assign(inputs, { [`p${i}`]: params[i], [`m${i}`]: m[i], [`v${i}`]: v[i], [`g${i}`]: grads[i] });
    const out = tf.engine().runKernel(ADAM_ALL_KERNEL, inputs, { n, ...h }) as tf.Tensor[];
    return [out.slice(0, n), out.slice(n, 2 * n), out.slice(2 * n)];
  }
  const r = params.map((p, i) => adamUpdate(p, m[i]!, v[i]!, grads[i]!, h));
  return [r.map((x) => x[0]), r.map((x) => x[1]), r.map((x) => x[2])];
}

/**
 * Models with at most this many parameter values keep their Adam moments as two flat vectors where the
 * backend has adamUpdateFlat as one kernel (torch): a small model's update is then a handful of native calls.
 * Larger models keep per-parameter moments (adamUpdateAll): flattening their parameters and gradients each
 * step costs more than the calls it saves (ResNet-18 width 1 on CPU: 432 -> 487 ms a step).
 */
export const FLAT_ADAM_MAX = 1 << 20;

/** Whether the active backend runs adamUpdateFlat as one kernel. */
export function hasFlatAdam(): boolean {
  return has(ADAM_FLAT_KERNEL);
}

/**
 * adamUpdate for many parameters whose moments `m` and `v` are flat vectors (the parameters' values in order,
 * each flattened). Returns the new [params, m, v] (new tensors). One kernel on torch, else tfjs ops.
 */
export function adamUpdateFlat(params: tf.Tensor[], grads: tf.Tensor[], m: tf.Tensor1D, v: tf.Tensor1D, h: AdamHyper): [tf.Tensor[], tf.Tensor1D, tf.Tensor1D] {
  const n = params.length;
  const total = params.reduce((a, p) => a + p.size, 0);
  if (grads.length !== n || m.size !== total || v.size !== total) {
    throw new Error(`adamUpdateFlat: ${n} params of ${total} values, ${grads.length} grads, moments of ${m.size} and ${v.size} values; expected equal counts`);
  }
  if (n > 0 && has(ADAM_FLAT_KERNEL)) {
    const inputs: tf.NamedTensorMap = { m, v };
    for (let i = 0; i < n; i++) { inputs[`p${i}`] = params[i]!; inputs[`g${i}`] = grads[i]!; }
    const out = tf.engine().runKernel(ADAM_FLAT_KERNEL, inputs, { n, ...h }) as tf.Tensor[];
    return [out.slice(0, n), out[n] as tf.Tensor1D, out[n + 1] as tf.Tensor1D];
  }
  return tf.tidy(() => {
    const flat = (l: tf.Tensor[]) => tf.concat(l.map((t) => t.reshape([-1])));
    const [p, m2, v2] = adamUpdate(flat(params), m, v, flat(grads), h);
    const parts = tf.split(p, params.map((t) => t.size));
    return [parts.map((t, i) => t.reshape(params[i]!.shape)), m2 as tf.Tensor1D, v2 as tf.Tensor1D];
  });
}
