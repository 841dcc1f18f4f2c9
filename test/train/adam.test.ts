// lib/train/adam.ts against torch.optim.Adam (data/fixtures/train/adam.json, scripts/fixtures/train.py),
// and exact continuation after a state save/load (what checkpoints rely on).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '../../lib/engine/index.js';
import { Adam } from '../../lib/train/index.js';

const fx = JSON.parse(readFileSync(join(process.cwd(), 'data/fixtures/train/adam.json'), 'utf8')) as {
  lr: number; p0: number[]; grads: number[][]; trajectory: number[][]; exp_avg: number[]; exp_avg_sq: number[];
};

beforeAll(async () => { await initEngine(); });

function setup() {
  const params = new Map([['w', tf.variable(tf.tensor1d(fx.p0))]]);
  return { params, adam: new Adam(params, ['w'], { lr: fx.lr }) };
}

describe('Adam', () => {
  it('follows torch.optim.Adam step by step', () => {
    const { params, adam } = setup();
    fx.grads.forEach((g, i) => {
      const gt = tf.tensor1d(g);
      adam.apply(params, new Map([['w', gt]]));
      gt.dispose();
      const got = params.get('w')!.dataSync();
      fx.trajectory[i]!.forEach((v, j) => expect(got[j]!, `step ${i + 1}[${j}]`).toBeCloseTo(v, 6));
    });
    const s = adam.state();
    fx.exp_avg.forEach((v, j) => expect(s.m.get('w')![j]!).toBeCloseTo(v, 7));
    fx.exp_avg_sq.forEach((v, j) => expect(s.v.get('w')![j]! / v).toBeCloseTo(1, 5));
    expect(s.step).toBe(6);
    adam.dispose(); params.get('w')!.dispose();
  });

  it('a restored state continues bit-identically, and leaks no tensors', () => {
    const a = setup();
    const step = (x: ReturnType<typeof setup>, g: number[]) => { const t = tf.tensor1d(g); x.adam.apply(x.params, new Map([['w', t]])); t.dispose(); };
    for (const g of fx.grads.slice(0, 3)) step(a, g);
    const b = setup();
    b.params.get('w')!.assign(tf.tensor1d(a.params.get('w')!.dataSync() as Float32Array));
    b.adam.load(a.adam.state(), 'test');
    const before = tf.memory().numTensors;
    for (const g of fx.grads.slice(3)) { step(a, g); step(b, g); }
    expect(Array.from(b.params.get('w')!.dataSync())).toEqual(Array.from(a.params.get('w')!.dataSync()));
    expect(tf.memory().numTensors).toBe(before);
    for (const x of [a, b]) { x.adam.dispose(); x.params.get('w')!.dispose(); }
    expect(() => new Adam(new Map(), ['nope'], { lr: 1 })).toThrow(/no parameter 'nope'/);
  });
});
