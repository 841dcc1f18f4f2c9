// WhatwhereAdam: one Adam update (PyTorch's torch.optim.Adam, no weight decay, no amsgrad) as a
// single kernel instead of ~13 tfjs ops and their scalar tensors per parameter:
//   m' = b1 m + (1 - b1) g;  v' = b2 v + (1 - b2) g^2;  p' = p - stepSize * m' / (sqrt(v') * invSqrtBc2 + eps)
// with stepSize = lr / (1 - b1^t) and invSqrtBc2 = 1 / sqrt(1 - b2^t) computed by the caller.
// Inputs {param, m, v, grad}; outputs [param', m', v']. Registered for torch only: callers check
// tf.getKernel(ADAM_KERNEL, tf.getBackend()) and keep their op-by-op update elsewhere.
import type { KernelConfig } from '@tensorflow/tfjs';
import { torchKernel } from '../exec.js';

export const ADAM_KERNEL = 'WhatwhereAdam';

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
];
