// lib/engine/fused.ts: the fused training-mode batch norm and Adam give the same values and
// gradients on torch (fused kernels) as the op-by-op versions on cpu, and the op-by-op batch-norm
// gradient equals tfjs's gradient through tf.moments + tf.batchNorm.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { adamUpdate, adamUpdateAll, batchNormTrain } from '../../lib/engine/fused.js';
import { mismatch, runOn, torchAvailable, type Fn, type InputSpec } from './harness.js';

const available = await torchAvailable();
const required = process.env.WHATWHERE_REQUIRE_TORCH === '1';

const bnInputs: InputSpec[] = [{ shape: [4, 5, 3, 6] }, { shape: [6], range: [0.5, 1.5] }, { shape: [6] }, { shape: [4, 5, 3, 6] }];
const bnFused: Fn = (x, g, b, w) => {
  const grads = tf.grads((xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
    const r = batchNormTrain(xx as tf.Tensor4D, gg as tf.Tensor1D, bb as tf.Tensor1D, 1e-5);
    return tf.sum(tf.mul(r.y, w)) as tf.Scalar;
  })([x, g, b]);
  const r = batchNormTrain(x as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D, 1e-5);
  return [r.y, r.mean, r.variance, ...grads];
};
const bnStock: Fn = (x, g, b, w) => {
  const bn = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
    const m = tf.moments(xx, [0, 1, 2]);
    return { y: tf.batchNorm4d(xx as tf.Tensor4D, m.mean as tf.Tensor1D, m.variance as tf.Tensor1D, bb as tf.Tensor1D, gg as tf.Tensor1D, 1e-5), m };
  };
  const grads = tf.grads((xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(bn(xx, gg, bb).y, w)) as tf.Scalar)([x, g, b]);
  const r = bn(x, g, b);
  return [r.y, r.m.mean, r.m.variance, ...grads];
};

function expectClose(a: Awaited<ReturnType<typeof runOn>>, b: Awaited<ReturnType<typeof runOn>>, tol: number): void {
  expect(a.outs.length).toBe(b.outs.length);
  a.outs.forEach((o, i) => expect(mismatch(o, b.outs[i], tol, tol), `output ${i}`).toBeUndefined());
}

describe('fused training ops', () => {
  it('batchNormTrain op-by-op (cpu) equals the gradient through tf.moments', async () => {
    expectClose(await runOn('cpu', bnFused, bnInputs), await runOn('cpu', bnStock, bnInputs), 1e-4);
  });

  it.skipIf(available !== true && !required)('batchNormTrain on torch (fused kernels) equals cpu', async () => {
    const got = await runOn('torch', bnFused, bnInputs);
    expect(got.kernels).toContain('WhatwhereBatchNormTrain');
    expect(got.kernels).toContain('WhatwhereBatchNormTrainGrad');
    expectClose(got, await runOn('cpu', bnFused, bnInputs), 1e-4);
  });

  it.skipIf(available !== true && !required)('adamUpdate on torch (one kernel) equals the op-by-op update on cpu', async () => {
    const h = { beta1: 0.9, beta2: 0.999, eps: 1e-8, stepSize: 1e-3 / (1 - 0.9 ** 3), invSqrtBc2: 1 / Math.sqrt(1 - 0.999 ** 3) };
    const fn: Fn = (p, m, v, g) => adamUpdate(p, m, v, g, h);
    const inputs: InputSpec[] = [{ shape: [40] }, { shape: [40] }, { shape: [40], range: [0, 1] }, { shape: [40] }];
    const got = await runOn('torch', fn, inputs);
    expect(got.kernels).toEqual(['WhatwhereAdam']);
    expectClose(got, await runOn('cpu', fn, inputs), 1e-5);
  });

  it.skipIf(available !== true && !required)('adamUpdateAll on torch (one multi-tensor kernel) equals per-parameter updates on cpu', async () => {
    const h = { beta1: 0.9, beta2: 0.999, eps: 1e-8, stepSize: 1e-3 / (1 - 0.9 ** 3), invSqrtBc2: 1 / Math.sqrt(1 - 0.999 ** 3) };
    const fn: Fn = (p0, p1, p2, m0, m1, m2, v0, v1, v2, g0, g1, g2) => adamUpdateAll([p0!, p1!, p2!], [m0!, m1!, m2!], [v0!, v1!, v2!], [g0!, g1!, g2!], h).flat();
    const shapes = [[40], [3, 3, 2, 4], [7]];
    const inputs: InputSpec[] = [...shapes.map((shape) => ({ shape })), ...shapes.map((shape) => ({ shape })),
      ...shapes.map((shape) => ({ shape, range: [0, 1] as [number, number] })), ...shapes.map((shape) => ({ shape }))];
    const got = await runOn('torch', fn, inputs);
    expect(got.kernels).toEqual(['WhatwhereAdamAll']);
    expectClose(got, await runOn('cpu', fn, inputs), 1e-5);
    expect(() => adamUpdateAll([tf.zeros([1])], [], [], [], h)).toThrow(/1 params, 0 m, 0 v, 0 grads/);
  });
});
