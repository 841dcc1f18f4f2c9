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
 * WhatwhereAdamAll: the same update for every parameter at once, two ways by total size.
 * - Small models (at most FLAT_ADAM_MAX values in all): parameters, moments and gradients are each
 *   flattened into one fresh vector (aten::flatten_dense_tensors), the update runs once over the vectors
 *   in place, and the results come back as views shaped like the inputs: 15 ATen calls whatever the
 *   parameter count. Per-parameter calls were about 500 small kernels, 2.4 ms of a 7 ms step at 16 px
 *   width 0.125.
 * - Large models: ATen's multi-tensor `_foreach_*` ops (one launch per step of the formula on CUDA, a
 *   C++ loop on CPU); there the four flattening copies cost more than the calls they save (ResNet-18
 *   width 1: 432 -> 487 ms a step).
 * Inputs p0..p{n-1}, m0.., v0.., g0..; attrs {n, ...AdamHyper}; outputs [p'..., m'..., v'...].
 */
export const FLAT_ADAM_MAX = 1 << 20;

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
    const [P, M, V, G] = ['p', 'm', 'v', 'g'].map(list) as [number[], number[], number[], number[]];
    let total = 0;
    for (let i = 0; i < (n as number); i++) total += inputs[`p${i}`]!.shape.reduce((a, b) => a * b, 1);
    if (total > FLAT_ADAM_MAX) {
      const hs = (ds: Desc[]) => ds.map((d) => d.h);
      const m2 = x.runMany('_foreach_add.List', [hs(x.runMany('_foreach_mul.Scalar', [M, beta1 as number])), G, 1 - (beta1 as number)]);
      const v2 = x.runMany('_foreach_addcmul.Scalar', [hs(x.runMany('_foreach_mul.Scalar', [V, beta2 as number])), G, G, 1 - (beta2 as number)]);
      const denom = x.runMany('_foreach_add.Scalar', [hs(x.runMany('_foreach_mul.Scalar', [hs(x.runMany('_foreach_sqrt', [hs(v2)])), invSqrtBc2 as number])), eps as number]);
      const p2 = x.runMany('_foreach_addcdiv.Scalar', [P, hs(m2), hs(denom), -(stepSize as number)]);
      return [...p2, ...m2, ...v2];
    }
    // The flattened vectors are fresh copies, so the update runs in place on them: five allocations a step.
    // (flatten_dense_tensors returns a view of a lone tensor: that one is copied)
    const flat = (l: number[]) => (l.length === 1 ? x.run('clone', [x.run('flatten_dense_tensors', [l]).h]) : x.run('flatten_dense_tensors', [l])).h;
    const [p, m, v, g] = [P, M, V, G].map(flat) as [number, number, number, number];
    // torch 1.13's form (mul_ then add_ with alpha), as in WhatwhereAdam above
    const m2 = x.run('add_.Tensor', [x.run('mul_.Scalar', [m, beta1 as number]).h, g, 1 - (beta1 as number)]);
    const v2 = x.run('addcmul_', [x.run('mul_.Scalar', [v, beta2 as number]).h, g, g, 1 - (beta2 as number)]);
    const denom = x.run('add_.Scalar', [x.run('mul_.Scalar', [x.run('sqrt', [v2.h]).h, invSqrtBc2 as number]).h, eps as number]);
    const p2 = x.run('addcdiv_', [p, m2.h, denom.h, -(stepSize as number)]);
    const shaped = (flat: Desc) => x.runMany('unflatten_dense_tensors', [flat.h, P]);
    return [...shaped(p2), ...shaped(m2), ...shaped(v2)];
  }),
];
