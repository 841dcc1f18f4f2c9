// Reductions. tfjs axis lists may be empty (no reduction), which ATen would read as "all dims".
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { Desc, Exec } from '../exec.js';
import { torchKernel } from '../exec.js';
import { ensureTorchGradients, MEAN_GRAD_KERNEL } from '../gradients.js';
import { cast, h, type Ref } from './util.js';

type Reducer = (x: Exec, t: Ref, axes: number[], keep: boolean) => Desc;

/** Reduces one dim at a time (ATen's prod/all/any take a single dim), innermost first. */
const perDim = (op: string): Reducer => (x, t, axes, keep) => {
  let r: Ref = t;
  for (const a of [...axes].sort((p, q) => q - p)) r = x.run(op, [h(r), a, keep]);
  return r as Desc;
};

function reduction(kernelName: string, reduce: Reducer, prep?: (x: Exec, a: TensorInfo) => Ref): KernelConfig {
  return torchKernel(kernelName, (x, { x: a }, { axis, reductionIndices, keepDims }) => {
    // Max and Min name their axes `reductionIndices`, the other reductions `axis`.
    const axes = tf.util.parseAxisParam((axis ?? reductionIndices) as number[], a.shape);
    const src = prep ? prep(x, a) : x.in(a);
    if (axes.length === 0) return x.run('alias', [h(src)]);
    return reduce(x, src, axes, !!keepDims);
  });
}

const toFloat = (x: Exec, a: TensorInfo): Ref => (a.dtype === 'float32' ? x.in(a) : cast(x, x.in(a), 'float32'));
const toInt = (x: Exec, a: TensorInfo): Ref => (a.dtype === 'bool' ? cast(x, x.in(a), 'int32') : x.in(a));
const toBool = (x: Exec, a: TensorInfo): Ref => (a.dtype === 'bool' ? x.in(a) : cast(x, x.in(a), 'bool'));

function argReduce(kernelName: string, op: string): KernelConfig {
  return torchKernel(kernelName, (x, { x: a }, { axis }) => {
    const ax = tf.util.parseAxisParam(axis as number, a.shape)[0];
    return x.run(op, [x.in(a), ax, false]);
  });
}

export const REDUCE_KERNELS: KernelConfig[] = [
  reduction('Sum', (x, t, axes, keep) => x.run('sum.dim_IntList', [h(t), axes, keep]), toInt),
  reduction('Mean', (x, t, axes, keep) => {
    ensureTorchGradients();
    return x.run('mean.dim', [h(t), axes, keep]);
  }, toFloat),
  // d mean / dx: dy / n expanded (a view) to x's shape
  torchKernel(MEAN_GRAD_KERNEL, (x, { dy, x: a }, { axis }) => {
    const axes = tf.util.parseAxisParam(axis as number[], a.shape);
    const n = axes.reduce((p, ax) => p * a.shape[ax], 1);
    const keptShape = a.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const scaled = x.run('div.Scalar', [x.run('reshape', [x.in(dy), keptShape]).h, n]);
    return x.run('expand', [scaled.h, a.shape]);
  }),
  reduction('Max', (x, t, axes, keep) => x.run('amax', [h(t), axes, keep])),
  reduction('Min', (x, t, axes, keep) => x.run('amin', [h(t), axes, keep])),
  reduction('Prod', perDim('prod.dim_int'), toInt),
  reduction('All', perDim('all.dim'), toBool),
  reduction('Any', perDim('any.dim'), toBool),
  argReduce('ArgMax', 'argmax'),
  argReduce('ArgMin', 'argmin'),
];
