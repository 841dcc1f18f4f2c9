import { describe, expect, it } from 'vitest';
import { jlMinDim } from '../../lib/analysis/projection.js';
import { exactUpperTail, mannWhitneyU, mean, pearson, rankAverage, sd } from '../../lib/analysis/stats.js';
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
