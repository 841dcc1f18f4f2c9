import { describe, expect, it } from 'vitest';
import { ckaMatrix, groupSummaries, linearCKA, type Matrix } from '../../lib/analysis/cka.js';
import { type Random, analysisRandom } from '../../lib/random/index.js';
import { loadFixture, m64, relErr } from './fixtures.js';

const fx = loadFixture('cka.json');

function randn(rng: Random, n: number, d: number): Matrix {
  const data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return { data, rows: n, cols: d };
}

describe('linear CKA vs Kornblith reference formulas (numpy)', () => {
  it("reproduces Kornblith et al.'s demo values (seed 1337): 0.55761 biased, 0.51346 debiased", () => {
    const X = m64(fx.kornblith.x);
    const Y = m64(fx.kornblith.y);
    for (const form of ['gram', 'feature'] as const) {
      const b = linearCKA(X, Y, { form });
      const d = linearCKA(X, Y, { form, debiased: true });
      expect(relErr(b, fx.kornblith.biased)).toBeLessThan(1e-10);
      expect(relErr(d, fx.kornblith.debiased)).toBeLessThan(1e-10);
      expect(b.toFixed(5)).toBe('0.55761');
      expect(d.toFixed(5)).toBe('0.51346');
    }
  });

  it('matches numpy on seeded cases of varied shapes and distributions, both forms, to 1e-9 relative', () => {
    for (const c of fx.cases) {
      const X = m64(c.x);
      const Y = m64(c.y);
      for (const form of ['auto', 'gram', 'feature'] as const) {
        expect(relErr(linearCKA(X, Y, { form }), c.biased), `${c.kind} ${X.rows}x${X.cols} vs ${Y.cols} ${form}`).toBeLessThan(1e-9);
        expect(relErr(linearCKA(X, Y, { form, debiased: true }), c.debiased), `${c.kind} debiased ${form}`).toBeLessThan(1e-8);
      }
    }
  });

  it('accepts float32 activations', () => {
    const c = fx.cases[1];
    const X = { data: Float32Array.from(c.x.data), rows: c.x.rows, cols: c.x.cols };
    const Y = { data: Float32Array.from(c.y.data), rows: c.y.rows, cols: c.y.cols };
    expect(relErr(linearCKA(X, Y), c.biased)).toBeLessThan(1e-5);
  });

  it('pairwise matrix computes each Gram once and matches pairwise numpy values', () => {
    const reps = fx.matrix.reps.map(m64);
    for (const [key, debiased] of [['biased', false], ['debiased', true]] as const) {
      const S = ckaMatrix(reps, { debiased });
      const ref: number[] = fx.matrix[key];
      for (let i = 0; i < ref.length; i++) expect(Math.abs(S[i] - ref[i])).toBeLessThan(1e-9);
    }
  });

  it('group summaries: within = off-diagonal pairs, between = all pairs, population SD', () => {
    const S = Float64Array.from(fx.groups.sim.data);
    const got = groupSummaries(S, 7, fx.groups.groups);
    expect(got.length).toBe(fx.groups.summary.length);
    got.forEach((g, i) => {
      const r = fx.groups.summary[i];
      expect([g.a, g.b, g.count]).toEqual([r.a, r.b, r.count]);
      expect(g.mean).toBeCloseTo(r.mean, 12);
      expect(g.sd).toBeCloseTo(r.sd, 12);
    });
  });
});

describe('CKA invariances and edge cases', () => {
  const rng = analysisRandom(42);
  const X = randn(rng, 40, 12);
  const Y = randn(rng, 40, 9);
  for (let i = 0; i < Y.data.length; i++) Y.data[i] += X.data[Math.floor(i / 9) * 12 + (i % 9)];

  it('is 1 for identical inputs (both forms, both estimators)', () => {
    for (const form of ['gram', 'feature'] as const) {
      expect(linearCKA(X, X, { form })).toBeCloseTo(1, 12);
      expect(linearCKA(X, X, { form, debiased: true })).toBeCloseTo(1, 12);
    }
  });

  it('is invariant to orthogonal transforms and isotropic scaling, not to general linear maps', () => {
    const base = linearCKA(X, Y);
    // Orthogonal Q from Gram-Schmidt on a random matrix.
    const d = X.cols;
    const Q = new Float64Array(d * d);
    for (let j = 0; j < d; j++) {
      const v = Array.from({ length: d }, () => rng.normal());
      for (let k = 0; k < j; k++) {
        let p = 0;
        for (let t = 0; t < d; t++) p += v[t] * Q[t * d + k];
        for (let t = 0; t < d; t++) v[t] -= p * Q[t * d + k];
      }
      const nrm = Math.hypot(...v);
      for (let t = 0; t < d; t++) Q[t * d + j] = v[t] / nrm;
    }
    const XQ = new Float64Array(X.data.length);
    const XA = new Float64Array(X.data.length);
    for (let i = 0; i < X.rows; i++) {
      for (let j = 0; j < d; j++) {
        let s = 0, a = 0;
        for (let t = 0; t < d; t++) {
          s += X.data[i * d + t] * Q[t * d + j];
          a += X.data[i * d + t] * (t === j ? 1 + 5 * t : 0.3);
        }
        XQ[i * d + j] = s;
        XA[i * d + j] = a;
      }
    }
    expect(linearCKA({ ...X, data: XQ }, Y)).toBeCloseTo(base, 12);
    expect(linearCKA({ ...X, data: X.data.map((v) => v * 1.337e6) }, Y)).toBeCloseTo(base, 12);
    expect(linearCKA({ ...X, data: X.data.map((v) => v * 1e-170) }, Y)).toBeCloseTo(base, 10);
    expect(Math.abs(linearCKA({ ...X, data: XA }, Y) - base)).toBeGreaterThan(1e-3);
  });

  it('gives a clear error, not NaN, for constant, tiny-n, mismatched or non-finite inputs', () => {
    const constant = { data: new Float64Array(40 * 3).fill(2.5), rows: 40, cols: 3 };
    for (const form of ['gram', 'feature'] as const) {
      expect(() => linearCKA(constant, Y, { form })).toThrow(/X has no variance/);
      expect(() => linearCKA(X, constant, { form, debiased: true })).toThrow(/Y has no variance/);
    }
    const one = { data: new Float64Array([1, 2]), rows: 1, cols: 2 };
    expect(() => linearCKA(one, one)).toThrow(/at least 2 rows/);
    const two = { data: new Float64Array([1, 2, 3, 4]), rows: 2, cols: 2 };
    expect(() => linearCKA(two, two, { debiased: true })).toThrow(/at least 3 rows/);
    expect(linearCKA(two, two)).toBeCloseTo(1, 12);
    expect(() => linearCKA(X, { ...Y, rows: 39, data: Y.data.subarray(0, 39 * 9) })).toThrow(/same examples/);
    const bad = Float64Array.from(X.data);
    bad[5] = NaN;
    expect(() => linearCKA({ ...X, data: bad }, Y)).toThrow(/non-finite value at row 0, column 5/);
    expect(() => ckaMatrix([X, constant])).toThrow(/representation 1 has no variance/);
  });

  it('streams Grams over feature blocks: many features (> block width) agree with the feature form', () => {
    const A = randn(rng, 15, 700);
    const B = randn(rng, 15, 530);
    expect(linearCKA(A, B, { form: 'gram' })).toBeCloseTo(linearCKA(A, B, { form: 'feature' }), 12);
  });
});

describe('mixed-precision Gram (float32 tf.matMul blocks, float64 sum)', () => {
  it('agrees with the float64 path to ~1e-6', async () => {
    const { initEngine } = await import('../../lib/engine/index.js');
    await initEngine();
    const rng = analysisRandom(5);
    const A = randn(rng, 30, 2500);
    const B = randn(rng, 30, 1100);
    for (let i = 0; i < B.data.length; i++) B.data[i] += A.data[i];
    const exact = linearCKA(A, B, { form: 'gram' });
    expect(Math.abs(linearCKA(A, B, { form: 'gram', precision: 'mixed' }) - exact)).toBeLessThan(1e-5);
    const S = ckaMatrix([A, B], { precision: 'mixed' });
    expect(Math.abs(S[1] - exact)).toBeLessThan(1e-5);
  });
});

describe('ckaMatrix with a loader', () => {
  it('equals the array form and loads each representation once', () => {
    const reps = fx.matrix.reps.map(m64);
    const loads: number[] = [];
    const S = ckaMatrix({ count: reps.length, load: (i) => { loads.push(i); return reps[i]; } });
    expect(loads).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(S)).toEqual(Array.from(ckaMatrix(reps)));
  });
});
