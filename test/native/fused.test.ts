// lib/engine/fused.ts: the fused training-mode batch norm and Adam give the same values and
// gradients on torch (fused kernels) as the op-by-op versions on cpu, and the op-by-op batch-norm
// gradient equals tfjs's gradient through tf.moments + tf.batchNorm.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { adamUpdate, adamUpdateAll, adamUpdateFlat, batchNormTrain, convBnTrain, foldBatchStatsAll } from '../../lib/engine/fused.js';
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

const unitInputs: InputSpec[] = [{ shape: [2, 8, 8, 3] }, { shape: [3, 3, 3, 5] }, { shape: [5], range: [0.5, 1.5] }, { shape: [5] }, { shape: [2, 4, 4, 5] }];
const unit = (inputGrad: boolean, split: boolean): Fn => (x, w, g, b, dy) => {
  const o = { stride: 2, pad: 1, eps: 1e-5, relu: true, inputGrad };
  // split: the layer as it was written before the fused unit (conv, batchNormTrain, relu)
  const run = (xx: tf.Tensor, ww: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
    if (!split) return convBnTrain(xx as tf.Tensor4D, ww as tf.Tensor4D, gg as tf.Tensor1D, bb as tf.Tensor1D, o);
    const r = batchNormTrain(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 2, 1), gg as tf.Tensor1D, bb as tf.Tensor1D, 1e-5);
    return { ...r, y: tf.relu(r.y) as tf.Tensor4D };
  };
  const grads = tf.grads((xx: tf.Tensor, ww: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
    const r = run(xx, ww, gg, bb);
    tf.dispose([r.mean, r.variance]);
    return tf.sum(tf.mul(r.y, dy!)) as tf.Scalar;
  })([x!, w!, g!, b!]);
  const r = run(x!, w!, g!, b!);
  return [r.y, r.mean, r.variance, ...grads];
};

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

  it.skipIf(available !== true && !required)('adamUpdateFlat (flat moments) equals per-parameter updates, on torch (one kernel) and cpu, and leaves its inputs unchanged', async () => {
    const h = { beta1: 0.9, beta2: 0.999, eps: 1e-8, stepSize: 1e-2, invSqrtBc2: 1.5 };
    const shapes = [[[5, 3], [7], [2, 2, 1, 3]], [[4]]]; // several parameters, and a lone one (copied, not updated in place)
    for (const backend of ['torch', 'cpu']) {
      await tf.setBackend(backend);
      for (const sh of shapes) {
        const total = sh.reduce((a, s) => a + s.reduce((x, y) => x * y, 1), 0);
        const p = sh.map((s, i) => tf.randomUniform(s, -1, 1, 'float32', i));
        const g = sh.map((s, i) => tf.randomUniform(s, -1, 1, 'float32', 10 + i));
        const m = tf.randomUniform([total], -1, 1, 'float32', 20) as tf.Tensor1D;
        const v = tf.randomUniform([total], 0, 1, 'float32', 21) as tf.Tensor1D;
        const before = [...p, ...g, m, v].map((t) => Array.from(t.dataSync()));
        const [p2, m2, v2] = adamUpdateFlat(p, g, m, v, h);
        if (backend === 'torch') expect(tf.getKernel('WhatwhereAdamFlat', 'torch')).toBeDefined();
        expect([...p, ...g, m, v].map((t) => Array.from(t.dataSync())), `${backend}, ${sh.length} parameters: inputs`).toEqual(before);
        const mParts = tf.split(m, sh.map((s) => s.reduce((x, y) => x * y, 1)));
        const vParts = tf.split(v, sh.map((s) => s.reduce((x, y) => x * y, 1)));
        const m2Parts = tf.split(m2, sh.map((s) => s.reduce((x, y) => x * y, 1)));
        const v2Parts = tf.split(v2, sh.map((s) => s.reduce((x, y) => x * y, 1)));
        sh.forEach((s, i) => {
          const [pe, me, ve] = adamUpdate(p[i]!, mParts[i]!.reshape(s), vParts[i]!.reshape(s), g[i]!, h);
          // torch: the same ATen arithmetic per element as WhatwhereAdam; cpu: the same tfjs ops
          expect(p2[i]!.shape).toEqual(s);
          expect(Array.from(p2[i]!.dataSync()), `${backend} p'[${i}]`).toEqual(Array.from(pe!.dataSync()));
          expect(Array.from(m2Parts[i]!.dataSync()), `${backend} m'[${i}]`).toEqual(Array.from(me!.dataSync()));
          expect(Array.from(v2Parts[i]!.dataSync()), `${backend} v'[${i}]`).toEqual(Array.from(ve!.dataSync()));
          tf.dispose([pe!, me!, ve!]);
        });
        tf.dispose([...p, ...g, m, v, ...p2, m2, v2, ...mParts, ...vParts, ...m2Parts, ...v2Parts]);
      }
    }
    expect(() => adamUpdateFlat([tf.zeros([2])], [tf.zeros([2])], tf.zeros([3]) as tf.Tensor1D, tf.zeros([2]) as tf.Tensor1D, h)).toThrow(/moments of 3 and 2 values/);
  });

  it('convBnTrain op-by-op (cpu) is exactly the conv, batchNormTrain, relu it replaces; without inputGrad x gets zeros', async () => {
    const fused = await runOn('cpu', unit(true, false), unitInputs);
    expectClose(fused, await runOn('cpu', unit(true, true), unitInputs), 0);
    const noInput = await runOn('cpu', unit(false, false), unitInputs);
    expect(Array.from(noInput.outs[3]!.values).every((v) => v === 0)).toBe(true);
    noInput.outs.forEach((o, i) => { if (i !== 3) expect(mismatch(o, fused.outs[i], 0, 0), `output ${i}`).toBeUndefined(); });
  });

  it.skipIf(available !== true && !required)('convBnTrain on torch is one kernel each way and equals cpu, with and without inputGrad', async () => {
    const got = await runOn('torch', unit(true, false), unitInputs);
    expect([...new Set(got.kernels)].filter((k) => k.startsWith('Whatwhere')).sort()).toEqual(['WhatwhereConvBnTrain', 'WhatwhereConvBnTrainGrad']);
    expect(got.kernels).not.toContain('Conv2D');
    expectClose(got, await runOn('cpu', unit(true, false), unitInputs), 1e-4);
    expectClose(await runOn('torch', unit(false, false), unitInputs), await runOn('cpu', unit(false, false), unitInputs), 1e-4);
  });

  it.skipIf(available !== true && !required)('foldBatchStatsAll on torch (one kernel) equals the per-layer update on cpu', async () => {
    const fn: Fn = (rm0, rv0, m0, v0, rm1, rv1, m1, v1) => foldBatchStatsAll([
      { runningMean: rm0 as tf.Tensor1D, runningVar: rv0 as tf.Tensor1D, mean: m0 as tf.Tensor1D, variance: v0 as tf.Tensor1D, count: 50 },
      { runningMean: rm1 as tf.Tensor1D, runningVar: rv1 as tf.Tensor1D, mean: m1 as tf.Tensor1D, variance: v1 as tf.Tensor1D, count: 2 },
    ], 0.1).flat();
    const shapes = [[6], [6], [6], [6], [3], [3], [3], [3]];
    const inputs: InputSpec[] = shapes.map((shape, i) => ({ shape, range: i % 2 === 1 ? [0.1, 2] as [number, number] : undefined }));
    const got = await runOn('torch', fn, inputs);
    expect(got.kernels).toEqual(['WhatwhereBnFoldAll']);
    expectClose(got, await runOn('cpu', fn, inputs), 1e-6);
  });

  it.skipIf(available !== true && !required)('foldBatchStatsAll on torch leaves its inputs unchanged (one layer or two)', async () => {
    await tf.setBackend('torch');
    for (const n of [1, 2]) {
      const layers = Array.from({ length: n }, (_, i) => ({ runningMean: tf.fill([4], 1 + i) as tf.Tensor1D, runningVar: tf.fill([4], 2 + i) as tf.Tensor1D,
        mean: tf.fill([4], 3 + i) as tf.Tensor1D, variance: tf.fill([4], 4 + i) as tf.Tensor1D, count: 5 }));
      const all = layers.flatMap((l) => [l.runningMean, l.runningVar, l.mean, l.variance]);
      const before = all.map((t) => Array.from(t.dataSync()));
      const out = foldBatchStatsAll(layers, 0.1).flat();
      expect(out[0]!.dataSync()[0]).toBeCloseTo(0.9 * 1 + 0.1 * 3, 6);
      expect(all.map((t) => Array.from(t.dataSync())), `n = ${n}`).toEqual(before);
      tf.dispose([...all, ...out]);
    }
  });
});
