// Fused training ops that any backend can run: one torch kernel each when the active backend has
// it, else the same maths from standard tfjs ops. Callers (lib/models, lib/train) stay
// backend-agnostic; the detection is tf.getKernel(name, tf.getBackend()).
import * as tf from '@tensorflow/tfjs';
import { BN_TRAIN_GRAD_KERNEL, BN_TRAIN_KERNEL } from './kernels/batchnorm.js';
import { ADAM_KERNEL } from './kernels/optim.js';

const has = (kernel: string) => tf.getKernel(kernel, tf.getBackend()) != null;

export interface BatchNormTrainResult {
  y: tf.Tensor4D;
  /** Batch mean and biased variance per channel (kept: the caller disposes them). */
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

/**
 * nn.BatchNorm2d in training mode over NHWC x: y = (x - mean) / sqrt(var + eps) * gamma + beta with
 * the batch mean and biased variance, and PyTorch's closed-form backward (native_batch_norm_backward):
 *   dbeta = sum(dy);  dgamma = sum(dy * xhat);  dx = gamma * invstd / N * (N dy - dbeta - xhat * dgamma)
 * which replaces tfjs's gradient through tf.moments (about a dozen full passes) by two or three.
 */
export function batchNormTrain(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): BatchNormTrainResult {
  let mean: tf.Tensor1D | undefined;
  let variance: tf.Tensor1D | undefined;
  const f = tf.customGrad(((xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    let y: tf.Tensor;
    if (has(BN_TRAIN_KERNEL)) {
      const r = tf.engine().runKernel(BN_TRAIN_KERNEL, { x: xx, gamma: g, beta: b }, { eps }) as tf.Tensor[];
      [y, mean, variance] = r as [tf.Tensor, tf.Tensor1D, tf.Tensor1D];
    } else {
      const m = tf.moments(xx, [0, 1, 2]);
      [mean, variance] = [m.mean as tf.Tensor1D, m.variance as tf.Tensor1D];
      y = tf.batchNorm4d(xx as tf.Tensor4D, mean, variance, b as tf.Tensor1D, g as tf.Tensor1D, eps);
    }
    tf.keep(mean!);
    tf.keep(variance!);
    save([xx, g, mean!, variance!]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [sx, sg, sm, sv] = saved;
        if (has(BN_TRAIN_GRAD_KERNEL)) {
          return tf.engine().runKernel(BN_TRAIN_GRAD_KERNEL, { dy: dy as tf.Tensor, x: sx, gamma: sg, mean: sm, variance: sv }, { eps }) as tf.Tensor[];
        }
        return tf.tidy(() => {
          const d = dy as tf.Tensor4D;
          const n = sx.shape[0]! * sx.shape[1]! * sx.shape[2]!;
          const invstd = tf.rsqrt(tf.add(sv, eps));
          const xhat = tf.mul(tf.sub(sx, sm), invstd);
          const dbeta = tf.sum(d, [0, 1, 2]);
          const dgamma = tf.sum(tf.mul(d, xhat), [0, 1, 2]);
          const inner = tf.sub(tf.sub(tf.mul(d, n), dbeta), tf.mul(xhat, dgamma));
          return [tf.mul(inner, tf.div(tf.mul(sg, invstd), n)), dgamma, dbeta];
        });
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  const y = f(x, gamma, beta) as tf.Tensor4D;
  return { y, mean: mean!, variance: variance! };
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
