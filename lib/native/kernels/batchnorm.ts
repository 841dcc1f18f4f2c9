// FusedBatchNorm (tf.batchNorm): y = (x - mean) * rsqrt(var + eps) * scale + offset, one pass
// over x as addcmul(shift, x, inv) with the per-channel inv and shift computed first.
import type { KernelConfig } from '@tensorflow/tfjs';
import { torchKernel } from '../exec.js';

export const BATCHNORM_KERNELS: KernelConfig[] = [
  torchKernel('FusedBatchNorm', (x, { x: xi, mean, variance, offset, scale }, { varianceEpsilon }) => {
    let inv = x.run('rsqrt', [x.run('add.Scalar', [x.in(variance), (varianceEpsilon as number) ?? 0.001]).h]);
    if (scale) inv = x.run('mul.Tensor', [inv.h, x.in(scale)]);
    let shift = x.run('neg', [x.run('mul.Tensor', [x.in(mean), inv.h]).h]);
    if (offset) shift = x.run('add.Tensor', [shift.h, x.in(offset)]);
    return x.run('addcmul', [shift.h, x.in(xi), inv.h]);
  }),
];
