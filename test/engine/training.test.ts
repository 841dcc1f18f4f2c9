// The engine's promise to every later issue: a conv net with batch norm, max-pool, Adam and softmax
// cross-entropy trains on wasm and on cpu (loss falls), and a training step leaks no tensors.
import { describe, expect, it } from 'vitest';
import { initEngine, tf } from '../../lib/engine/index.js';

// Images 16x16x3 with one bright 4x4 blob in one of 4 quadrants; the class is the quadrant.
function makeData(n: number, seed: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const px = new Float32Array(n * 16 * 16 * 3);
  const labels = new Int32Array(n);
  let s = seed >>> 0;
  const rnd = () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296; };
  for (let i = 0; i < n; i++) {
    const q = Math.floor(rnd() * 4);
    labels[i] = q;
    const oy = (q >> 1) * 8 + Math.floor(rnd() * 4), ox = (q & 1) * 8 + Math.floor(rnd() * 4);
    for (let p = 0; p < 16 * 16 * 3; p++) px[i * 768 + p] = 0.3 * (rnd() - 0.5);
    for (let yy = 0; yy < 4; yy++) for (let xx = 0; xx < 4; xx++) for (let c = 0; c < 3; c++) {
      px[i * 768 + ((oy + yy) * 16 + ox + xx) * 3 + c] += 1;
    }
  }
  return { x: tf.tensor4d(px, [n, 16, 16, 3]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 4) as tf.Tensor2D };
}

function convBnRelu(x: tf.Tensor4D, w: tf.Variable, gamma: tf.Variable, beta: tf.Variable, stride: number): tf.Tensor4D {
  const c = tf.conv2d(x, w as tf.Tensor4D, stride, 'same');
  const { mean, variance } = tf.moments(c, [0, 1, 2]);
  return tf.relu(tf.batchNorm(c, mean, variance, beta, gamma, 1e-5)) as tf.Tensor4D;
}

async function trainOn(backend: 'wasm' | 'cpu') {
  await initEngine({ backend });
  tf.setBackend(backend);
  let s = 42;
  const init = (shape: number[], scale: number) => {
    const a = new Float32Array(shape.reduce((p, q) => p * q));
    for (let i = 0; i < a.length; i++) { s = (s * 1664525 + 1013904223) >>> 0; a[i] = (s / 4294967296 - 0.5) * 2 * scale; }
    return tf.variable(tf.tensor(a, shape));
  };
  const p = {
    w1: init([3, 3, 3, 8], 0.5), g1: tf.variable(tf.ones([8])), b1: tf.variable(tf.zeros([8])),
    w2: init([3, 3, 8, 16], 0.2), g2: tf.variable(tf.ones([16])), b2: tf.variable(tf.zeros([16])),
    wf: init([16, 4], 0.3), bf: tf.variable(tf.zeros([4])),
  };
  const { x, y } = makeData(64, 3);
  const opt = tf.train.adam(1e-2);
  const lossFn = () => tf.tidy(() => {
    const h1 = convBnRelu(x, p.w1, p.g1, p.b1, 1);
    const pooled = tf.maxPool(h1, 2, 2, 'same');
    const h2 = convBnRelu(pooled, p.w2, p.g2, p.b2, 2);
    const feat = tf.mean(h2, [1, 2]) as tf.Tensor2D;
    const logits = tf.add(tf.matMul(feat, p.wf), p.bf);
    return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
  });
  const losses: number[] = [];
  // Warm-up step creates Adam's slot variables; after it, tensor count must stay flat.
  losses.push(opt.minimize(lossFn, true)!.dataSync()[0]!);
  const tensorsAfterWarmup = tf.memory().numTensors;
  for (let i = 0; i < 40; i++) {
    const l = opt.minimize(lossFn, true)!;
    losses.push(l.dataSync()[0]!);
    l.dispose();
  }
  const leaked = tf.memory().numTensors - tensorsAfterWarmup;
  opt.dispose();
  tf.dispose([x, y, ...Object.values(p)]);
  return { losses, leaked };
}

describe('a small conv net with batch norm trains', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    it(`on ${backend}: loss falls, no tensors leak`, async () => {
      const { losses, leaked } = await trainOn(backend);
      expect(losses.every(Number.isFinite)).toBe(true);
      const first = losses[0]!, last = losses.slice(-5).reduce((a, b) => a + b) / 5;
      expect(first).toBeGreaterThan(1.0);           // ~ln 4 at random init
      expect(last).toBeLessThan(0.5 * first);
      expect(leaked).toBe(0);
    });
  }
});
