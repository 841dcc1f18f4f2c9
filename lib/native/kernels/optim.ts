// WhatwhereAdam: one Adam update (PyTorch's torch.optim.Adam, no weight decay, no amsgrad) as a
// single kernel instead of ~13 tfjs ops and their scalar tensors per parameter:
//   m' = b1 m + (1 - b1) g;  v' = b2 v + (1 - b2) g^2;  p' = p - stepSize * m' / (sqrt(v') * invSqrtBc2 + eps)
// with stepSize = lr / (1 - b1^t) and invSqrtBc2 = 1 / sqrt(1 - b2^t) computed by the caller.
// Inputs {param, m, v, grad}; outputs [param', m', v']. Registered for torch only: callers check
// tf.getKernel(ADAM_KERNEL, tf.getBackend()) and keep their op-by-op update elsewhere.
import type { KernelConfig } from '@tensorflow/tfjs';
import { ADAM_ALL_KERNEL, ADAM_KERNEL } from '../../engine/fused_kernels.js';
import { torchKernel, type Desc } from '../exec.js';


/**
 * WhatwhereAdamAll: the same update for every parameter at once through ATen's multi-tensor
 * `_foreach_*` ops (one launch per step of the formula on CUDA, a C++ loop on CPU), instead of one
 * kernel per parameter: the per-parameter kernels were a fifth of a GPU step's host time.
 * Inputs p0..p{n-1}, m0.., v0.., g0..; attrs {n, ...AdamHyper}; outputs [p'..., m'..., v'...].
 */

export const OPTIM_KERNELS: KernelConfig[] = [
  torchKernel(ADAM_KERNEL, (x, { param, m, v, grad }, { beta1, beta2, eps, stepSize, invSqrtBc2 }) => {
    const g = x.in(grad);
    // torch 1.13's form (mul_ then add_ with alpha), not the later lerp_: they differ in the last bit.
    const m2 = x.run('add.Tensor', [x.run('mul.Scalar', [x.in(m), beta1 as number]).h, g, 1 - (beta1 as number)]);
    const v2 = x.run('addcmul', [x.run('mul.Scalar', [x.in(v), beta2 as number]).h, g, g, 1 - (beta2 as number)]);
    const denom = x.run('add.Scalar', [x.run('mul.Scalar', [x.run('sqrt', [v2.h]).h, invSqrtBc2 as number]).h, eps as number]);
    const p2 = x.run('addcdiv', [x.in(param), m2.h, denom.h, -(stepSize as number)]);
    return [p2, m2, v2];
  }),
  torchKernel(ADAM_ALL_KERNEL, (x, inputs, { n, beta1, beta2, eps, stepSize, invSqrtBc2 }) => {
    const list = (prefix: string) => Array.from({ length: n as number }, (_, i) => x.in(inputs[`${prefix}${i}`]!));
    const hs = (ds: Desc[]) => ds.map((d) => d.h);
    const [P, M, V, G] = ['p', 'm', 'v', 'g'].map(list) as [number[], number[], number[], number[]];
    const m2 = x.runMany('_foreach_add.List', [hs(x.runMany('_foreach_mul.Scalar', [M, beta1 as number])), G, 1 - (beta1 as number)]);
    const v2 = x.runMany('_foreach_addcmul.Scalar', [hs(x.runMany('_foreach_mul.Scalar', [V, beta2 as number])), G, G, 1 - (beta2 as number)]);
    const denom = x.runMany('_foreach_add.Scalar', [hs(x.runMany('_foreach_mul.Scalar', [hs(x.runMany('_foreach_sqrt', [hs(v2)])), invSqrtBc2 as number])), eps as number]);
    const p2 = x.runMany('_foreach_addcdiv.Scalar', [P, hs(m2), hs(denom), -(stepSize as number)]);
    return [...p2, ...m2, ...v2];
  }),
];
