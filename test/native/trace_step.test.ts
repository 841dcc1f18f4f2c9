// Replayed training steps (lib/engine/trace.ts through lib/train/step.ts) on torch: after two agreeing
// recordings the forward/backward pass runs as one native call, and every weight, Adam moment and
// running statistic stays bit-identical to the eager path over many steps, with no tensors leaking.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initEngine } from '../../lib/engine/index.js';
import { loadAddon, type TorchAddon } from '../../lib/native/addon.js';
import { createResNet, disposeResNet, forward } from '../../lib/models/index.js';
import { Adam, inferOutput, NonFiniteLossError, stepTraceStatus, trainStep } from '../../lib/train/index.js';

import { torchAvailable } from './harness.js';
import { inputs, N, SET } from './train_step.js';

process.env.WHATWHERE_BACKEND = 'torch';
const available = await torchAvailable();
const required = process.env.WHATWHERE_REQUIRE_TORCH === '1';

/** Trains `steps` steps on alternating batches (two shapes: the last one smaller) and returns every variable's bytes. */
function train(steps: number, trace: boolean): { weights: Map<string, Float32Array>; losses: number[]; status: string[] } {
  const before = process.env.WHATWHERE_TRACE;
  process.env.WHATWHERE_TRACE = trace ? '1' : '0';
  try {
    const model = createResNet({ arch: 'resnet18', width: 0.125, numOutputs: SET.outputs }, 3);
    const adam = new Adam(model.vars, model.trainable, { lr: 1e-3 });
    const batches = [inputs(1), inputs(2)];
    const losses: number[] = [];
    for (let i = 0; i < steps; i++) {
      const { images, targets } = batches[i % 2]!;
      const n = i % 5 === 4 ? N - 1 : N; // a second batch shape now and then (an epoch's last batch)
      const x = tf.tensor4d(images.subarray(0, n * 32 * 32 * 3), [n, 32, 32, 3]);
      const t = { ...targets, n, distance: targets.distance.subarray(0, n), translation: targets.translation.subarray(0, 2 * n),
        rotation: targets.rotation.subarray(0, 6 * n), category: targets.category.subarray(0, n), identity: targets.identity.subarray(0, n) };
      losses.push(trainStep(model, adam, SET, x, t, 1e-3 * (1 - i / steps)));
      x.dispose();
    }
    const weights = new Map([...model.vars].map(([n, v]) => [n, v.dataSync() as Float32Array]));
    const st = adam.state();
    for (const [n, m] of st.m) weights.set(`adam.m.${n}`, m);
    for (const [n, v] of st.v) weights.set(`adam.v.${n}`, v);
    const status = stepTraceStatus(model);
    adam.dispose();
    disposeResNet(model);
    return { weights, losses, status };
  } finally {
    if (before === undefined) delete process.env.WHATWHERE_TRACE;
    else process.env.WHATWHERE_TRACE = before;
  }
}

/** A width-0.125 ResNet-18 with its Adam and one batch of N 32-px images; dispose() frees all three. */
function smallRun(modelSeed: number, inputSeed: number, lr = 1e-3) {
  const model = createResNet({ arch: 'resnet18', width: 0.125, numOutputs: SET.outputs }, modelSeed);
  const adam = new Adam(model.vars, model.trainable, { lr });
  const { images, targets } = inputs(inputSeed);
  const x = tf.tensor4d(images, [N, 32, 32, 3]);
  return { model, adam, images, targets, x, dispose: () => { x.dispose(); adam.dispose(); disposeResNet(model); } };
}

describe.skipIf(available !== true && !required)('replayed training steps on torch', () => {
  it('are bit-identical to eager steps: losses, weights, Adam moments, running statistics', async () => {
    await initEngine({ backend: 'torch' });
    const eager = train(12, false);
    const traced = train(12, true);
    expect(traced.status.some((s) => s.includes('replayed')), traced.status.join('; ')).toBe(true);
    expect(traced.status.every((s) => !s.includes('eager')), traced.status.join('; ')).toBe(true);
    expect(traced.losses).toEqual(eager.losses);
    expect(traced.weights.size).toBe(eager.weights.size);
    for (const [name, w] of eager.weights) {
      const got = traced.weights.get(name)!;
      expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(w.buffer, w.byteOffset, w.byteLength)), name).toBe(true);
    }
  });

  it('Adam with flat moments (small models on torch) saves and restores its state per parameter, exactly', async () => {
    await initEngine({ backend: 'torch' });
    const run = smallRun(2, 4);
    const { model, adam, targets, x } = run;
    for (let i = 0; i < 3; i++) trainStep(model, adam, SET, x, targets);
    const st = adam.state();
    expect([...st.m.keys()]).toEqual(model.trainable);
    for (const n of model.trainable) expect(st.m.get(n)!.length, n).toBe(model.vars.get(n)!.size);
    expect([...st.m.values()].some((a) => a.some((v) => v !== 0))).toBe(true);
    const copy = new Adam(model.vars, model.trainable, { lr: 1e-3 });
    copy.load(st, 'test');
    const again = copy.state();
    expect(again.step).toBe(3);
    for (const n of model.trainable) {
      expect(again.m.get(n), n).toEqual(st.m.get(n));
      expect(again.v.get(n), n).toEqual(st.v.get(n));
    }
    const bad = { ...st, v: new Map([...st.v].map(([n, a], i) => [n, i === 0 ? a.subarray(1) : a])) };
    expect(() => copy.load(bad, 'ckpt.npz')).toThrow(/ckpt.npz: Adam state 'v' for '.*' has \d+ values, expected/);
    copy.dispose();
    run.dispose();
  });

  it('replayed inference equals the eager eval-mode forward, and follows the weights and running statistics as they train', async () => {
    await initEngine({ backend: 'torch' });
    const run = smallRun(4, 6, 1e-2);
    const { model, adam, targets, x } = run;
    const bytesOf = (t: tf.Tensor) => Buffer.from((t.dataSync() as Float32Array).buffer);
    for (let i = 0; i < 5; i++) {
      const got = inferOutput(model, x);
      const want = tf.tidy(() => forward(model, x).output!);
      expect(bytesOf(got).equals(bytesOf(want)), `inference ${i}`).toBe(true);
      tf.dispose([got, want]);
      trainStep(model, adam, SET, x, targets); // new weights and running statistics for the next round
    }
    expect(stepTraceStatus(model).find((l) => l.includes(' infer '))).toMatch(/replayed/);
    run.dispose();
  });

  it('a non-finite loss, eager or replayed, changes no weight, running statistic or Adam state, and leaks nothing', async () => {
    await initEngine({ backend: 'torch' });
    const native = loadAddon() as TorchAddon;
    const run = smallRun(5, 7);
    const { model, adam, images, targets, x } = run;
    const bad = images.slice();
    bad[5] = Number.NaN;
    const xBad = tf.tensor4d(bad, [N, 32, 32, 3]);
    const snapshot = () => [...[...model.vars.values()].map((v) => Array.from(v.dataSync())), ...[...adam.state().m.values()].map((a) => Array.from(a))];
    for (const warm of [0, 3]) { // the first bad step is eager (recorded); after three more steps it is replayed
      for (let i = 0; i < warm; i++) trainStep(model, adam, SET, x, targets);
      const before = snapshot();
      const tensors0 = tf.memory().numTensors;
      const native0 = native.live();
      expect(() => trainStep(model, adam, SET, xBad, targets)).toThrow(NonFiniteLossError);
      expect(snapshot()).toEqual(before);
      expect(tf.memory().numTensors).toBe(tensors0);
      expect(native.live()).toBe(native0);
    }
    expect(stepTraceStatus(model)[0]).toMatch(/replayed/);
    xBad.dispose();
    run.dispose();
  });

  it('replays leak neither tfjs tensors nor native tensors', async () => {
    await initEngine({ backend: 'torch' });
    const native = loadAddon() as TorchAddon;
    const run = smallRun(1, 5);
    const { model, adam, targets, x } = run;
    for (let i = 0; i < 3; i++) trainStep(model, adam, SET, x, targets); // two recordings, then a replay
    expect(stepTraceStatus(model)[0]).toMatch(/replayed/);
    const tensors0 = tf.memory().numTensors;
    const native0 = native.live();
    for (let i = 0; i < 30; i++) trainStep(model, adam, SET, x, targets);
    expect(tf.memory().numTensors).toBe(tensors0);
    expect(native.live()).toBe(native0);
    run.dispose();
  });
});
