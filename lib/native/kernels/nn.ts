// Dense-layer and classification kernels: matmul (plain and fused), softmax.
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { Desc, Exec } from '../exec.js';
import { torchKernel } from '../exec.js';
import { applyActivation } from './util.js';

function matmul(x: Exec, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): Desc {
  const ta = transposeA ? x.run('transpose.int', [x.in(a), -1, -2]).h : x.in(a);
  const tb = transposeB ? x.run('transpose.int', [x.in(b), -1, -2]).h : x.in(b);
  return x.run('matmul', [ta, tb]);
}

export const NN_KERNELS: KernelConfig[] = [
  torchKernel('BatchMatMul', (x, { a, b }, { transposeA, transposeB }) => matmul(x, a, b, !!transposeA, !!transposeB)),
  torchKernel('_FusedMatMul', (x, { a, b, bias, preluActivationWeights }, attrs) => {
    let r = matmul(x, a, b, !!attrs.transposeA, !!attrs.transposeB);
    if (bias) r = x.run('add.Tensor', [r.h, x.in(bias)]);
    return applyActivation(x, r, attrs.activation as string, preluActivationWeights, attrs.leakyreluAlpha as number);
  }),
  torchKernel('Softmax', (x, { logits }, { dim }) => {
    const rank = logits.shape.length;
    const d = (dim as number) < 0 ? (dim as number) + rank : (dim as number);
    return x.run('_softmax', [x.in(logits), d, false]);
  }),
];
