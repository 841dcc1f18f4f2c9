// Every kernel lib/engine registers must agree with the stock tfjs cpu kernel it replaces or supplies,
// in its own result and in the conv gradients it produces, on many shapes, and must not leak tensors.
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '../../lib/engine/index.js';
import { KERNEL_PATCHES, stockKernel } from '../../lib/engine/kernels/registry.js';

interface Case { n: number; h: number; w: number; cin: number; cout: number; k: number; s: number; pad: 'same' | 'valid' }

// Deterministic sweep: strides 1-3, kernels 1/3/5/7, same/valid, odd and even sizes, varied channels.
function cases(): Case[] {
  const out: Case[] = [];
  let seed = 7;
  const rnd = (m: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % m; };
  for (const k of [1, 3, 5, 7]) {
    for (const s of [1, 2, 3]) {
      for (const pad of ['same', 'valid'] as const) {
        const h = k + rnd(9) + (pad === 'valid' ? 0 : 1);
        out.push({ n: 1 + rnd(3), h, w: k + rnd(10), cin: 1 + rnd(5), cout: 1 + rnd(6), k, s, pad });
      }
    }
  }
  out.push({ n: 2, h: 17, w: 17, cin: 8, cout: 16, k: 3, s: 2, pad: 'same' });   // ResNet downsampling block
  out.push({ n: 2, h: 16, w: 16, cin: 8, cout: 16, k: 1, s: 2, pad: 'valid' });  // 1x1 projection shortcut
  out.push({ n: 1, h: 32, w: 30, cin: 3, cout: 8, k: 7, s: 2, pad: 'same' });    // stem
  return out;
}

function randArray(len: number, seed: number): Float32Array {
  const a = new Float32Array(len);
  let s = seed >>> 0;
  for (let i = 0; i < len; i++) { s = (s * 1664525 + 1013904223) >>> 0; a[i] = s / 4294967296 - 0.5; }
  return a;
}

function inputsFor(c: Case) {
  const xShape = [c.n, c.h, c.w, c.cin] as [number, number, number, number];
  const wShape = [c.k, c.k, c.cin, c.cout] as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(xShape, wShape, c.s, 1, c.pad);
  const yShape = [c.n, info.outHeight, info.outWidth, c.cout] as [number, number, number, number];
  return {
    xShape, wShape, yShape,
    x: randArray(xShape.reduce((a, b) => a * b), 1 + c.h * 31 + c.k),
    w: randArray(wShape.reduce((a, b) => a * b), 2 + c.cout * 17 + c.s),
    dy: randArray(yShape.reduce((a, b) => a * b), 3 + c.w * 13),
  };
}

/** Runs the stock (unpatched) cpu kernel directly on cpu tensors. */
function stockCpu(kernelName: string, inputs: Record<string, tf.Tensor>, attrs: object): Float32Array {
  const cfg = stockKernel(kernelName, 'cpu') ?? tf.getKernel(kernelName, 'cpu');
  if (!cfg) throw new Error(`no stock cpu kernel ${kernelName}`);
  const backend = tf.findBackend('cpu')!;
  const out = cfg.kernelFunc({ inputs, attrs: attrs as tf.NamedAttrMap, backend }) as tf.TensorInfo;
  const vals = backend.readSync(out.dataId) as Float32Array;
  backend.disposeData(out.dataId);
  return Float32Array.from(vals);
}

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let maxDiff = 0, maxRef = 1e-6;
  for (let i = 0; i < a.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
    maxRef = Math.max(maxRef, Math.abs(b[i]!));
  }
  return maxDiff / maxRef;
}

interface Reference { filterGrad: Float32Array; inputGrad: Float32Array }
const ALL = cases();
const reference = new Map<Case, Reference>();

beforeAll(async () => {
  await initEngine({ backend: 'cpu' }); // registers the patches on cpu (keeping the stock kernels aside)
  for (const c of ALL) {
    const d = inputsFor(c);
    tf.tidy(() => {
      const x = tf.tensor4d(d.x, d.xShape), w = tf.tensor4d(d.w, d.wShape), dy = tf.tensor4d(d.dy, d.yShape);
      const attrs = { strides: [c.s, c.s], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
      reference.set(c, {
        filterGrad: stockCpu('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: d.wShape }),
        inputGrad: stockCpu('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: d.xShape }),
      });
    });
  }
});

const label = (c: Case) => `n${c.n} ${c.h}x${c.w}x${c.cin}->${c.cout} k${c.k} s${c.s} ${c.pad}`;

for (const backendName of ['cpu', 'wasm'] as const) {
  describe(`patched kernels on ${backendName}`, () => {
    beforeAll(async () => { await initEngine({ backend: backendName }); });

    it('patches the kernels the registry lists', async () => {
      const info = await initEngine({ backend: backendName });
      const expected = KERNEL_PATCHES.filter((p) => p.backendName === backendName).map((p) => p.kernelName);
      expect(info.patchedKernels.sort()).toEqual(expected.sort());
      expect(expected).toContain('Conv2DBackpropFilter');
    });

    it.each(ALL.map((c) => [label(c), c] as const))('kernel results match stock cpu: %s', (_name, c) => {
      const d = inputsFor(c);
      const ref = reference.get(c)!;
      const before = tf.memory().numTensors;
      const attrs = { strides: [c.s, c.s], pad: c.pad, dataFormat: 'NHWC' };
      const [fg, ig] = tf.tidy(() => {
        const x = tf.tensor4d(d.x, d.xShape), w = tf.tensor4d(d.w, d.wShape), dy = tf.tensor4d(d.dy, d.yShape);
        const fgT = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: d.wShape }) as tf.Tensor;
        const igT = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: d.xShape }) as tf.Tensor;
        return [fgT.dataSync().slice(), igT.dataSync().slice()];
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(relErr(fg!, ref.filterGrad)).toBeLessThan(2e-5);
      expect(relErr(ig!, ref.inputGrad)).toBeLessThan(2e-5);
    });

    it.each(ALL.map((c) => [label(c), c] as const))('conv2d gradients via tf.grads match stock cpu: %s', (_name, c) => {
      const d = inputsFor(c);
      const ref = reference.get(c)!;
      const before = tf.memory().numTensors;
      const [gx, gw] = tf.tidy(() => {
        const x = tf.tensor4d(d.x, d.xShape), w = tf.tensor4d(d.w, d.wShape), dy = tf.tensor4d(d.dy, d.yShape);
        // loss = sum(conv(x, w) * dy) has upstream gradient exactly dy.
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad), dy)));
        const [ga, gb] = g([x, w]);
        return [ga!.dataSync().slice(), gb!.dataSync().slice()];
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(relErr(gx!, ref.inputGrad)).toBeLessThan(2e-5);
      expect(relErr(gw!, ref.filterGrad)).toBeLessThan(2e-5);
    });
  });
}

describe('engine choice', () => {
  it('rejects an unknown WHATWHERE_BACKEND value with the allowed names', async () => {
    const { BACKEND_ORDER } = await import('../../lib/engine/index.js');
    expect(BACKEND_ORDER).toEqual(['torch', 'tensorflow', 'wasm', 'cpu']);
    await expect(initEngine({ backend: 'gpu' as never })).rejects.toThrow(/expected one of torch, tensorflow, wasm, cpu/);
  });
});
