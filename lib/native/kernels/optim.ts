// WhatwhereAdam: one Adam update (PyTorch's torch.optim.Adam, no weight decay, no amsgrad) as a
// single kernel instead of ~13 tfjs ops and their scalar tensors per parameter:
//   m' = b1 m + (1 - b1) g;  v' = b2 v + (1 - b2) g^2;  p' = p - stepSize * m' / (sqrt(v') * invSqrtBc2 + eps)
// with stepSize = lr / (1 - b1^t) and invSqrtBc2 = 1 / sqrt(1 - b2^t) computed by the caller.
// Inputs {param, m, v, grad}; outputs [param', m', v']. Registered for torch only: callers check
// tf.getKernel(ADAM_KERNEL, tf.getBackend()) and keep their op-by-op update elsewhere.
import type { KernelConfig } from '@tensorflow/tfjs';
import { ADAM_ALL_KERNEL, ADAM_FLAT_KERNEL, ADAM_KERNEL } from '../../engine/fused_kernels.js';
import { torchKernel, type Desc } from '../exec.js';
import { flattenFresh, inputList } from './util.js';


/**
 * WhatwhereAdamAll: the same update for every parameter at once through ATen's multi-tensor `_foreach_*`
 * ops (one launch per step of the formula on CUDA, a C++ loop on CPU), instead of one kernel per parameter.
 * Inputs p0..p{n-1}, m0.., v0.., g0..; attrs {n, ...AdamHyper}; outputs [p'..., m'..., v'...].
 *
 * WhatwhereAdamFlat: the update for small models whose moments are kept as two flat vectors (lib/train/adam.ts):
 * parameters and gradients are flattened into fresh vectors (aten::flatten_dense_tensors), the formula runs
 * once over the vectors, in place where the vector is the kernel's own, and the parameters come back as views
 * shaped like the inputs: 15 ATen calls and n + 2 outputs whatever the parameter count. Per-parameter calls (or
 * `_foreach_` ops, a C++ loop of them on CPU) were about 500 small kernels and 186 outputs, 2.4 ms of a 7 ms
 * step at 16 px width 0.125. The arithmetic is WhatwhereAdam's, element by element.
 * Inputs p0..p{n-1}, g0.., m, v (flat); attrs {n, ...AdamHyper}; outputs [p'..., m', v'].
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
    const hs = (ds: Desc[]) => ds.map((d) => d.h);
    const [P, M, V, G] = ['p', 'm', 'v', 'g'].map((k) => inputList(x, inputs, k, n as number)) as [number[], number[], number[], number[]];
    const m2 = x.runMany('_foreach_add.List', [hs(x.runMany('_foreach_mul.Scalar', [M, beta1 as number])), G, 1 - (beta1 as number)]);
    const v2 = x.runMany('_foreach_addcmul.Scalar', [hs(x.runMany('_foreach_mul.Scalar', [V, beta2 as number])), G, G, 1 - (beta2 as number)]);
    const denom = x.runMany('_foreach_add.Scalar', [hs(x.runMany('_foreach_mul.Scalar', [hs(x.runMany('_foreach_sqrt', [hs(v2)])), invSqrtBc2 as number])), eps as number]);
    const p2 = x.runMany('_foreach_addcdiv.Scalar', [P, hs(m2), hs(denom), -(stepSize as number)]);
    return [...p2, ...m2, ...v2];
  }),
  torchKernel(ADAM_FLAT_KERNEL, (x, inputs, { n, beta1, beta2, eps, stepSize, invSqrtBc2 }) => {
    const [P, G] = ['p', 'g'].map((k) => inputList(x, inputs, k, n as number)) as [number[], number[]];
    const [p, g] = [flattenFresh(x, P), flattenFresh(x, G)]; // p is updated in place
    const m2 = x.run('add_.Tensor', [x.run('mul.Scalar', [x.in(inputs.m!), beta1 as number]).h, g, 1 - (beta1 as number)]);
    const v2 = x.run('addcmul_', [x.run('mul.Scalar', [x.in(inputs.v!), beta2 as number]).h, g, g, 1 - (beta2 as number)]);
    const denom = x.run('add_.Scalar', [x.run('mul_.Scalar', [x.run('sqrt', [v2.h]).h, invSqrtBc2 as number]).h, eps as number]);
    const p2 = x.run('addcdiv_', [p, m2.h, denom.h, -(stepSize as number)]);
    return [...x.runMany('unflatten_dense_tensors', [p2.h, P]), m2, v2];
  }),
];
