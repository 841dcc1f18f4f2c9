import { describe, expect, it } from 'vitest';
import { decode, kFold } from '../../lib/analysis/decode.js';
import { gaussianProject, jlMinDim, reduceForDecoding } from '../../lib/analysis/projection.js';
import { analysisRandom } from '../../lib/random/index.js';
import { loadFixture } from './fixtures.js';

const fx = loadFixture('decode.json');

describe('k-fold cross-validation', () => {
  it('splits like sklearn KFold: disjoint test folds covering all samples, first n % k one larger', () => {
    const folds = kFold(23, 5, 7);
    expect(folds.map((f) => f.test.length)).toEqual([5, 5, 5, 4, 4]);
    const seen = new Set<number>();
    for (const f of folds) {
      expect(f.train.length + f.test.length).toBe(23);
      for (const i of f.test) {
        expect(seen.has(i)).toBe(false);
        seen.add(i);
        expect(f.train.includes(i)).toBe(false);
      }
    }
    expect(seen.size).toBe(23);
    expect(kFold(23, 5, 7)).toEqual(folds);
    expect(kFold(23, 5, 8)).not.toEqual(folds);
    expect(Array.from(kFold(10, 5, 0, false)[1].test)).toEqual([2, 3]);
    expect(() => kFold(3, 5, 0)).toThrow(/cannot split 3 samples into 5 folds/);
  });
});

describe('decoding vs scikit-learn (unshuffled KFold(5), RidgeCV + Pearson r, LinearSVC(C=5e-3) accuracy)', () => {
  const X = Float64Array.from(fx.x.data);
  it('regression: per-fold Pearson r to 1e-7', () => {
    const rows = decode(X, fx.x.rows, fx.x.cols, fx.y, { kind: 'regress', shuffle: false, model: 'm', layer: 'l', target: 'x' });
    expect(rows.map((r) => r.fold)).toEqual([0, 1, 2, 3, 4]);
    rows.forEach((r, i) => {
      expect(r).toMatchObject({ model: 'm', layer: 'l', target: 'x', metric: 'pearson_r', projected: false });
      expect(Math.abs(r.score - fx.regress[i])).toBeLessThan(1e-7);
    });
  });
  it('classification: per-fold accuracy within one test sample of sklearn', () => {
    const rows = decode(X, fx.x.rows, fx.x.cols, fx.labels, { kind: 'classify', shuffle: false });
    rows.forEach((r, i) => expect(Math.abs(r.score - fx.classify[i])).toBeLessThanOrEqual(1 / 20 + 1e-12));
  });
  it('rejects unknown kinds and mismatched targets', () => {
    expect(() => decode(X, fx.x.rows, fx.x.cols, fx.y.slice(1), { kind: 'regress' })).toThrow(/99 targets for 100 rows/);
    expect(() => decode(X, fx.x.rows, fx.x.cols, fx.y, { kind: 'cluster' as 'regress' })).toThrow(/kind must be/);
  });
});

describe('Johnson-Lindenstrauss random projection', () => {
  it('projects only when features exceed the JL dimension', () => {
    const n = 10;
    const k = jlMinDim(n);
    const small = new Float64Array(n * 10);
    expect(reduceForDecoding(small, n, 10, 0).projected).toBe(false);
    const big = new Float32Array(n * (k + 5)).fill(1);
    const r = reduceForDecoding(big, n, k + 5, 0);
    expect(r.projected).toBe(true);
    expect(r.cols).toBe(k);
  });

  it('is seeded, N(0, 1/k) per entry, and preserves pairwise distances within eps', () => {
    const rng = analysisRandom(3);
    const n = 20, d = 3000, k = 1500;
    const X = new Float64Array(n * d);
    for (let i = 0; i < X.length; i++) X[i] = rng.normal();
    const P = gaussianProject(X, n, d, k, 9);
    expect(Array.from(gaussianProject(X, n, d, k, 9))).toEqual(Array.from(P));
    // Projecting the identity's first rows reveals the matrix: entry variance ~ 1/k.
    const E = new Float64Array(4 * d);
    for (let i = 0; i < 4; i++) E[i * d + i * 700] = 1;
    const R = gaussianProject(E, 4, d, k, 9);
    let s2 = 0;
    for (const v of R) s2 += v * v;
    expect(s2 / R.length).toBeCloseTo(1 / k, 4);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        let a = 0, b = 0;
        for (let t = 0; t < d; t++) a += (X[i * d + t] - X[j * d + t]) ** 2;
        for (let t = 0; t < k; t++) b += (P[i * k + t] - P[j * k + t]) ** 2;
        expect(Math.abs(b / a - 1)).toBeLessThan(0.15);
      }
    }
  });
});
