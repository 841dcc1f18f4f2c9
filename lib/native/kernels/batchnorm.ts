// FusedBatchNorm (tf.batchNorm): y = (x - mean) * rsqrt(var + eps) * scale + offset, one pass
// over x as addcmul(shift, x, inv) with the per-channel inv and shift computed first.
import type { KernelConfig } from '@tensorflow/tfjs';
import { BN_TRAIN_GRAD_KERNEL, BN_TRAIN_KERNEL } from '../../engine/fused_kernels.js';
import { torchKernel, type Desc, type Exec } from '../exec.js';
import { BATCHNORM_GRAD_KERNEL, ensureTorchGradients } from '../gradients.js';

export const BATCHNORM_KERNELS: KernelConfig[] = [
  torchKernel('FusedBatchNorm', (x, { x: xi, mean, variance, offset, scale }, { varianceEpsilon }) => {
    ensureTorchGradients();
    let inv = x.run('rsqrt', [x.run('add.Scalar', [x.in(variance), (varianceEpsilon as number) ?? 0.001]).h]);
    if (scale) inv = x.run('mul.Tensor', [inv.h, x.in(scale)]);
    let shift = x.run('neg', [x.run('mul.Tensor', [x.in(mean), inv.h]).h]);
    if (offset) shift = x.run('add.Tensor', [shift.h, x.in(offset)]);
    return x.run('addcmul', [shift.h, x.in(xi), inv.h]);
  }),
];

/**
 * All five gradients of FusedBatchNorm (x, mean, variance, scale, offset) for NHWC x and [C]
 * statistics, from one ATen native_batch_norm_backward (two passes over x) instead of tfjs's
 * dozen elementwise ops. Used by the torch-only gradient in ../gradients.ts.
 *   with inv = rsqrt(var + eps), s = scale (or 1), A = sum(dy), B = sum(dy * (x - mean)):
 *   dx = dy * s * inv;  dOffset = A;  dScale = B * inv;  dMean = -A * s * inv;  dVar = -0.5 * B * s * inv^3
 */
BATCHNORM_KERNELS.push(torchKernel(BATCHNORM_GRAD_KERNEL, (x, { dy, x: xi, mean, variance, scale }, { varianceEpsilon }) => {
  const eps = (varianceEpsilon as number) ?? 0.001;
  const inv = x.run('rsqrt', [x.run('add.Scalar', [x.in(variance), eps]).h]);
  // ATen's eval-mode backward: dx = dy * weight * inv (direct term only), gw = sum(dy * (x - mean)) * inv,
  // gb = sum(dy). mean/inv go in both as "running" statistics (the CPU kernel reads those in eval
  // mode) and as saved ones (the CUDA kernel asserts they are given). A weight is always passed (ones
  // when tf.batchNorm had no scale) so that every backend returns gw.
  const weight = scale ? x.in(scale) : x.run('ones', [[variance.shape[0]!]]).h;
  const [gx, gw, gb] = x.runMany('native_batch_norm_backward', [x.run('permute', [x.in(dy), [0, 3, 1, 2]]).h,
    x.run('permute', [x.in(xi), [0, 3, 1, 2]]).h, weight, x.in(mean), x.in(variance), x.in(mean), inv.h, false, eps,
    [true, true, true]]);
  const dx = x.run('permute', [gx.h, [0, 2, 3, 1]]);
  // gw = B * inv when a weight is given; recover the weight-free pieces per channel (tiny tensors).
  const s = scale ? x.in(scale) : null;
  const dScale = gw;
  const sInv = s ? x.run('mul.Tensor', [s, inv.h]) : inv;
  const dMean = x.run('neg', [x.run('mul.Tensor', [gb.h, sInv.h]).h]);
  const inv2 = x.run('mul.Tensor', [inv.h, inv.h]);
  const sInv2 = s ? x.run('mul.Tensor', [s, inv2.h]) : inv2;
  const dVar = x.run('mul.Scalar', [x.run('mul.Tensor', [gw.h, sInv2.h]).h, -0.5]);
  return [dx, dMean, dVar, dScale, gb];
}));

/**
 * The biased batch variance from ATen's inverse std, invstd^-2 - eps (clamped at 0; exact to float rounding
 * of var + eps, which is all the running statistics need), and back: rsqrt(var + eps).
 */
export function varianceFromInvstd(x: Exec, invstd: Desc, eps: number): Desc {
  return x.run('clamp_min', [x.run('sub.Scalar', [x.run('pow.Tensor_Scalar', [invstd.h, -2]).h, eps]).h, 0]);
}

export function invstdFromVariance(x: Exec, variance: number, eps: number): Desc {
  return x.run('rsqrt', [x.run('add.Scalar', [variance, eps]).h]);
}

/**
 * Training-mode batch norm, forward and backward, for lib/engine/fused.ts (PyTorch's BatchNorm2d
 * in train mode): ATen's native_batch_norm and native_batch_norm_backward on the channels_last
 * view, two passes each. (var_mean over N, H, W of NHWC data was 5x slower than this.)
 */

BATCHNORM_KERNELS.push(
  torchKernel(BN_TRAIN_KERNEL, (x, { x: xi, gamma, beta }, { eps }) => {
    // ATen's channels-last batch norm: statistics and normalisation in two passes. It returns the
    // inverse std; the biased variance is recovered per channel as invstd^-2 - eps (clamped at 0;
    // exact to float rounding of var + eps, which is all the running statistics need).
    const [y, mean, invstd] = x.runMany('native_batch_norm', [x.run('permute', [x.in(xi), [0, 3, 1, 2]]).h, x.in(gamma), x.in(beta),
      null, null, true, 0.0, eps as number]);
    return [x.run('permute', [y.h, [0, 2, 3, 1]]), mean, varianceFromInvstd(x, invstd, eps as number)];
  }),
  torchKernel(BN_TRAIN_GRAD_KERNEL, (x, { dy, x: xi, gamma, mean, variance }, { eps }) => {
    const invstd = invstdFromVariance(x, x.in(variance), eps as number);
    const [gx, gg, gb] = x.runMany('native_batch_norm_backward', [x.run('permute', [x.in(dy), [0, 3, 1, 2]]).h,
      x.run('permute', [x.in(xi), [0, 3, 1, 2]]).h, x.in(gamma), null, null, x.in(mean), invstd.h, true, eps as number,
      [true, true, true]]);
    return [x.run('permute', [gx.h, [0, 2, 3, 1]]), gg, gb];
  }),
);
