// A ResNet-18 training step on torch against the same step on wasm (the project's default
// backend): same loss, same gradients for every parameter, same Adam update and running
// statistics. Then many steps on torch: no tfjs tensors and no native tensors accumulate.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initEngine } from '../../lib/engine/index.js';
import { loadAddon, type TorchAddon } from '../../lib/native/addon.js';
import { createResNet, disposeResNet } from '../../lib/models/index.js';
import { Adam, trainStep } from '../../lib/train/index.js';
import { torchAvailable } from './harness.js';
import { inputs, maxAbsDiff, N, oneStep, relErr, SET } from './train_step.js';

// Ask for torch by name: the engine uses it then even while it is not the default backend.
process.env.WHATWHERE_BACKEND = 'torch';
const available = await torchAvailable();
const required = process.env.WHATWHERE_REQUIRE_TORCH === '1';

describe.skipIf(available !== true && !required)('ResNet-18 training on torch', () => {
  it('one step matches wasm: loss, every gradient, Adam update and BN running stats', async () => {
    const ref = await oneStep('wasm');
    const got = await oneStep('torch');
    expect(Math.abs(got.loss - ref.loss)).toBeLessThan(1e-4 * Math.abs(ref.loss));
    expect(got.grads.size).toBe(62);
    const worst: [string, number][] = [];
    for (const [name, g] of ref.grads) worst.push([name, relErr(got.grads.get(name)!, g)]);
    worst.sort((a, b) => b[1] - a[1]);
    expect(worst[0][1], `worst gradient ${worst[0][0]}`).toBeLessThan(2e-3);
    // Adam's first step moves each weight by about lr * sign(g): where a gradient is float noise
    // around zero the two backends may step opposite ways, so weights agree within 2 lr.
    // The BatchNorm running statistics are plain arithmetic and agree tightly.
    for (const [name, v] of ref.after) {
      const a = got.after.get(name)!;
      if (name.includes('running_')) expect(relErr(a, v), name).toBeLessThan(1e-4);
      else expect(maxAbsDiff(a, v), name).toBeLessThan(2e-3 + 1e-5);
    }
  });

  it('100 steps leak neither tfjs tensors nor native tensors, and RSS stays bounded', async () => {
    await initEngine({ backend: 'torch' });
    const native = loadAddon() as TorchAddon;
    const model = createResNet({ arch: 'resnet18', width: 0.125, numOutputs: SET.outputs }, 1);
    const adam = new Adam(model.vars, model.trainable, { lr: 1e-3 });
    const { images, targets } = inputs(5);
    const x = tf.tensor4d(images.subarray(0, N * 16 * 16 * 3), [N, 16, 16, 3]);
    trainStep(model, adam, SET, x, targets);
    const tensors0 = tf.memory().numTensors;
    const native0 = native.live();
    let rss10 = 0;
    for (let i = 1; i <= 100; i++) {
      trainStep(model, adam, SET, x, targets);
      if (i === 20) rss10 = process.memoryUsage().rss;
    }
    expect(tf.memory().numTensors).toBe(tensors0);
    expect(native.live()).toBe(native0);
    // allocator noise only: well under what 80 leaked steps of activations would take
    expect(process.memoryUsage().rss - rss10).toBeLessThan(64 * 1024 * 1024);
    x.dispose();
    adam.dispose();
    disposeResNet(model);
    expect(native.live()).toBe(native0 - (tensors0 - tf.memory().numTensors));
  });
});
