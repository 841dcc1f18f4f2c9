import { describe, expect, it } from 'vitest';
import { jlMinDim } from '../../lib/analysis/projection.js';
import { dot, exactUpperTail, mannWhitneyU, mean, pearson, pearsonColumns, pearsonR, r2Score, rankAverage, sd } from '../../lib/analysis/stats.js';
import { loadFixture, relErr } from './fixtures.js';

const fx = loadFixture('stats.json');

describe('Mann-Whitney U vs scipy.stats.mannwhitneyu (1.10, two-sided, auto method)', () => {
  it('U exact and p to 1e-6 relative on exact, tied and large-sample cases', () => {
    for (const c of fx.mannwhitneyu) {
      const r = mannWhitneyU(c.a, c.b);
      const label = `${c.a.length} vs ${c.b.length} (${r.method})`;
      expect(r.U, label).toBe(c.U);
      expect(relErr(r.p, c.p), `${label}: p ${r.p} vs ${c.p}`).toBeLessThan(1e-6);
    }
  });

  it("gives the paper's smallest possible p for fully separated 6 vs 6 runs: 2/C(12,6)", () => {
    const r = mannWhitneyU([10, 11, 12, 13, 14, 15], [0, 1, 2, 3, 4, 5]);
    expect(r.method).toBe('exact');
    expect(r.U).toBe(36);
    expect(r.p).toBeCloseTo(2 / 924, 15);
  });

  it('uses the exact distribution only without ties and when a sample has <= 8 values', () => {
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6]).method).toBe('exact');
    expect(mannWhitneyU([1, 2, 3], [3, 5, 6]).method).toBe('asymptotic');
    expect(mannWhitneyU(Array.from({ length: 9 }, (_, i) => i), Array.from({ length: 9 }, (_, i) => i + 0.5)).method).toBe('asymptotic');
    expect(mannWhitneyU([1, 2], Array.from({ length: 30 }, (_, i) => i + 0.5)).method).toBe('exact');
  });

  it('exact null distribution sums to 1 and is symmetric', () => {
    expect(exactUpperTail(0, 6, 6)).toBeCloseTo(1, 14);
    for (let k = 0; k <= 20; k++) expect(exactUpperTail(k, 4, 5)).toBeCloseTo(1 - exactUpperTail(20 - k + 1, 4, 5), 14);
  });

  it('rejects empty or NaN samples with a clear message', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(/sample a is empty/);
    expect(() => mannWhitneyU([1], [NaN])).toThrow(/sample b contains NaN/);
  });
});

describe('Pearson r and p vs scipy.stats.pearsonr', () => {
  it('matches r to 1e-12 and p to 1e-9 relative', () => {
    for (const c of fx.pearson) {
      const r = pearson(c.x, c.y);
      expect(Math.abs(r.r - c.r)).toBeLessThan(1e-12);
      expect(relErr(r.p, c.p), `n=${c.x.length}: ${r.p} vs ${c.p}`).toBeLessThan(1e-9);
    }
  });
  it('errors on constant input instead of returning NaN', () => {
    expect(() => pearson([1, 1, 1], [1, 2, 3])).toThrow(/constant/);
  });
  it('pearsonR: the same r as pearson; NaN on constant input only when asked; lengths must agree', () => {
    for (const c of fx.pearson) expect(pearsonR(c.x, c.y)).toBe(pearson(c.x, c.y).r);
    expect(() => pearsonR([1, 2, 3], [5, 5, 5])).toThrow('pearson: an input is constant, so the correlation is undefined');
    expect(pearsonR([1, 2, 3], [5, 5, 5], 'nan')).toBeNaN();
    expect(pearsonR([1, 2, NaN], [1, 2, 3], 'nan')).toBeNaN();
    expect(() => pearsonR([1, 2, 3], [1, 2])).toThrow(/differ in length \(3 vs 2\)/);
  });
  it('pearsonColumns: each column equals pearsonR of that column pair; a constant column is NaN', () => {
    const c0 = fx.pearson[0];
    const n = c0.x.length;
    const A = new Float64Array(n * 2), B = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) { A[2 * i] = c0.x[i]; B[2 * i] = c0.y[i]; A[2 * i + 1] = i; B[2 * i + 1] = 7; }
    const r = pearsonColumns(A, B, n, 2);
    expect(r[0]).toBeCloseTo(c0.r, 12);
    expect(r[1]).toBeNaN();
    expect(() => pearsonColumns(A, B, n, 3)).toThrow(/expected \d+ x 3 values/);
  });
});

describe('R^2 like sklearn.metrics.r2_score(y_true, y_pred)', () => {
  it('argument order matters: SS_tot is taken from y_true', () => {
    // y_true = [1, 2, 3, 4], y_pred = [1, 1, 1, 1]: SS_res = 0+1+4+9 = 14, SS_tot = 5 -> 1 - 14/5 = -1.8;
    // the other way round y_true is constant and sklearn (force_finite) answers 0.
    expect(r2Score([1, 2, 3, 4], [1, 1, 1, 1])).toBeCloseTo(-1.8, 14);
    expect(r2Score([1, 1, 1, 1], [1, 2, 3, 4])).toBe(0);
    // y_true = [0, 2], y_pred = [1, 2]: SS_res = 1, SS_tot = 2 -> 0.5
    expect(r2Score([0, 2], [1, 2])).toBe(0.5);
  });
  it('constant y_true: 1 / 0 as sklearn by default, NaN or an error when asked', () => {
    expect(r2Score([3, 3], [3, 3])).toBe(1);
    expect(r2Score([3, 3], [3, 4])).toBe(0);
    expect(r2Score([3, 3], [3, 3], 'nan')).toBeNaN();
    expect(() => r2Score([3, 3], [3, 4], 'throw')).toThrow('r2Score: y_true is constant, so R^2 is undefined');
    expect(r2Score([1, NaN], [1, 2])).toBeNaN();
    expect(() => r2Score([1, 2], [1])).toThrow(/differ in length/);
  });
});

describe('dot', () => {
  it('sums left to right in float64', () => {
    expect(dot([1, 2, 3], [4, 5, 6])).toBe(32);
    expect(dot(new Float64Array([1e16, 1, -1e16]), new Float64Array([1, 1, 1]))).toBe(0);   // order fixed: (1e16 + 1) - 1e16
  });
});

describe('helpers', () => {
  it('mean and SD (ddof 0 like np.std, ddof 1 on request)', () => {
    for (const c of fx.meansd) {
      expect(mean(c.x)).toBeCloseTo(c.mean, 14);
      expect(sd(c.x)).toBeCloseTo(c.sd, 14);
      expect(sd(c.x, 1)).toBeCloseTo(c.sd1, 14);
    }
  });
  it('average ranks for ties', () => {
    expect(Array.from(rankAverage([3, 1, 3, 2]))).toEqual([3.5, 1, 3.5, 2]);
  });
  it('Johnson-Lindenstrauss minimum dimension equals sklearn (6515 for n = 2000, eps = 0.1)', () => {
    expect(jlMinDim(2000)).toBe(6515);
    for (const c of fx.jl) expect(jlMinDim(c.n, c.eps)).toBe(c.dim);
  });
});
