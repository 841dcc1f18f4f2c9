// lib/models against torchvision (data/fixtures/models/resnet.json, from scripts/fixtures/models.py):
// parameter counts, layer names and shapes at 224 px, and forward/backward numbers with formula weights.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '../../lib/engine/index.js';
import {
  applyBatchStats, architecture, createResNet, disposeResNet, forward, parameterCount, readWeights, writeWeights,
  type BnBatchStats, type ParamSpec, type ResNet,
} from '../../lib/models/index.js';

interface Summary { mean: number; std: number; absmax: number; idx: number[]; values: number[] }
interface NumericCase {
  arch: 'resnet18' | 'resnet50'; size: number; batch: number; numOutputs: number;
  eval: { output: number[]; taps: Record<string, Summary> };
  train: { output: number[]; loss: number; grads: Record<string, { norm: number; idx: number[]; values: number[] }>;
    running: Record<string, { running_mean: number[]; running_var: number[] }> };
}
const fixture = JSON.parse(readFileSync(join(process.cwd(), 'data/fixtures/models/resnet.json'), 'utf8')) as {
  archs: Record<string, { parameters: number; layerShapes224: Record<string, number[]>; layers: string[]; stateDict: string[] }>;
  numeric: NumericCase[];
};

// The fixture's weight formula, evaluated over the torch-layout flat index and laid out as lib/models stores it.
function phase(name: string): number {
  let s = 0;
  for (const ch of name) s += ch.charCodeAt(0);
  return 0.1 * name.length + 0.01 * (s % 100);
}
function formulaWeights(p: ParamSpec): Float32Array {
  const size = p.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  const ph = phase(p.name);
  const f = (i: number) => Math.sin(0.7 * i + ph);
  if (p.kind === 'conv') {
    const [kh, kw, cin, cout] = p.shape as [number, number, number, number];
    const scale = Math.sqrt(4 / (cin * kh * kw));
    for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let c = 0; c < cin; c++) for (let o = 0; o < cout; o++) {
      out[((y * kw + x) * cin + c) * cout + o] = scale * f(((o * cin + c) * kh + y) * kw + x);
    }
  } else if (p.kind === 'fc.weight') {
    const [nin, nout] = p.shape as [number, number];
    for (let c = 0; c < nin; c++) for (let o = 0; o < nout; o++) out[c * nout + o] = Math.sqrt(1 / nin) * f(o * nin + c);
  } else {
    const [a, b] = p.kind === 'bn.weight' ? [1, 0.2] : p.kind === 'bn.running_var' ? [1, 0.3] : [0, 0.1];
    for (let i = 0; i < size; i++) out[i] = a + b * f(i);
  }
  return out;
}

function input(n: number, size: number): tf.Tensor4D {
  const a = new Float32Array(n * 3 * size * size);
  for (let i = 0; i < a.length; i++) a[i] = Math.sin(0.05 * i + 0.3);
  return tf.tidy(() => tf.transpose(tf.tensor4d(a, [n, 3, size, size]), [0, 2, 3, 1]) as tf.Tensor4D);
}

function expectClose(actual: ArrayLike<number>, expected: number[], rel: number, what: string) {
  const scale = Math.max(1e-6, ...expected.map(Math.abs));
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i]! - expected[i]!) / scale;
    if (err > rel) throw new Error(`${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (rel err ${err.toExponential(2)})`);
  }
}

beforeAll(async () => { await initEngine(); });

describe('architecture', () => {
  for (const arch of ['resnet18', 'resnet50'] as const) {
    it(`${arch}: parameter count, names and 224 px layer shapes match torchvision`, () => {
      const ref = fixture.archs[arch]!;
      const a = architecture({ arch, width: 1, numOutputs: 1000 });
      expect(parameterCount(a)).toBe(ref.parameters);
      expect(a.params.map((p) => p.name)).toEqual(ref.stateDict);
      expect(a.layerNames).toEqual(ref.layers);
      // Shapes by propagating a 224 px input through the real forward pass (weights are cheap zeros).
      const m = createResNet({ arch, width: 1, numOutputs: 1000 }, 0);
      const shapes = tf.tidy(() => {
        const r = forward(m, tf.zeros([1, 224, 224, 3]) as tf.Tensor4D, { taps: a.layerNames });
        return Object.fromEntries(Object.entries(r.taps).map(([k, t]) => [k, t.shape]));
      });
      disposeResNet(m);
      for (const [k, s] of Object.entries(ref.layerShapes224)) {
        const mine = shapes[k]!;
        // torch keeps avgpool as [N, C, 1, 1]; ours is [N, C]
        expect(mine.filter((d) => d !== 1), k).toEqual(s.filter((d) => d !== 1));
      }
    });
  }

  it('the width multiplier scales every stage and keeps the names', () => {
    const a = architecture({ arch: 'resnet18', width: 0.25, numOutputs: 674 });
    expect(a.stemChannels).toBe(16);
    expect(a.blocks.map((b) => b.outChannels)).toEqual([16, 16, 32, 32, 64, 64, 128, 128]);
    expect(a.params.find((p) => p.name === 'fc.weight')!.shape).toEqual([128, 674]);
    expect(() => architecture({ arch: 'resnet34' as 'resnet18', width: 1, numOutputs: 2 })).toThrow(/expected one of resnet18, resnet50/);
  });
});

describe('seeded init', () => {
  it('is a pure function of (seed, name) with torchvision scales', () => {
    const a = createResNet({ arch: 'resnet18', width: 0.125, numOutputs: 5 }, 3);
    const b = createResNet({ arch: 'resnet18', width: 0.125, numOutputs: 9 }, 3);
    const c = createResNet({ arch: 'resnet18', width: 0.125, numOutputs: 5 }, 4);
    const wa = readWeights(a), wb = readWeights(b), wc = readWeights(c);
    expect(wa.get('layer2.0.conv1.weight')).toEqual(wb.get('layer2.0.conv1.weight')); // head size leaves the backbone alone
    expect(wa.get('layer2.0.conv1.weight')).not.toEqual(wc.get('layer2.0.conv1.weight'));
    const w = wa.get('layer3.0.conv2.weight')!; // 3x3x32x32: kaiming fan_out std sqrt(2/(32*9))
    const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    expect(std).toBeGreaterThan(0.8 * Math.sqrt(2 / 288));
    expect(std).toBeLessThan(1.2 * Math.sqrt(2 / 288));
    expect(Array.from(wa.get('bn1.running_var')!)).toEqual(new Array(8).fill(1));
    const fc = wa.get('fc.weight')!; // U(-1/sqrt(64), 1/sqrt(64))
    expect(Math.max(...fc.map(Math.abs))).toBeLessThanOrEqual(1 / 8);
    for (const m of [a, b, c]) disposeResNet(m);
  });
});

describe('forward and backward match torchvision numbers', () => {
  for (const ref of fixture.numeric) {
    it(`${ref.arch} @ ${ref.size}px, formula weights: eval taps, train output, running stats, gradients`, () => {
      const m: ResNet = createResNet({ arch: ref.arch, width: 1, numOutputs: ref.numOutputs }, 0);
      writeWeights(m, new Map(m.arch.params.map((p) => [p.name, formulaWeights(p)])));
      const x = input(ref.batch, ref.size);
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const r = forward(m, x, { taps: Object.keys(ref.eval.taps) });
        expectClose(r.output!.dataSync(), ref.eval.output, 2e-4, 'eval output');
        for (const [k, s] of Object.entries(ref.eval.taps)) {
          const a = r.taps[k]!.dataSync();
          expectClose(s.idx.map((i) => a[i]!), s.values, 2e-4, `eval ${k}`);
        }
      });
      // Training mode: batch statistics; loss = sum(out * c); gradients and running-stat updates.
      const stats: BnBatchStats[] = [];
      const c = tf.tidy(() => tf.cos(tf.mul(tf.range(0, ref.batch * ref.numOutputs), 0.3)).reshape([ref.batch, ref.numOutputs]));
      const names = Object.keys(ref.train.grads);
      const { value, grads } = tf.variableGrads(() => {
        const r = forward(m, x, { training: true, bnStats: stats });
        return tf.sum(tf.mul(r.output!, c)) as tf.Scalar;
      }, names.map((n) => m.vars.get(n)!));
      expect(value.dataSync()[0]).toBeCloseTo(ref.train.loss, 2);
      // Backprop through ~50 BatchNorms over a batch of 2 accumulates float32 differences: 1e-3 (r18), 1e-2 (r50).
      const gtol = ref.arch === 'resnet18' ? 1e-3 : 1e-2;
      for (const n of names) {
        const g = grads[m.vars.get(n)!.name]!.dataSync() as Float32Array;
        const e = ref.train.grads[n]!;
        expectClose(e.idx.map((i) => g[i]!), e.values, gtol, `grad ${n}`);
        const norm = Math.sqrt(g.reduce((s, v) => s + v * v, 0));
        expect(Math.abs(norm - e.norm) / e.norm, `grad norm ${n}`).toBeLessThan(gtol);
      }
      applyBatchStats(m, stats);
      for (const [bn, e] of Object.entries(ref.train.running)) {
        expectClose(m.vars.get(`${bn}.running_mean`)!.dataSync().slice(0, 8), e.running_mean, 1e-4, `${bn}.running_mean`);
        expectClose(m.vars.get(`${bn}.running_var`)!.dataSync().slice(0, 8), e.running_var, 1e-4, `${bn}.running_var`);
      }
      value.dispose(); c.dispose();
      for (const g of Object.values(grads)) g.dispose();
      expect(tf.memory().numTensors).toBe(before + 0); // stats were disposed by applyBatchStats
      x.dispose();
      disposeResNet(m);
    });
  }
});
