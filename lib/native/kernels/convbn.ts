// The training-mode unit of every ResNet layer, conv -> BatchNorm (batch statistics) -> optional ReLU,
// as one torch kernel each way for lib/engine/fused.ts, instead of three forward and four backward
// kernels (conv, batch norm, relu; relu grad, batch-norm grad, conv input grad, conv filter grad) with
// their layout views and temporaries. The ATen ops are the ones those kernels run, so values are the
// same; the two convolution gradients come from one convolution_backward call, as in PyTorch.
import type { KernelConfig } from '@tensorflow/tfjs';
import { BN_FOLD_ALL_KERNEL, CONV_BN_TRAIN_GRAD_KERNEL, CONV_BN_TRAIN_KERNEL } from '../../engine/fused_kernels.js';
import { torchKernel, type Desc } from '../exec.js';
import { invstdFromVariance, varianceFromInvstd } from './batchnorm.js';
import { atenArgs, convGeometry, filterFromWeight, inputNCHW, weight } from './conv.js';
import { flattenFresh, h, inputList, toNCHW, toNHWC } from './util.js';

/** tfjs conv attrs for a square stride and a symmetric integer padding (what the unit takes). */
const convAttrs = (stride: number, pad: number) => ({ strides: [stride, stride], pad: pad === 0 ? 'valid' : pad, dilations: [1, 1], dataFormat: 'NHWC' });

export const CONV_BN_KERNELS: KernelConfig[] = [
  /**
   * Inputs {x, filter, gamma, beta}; attrs {stride, pad, eps, relu}. Outputs [y, conv, mean, variance]:
   * the unit's output, the convolution's output (kept for the backward pass), and the batch mean and
   * biased variance (batchnorm.ts's varianceFromInvstd, as in WhatwhereBatchNormTrain).
   */
  torchKernel(CONV_BN_TRAIN_KERNEL, (x, { x: xi, filter, gamma, beta }, attrs) => {
    const { stride, pad, eps, relu } = attrs as unknown as { stride: number; pad: number; eps: number; relu: boolean };
    const g = convGeometry(xi.shape, filter.shape, convAttrs(stride, pad), false);
    const [s, p, d] = atenArgs(g);
    const c = x.run('convolution', [h(inputNCHW(x, g, x.in(xi))), weight(x, x.in(filter), filter.shape, false).h, null, s, p, d, false, [0, 0], 1]);
    const [z, mean, invstd] = x.runMany('native_batch_norm', [c.h, x.in(gamma), x.in(beta), null, null, true, 0.0, eps]);
    const y = relu ? x.run('relu', [z.h]) : z;
    return [toNHWC(x, y), toNHWC(x, c), mean, varianceFromInvstd(x, invstd, eps)];
  }),
  /**
   * Inputs {dy, x, filter, conv, y, gamma, mean, variance}; attrs {stride, pad, eps, relu, inputGrad}.
   * Outputs [dx, dfilter, dgamma, dbeta]; dx is zeros when inputGrad is false (the network's input).
   */
  torchKernel(CONV_BN_TRAIN_GRAD_KERNEL, (x, { dy, x: xi, filter, conv, y, gamma, mean, variance }, attrs) => {
    const { stride, pad, eps, relu, inputGrad } = attrs as unknown as { stride: number; pad: number; eps: number; relu: boolean; inputGrad: boolean };
    const g = convGeometry(xi.shape, filter.shape, convAttrs(stride, pad), false);
    const [s, p, d] = atenArgs(g);
    const dyN = toNCHW(x, x.in(dy));
    const dz = relu ? x.run('threshold_backward', [dyN.h, toNCHW(x, x.in(y)).h, 0]) : dyN;
    const invstd = invstdFromVariance(x, x.in(variance), eps);
    const [dc, dgamma, dbeta] = x.runMany('native_batch_norm_backward', [dz.h, toNCHW(x, x.in(conv)).h, x.in(gamma), null, null,
      x.in(mean), invstd.h, true, eps, [true, true, true]]);
    const [gx, gw] = x.runMany('convolution_backward', [dc!.h, h(inputNCHW(x, g, x.in(xi))), weight(x, x.in(filter), filter.shape, false).h, null,
      s, p, d, false, [0, 0], 1, [inputGrad, true, false]]);
    const dx: Desc = inputGrad ? toNHWC(x, gx!) : x.run('zeros_like', [x.in(xi)]);
    return [dx, filterFromWeight(x, gw!, filter.shape, false), dgamma!, dbeta!];
  }),
  /**
   * torch's running-statistics update for every batch-norm layer at once:
   *   mean' = (1 - momentum) mean + momentum * batchMean;  var' = (1 - momentum) var + momentum * n/(n-1) * batchVar
   * Each statistic of all layers is flattened into one fresh vector (a few thousand values), the update runs
   * in place on those, and the results come back as views per layer: 13 ATen calls instead of ~160 small
   * ones. The per-layer factor momentum * n/(n-1) is a float32 vector, the value ATen's scalar path uses.
   * Inputs rm0.., rv0.., bm0.., bv0..; attrs {n, momentum, unbias: number[]}; outputs [mean'..., var'...].
   */
  torchKernel(BN_FOLD_ALL_KERNEL, (x, inputs, { n, momentum, unbias }) => {
    const mom = momentum as number;
    const [RM, RV, BM, BV] = ['rm', 'rv', 'bm', 'bv'].map((k) => inputList(x, inputs, k, n as number)) as [number[], number[], number[], number[]];
    const [rm, rv, bm, bv] = [RM, RV, BM, BV].map((l) => flattenFresh(x, l)) as [number, number, number, number];
    const sizes = Array.from({ length: n as number }, (_, i) => inputs[`rm${i}`]!.shape[0]!);
    const factor = new Float32Array(sizes.reduce((a, b) => a + b, 0));
    let at = 0;
    (unbias as number[]).forEach((u, i) => { factor.fill(mom * u, at, at + sizes[i]!); at += sizes[i]!; });
    const m = x.run('add_.Tensor', [x.run('mul_.Scalar', [rm, 1 - mom]).h, x.run('mul_.Scalar', [bm, mom]).h]);
    const v = x.run('add_.Tensor', [x.run('mul_.Scalar', [rv, 1 - mom]).h, x.run('mul_.Tensor', [bv, x.constant(factor, [factor.length]).h]).h]);
    return [...x.runMany('unflatten_dense_tensors', [m.h, RM]), ...x.runMany('unflatten_dense_tensors', [v.h, RV])];
  }),
];
