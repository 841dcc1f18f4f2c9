import { describe, expect, it } from 'vitest';
import { plsCosts, PLSRegression } from '../../lib/alignment/pls.js';
import type { Matrix } from '../../lib/analysis/estimator.js';
import { fixture, maxRelErr } from './fixtures.js';

interface Case { n: number; d: number; m: number; components: number; rows: number; X: number[]; Y: number[]; Xtest: number[]; pred: number[]; n_iter: number[] }

const matrix = (data: number[], rows: number): Matrix => ({ data: Float64Array.from(data), rows, cols: data.length / rows });
const fitCase = (pls: PLSRegression, c: Case): PLSRegression => pls.fit(matrix(c.X, c.n), matrix(c.Y, c.n));

describe('PLSRegression matches scikit-learn PLSRegression(scale=False)', () => {
  const { cases } = fixture<{ cases: Case[] }>('pls.json');
  for (const c of cases) for (const form of ['direct', 'gram', 'cross'] as const) {
    it(`n=${c.n} d=${c.d} m=${c.m} components=${c.components}, ${form} form: predictions on unseen X to 1e-6 relative`, () => {
      const pls = fitCase(new PLSRegression({ components: c.components, form }), c);
      expect(pls.usedForm).toBe(form);
      const pred = pls.predict(matrix(c.Xtest, c.rows));
      expect([pred.rows, pred.cols, pred.data.length]).toEqual([c.rows, c.m, c.rows * c.m]);
      expect(maxRelErr(pred.data, c.pred)).toBeLessThan(1e-6);
      expect(pls.nIter).toEqual(c.n_iter);
    });
  }

  it('picks the cheapest form: cross-covariance for few targets, Gram for few samples, direct otherwise', () => {
    expect(plsCosts(2880, 1000, 168, 25).cross).toBeLessThan(plsCosts(2880, 1000, 168, 25).direct); // MajajHong-sized
    const pick = (n: number, d: number, m: number): string => { const c = plsCosts(n, d, m, 25); return (Object.keys(c) as (keyof typeof c)[]).reduce((a, b) => (c[b] < c[a] ? b : a)); };
    expect(pick(2880, 1000, 168)).toBe('cross');
    expect(pick(100, 50000, 400)).toBe('gram');
    expect(pick(1000, 50, 1000)).toBe('direct');
    expect(fitCase(new PLSRegression(), cases[0]).usedForm).toBe('cross');
  });

  it('rejects more components than features and unfitted prediction, naming the problem', () => {
    expect(() => new PLSRegression({ components: 5 }).fit(matrix(Array(12).fill(0), 4), matrix([0, 0, 0, 0], 4))).toThrow(/components must be in \[1, 3\]/);
    expect(() => new PLSRegression().predict(matrix([1], 1))).toThrow(/call fit first/);
    expect(() => new PLSRegression({ components: 1 }).fit(matrix([1, 2, 3, 4], 2), matrix([1, 2, 3], 3))).toThrow(/X has 2 rows but Y has 3/);
  });

  it('scores by the mean R^2 over targets: 1 on a perfectly linear fit, sklearn r2_score per target otherwise', () => {
    // Y's first target is exactly linear in X; the second is not, so its R^2 is below 1.
    const X = matrix([0, 1, 1, 0, 2, 1, 3, 5, 4, 2, 1, 1], 6);
    const Y = matrix([1, 0, 2, 1, 5, 0, 11, 1, 10, 0, 3, 1], 6);
    const pls = new PLSRegression({ components: 2 }).fit(X, Y);
    const pred = pls.predict(X);
    const r2 = [0, 1].map((o) => {
      const yt = [0, 1, 2, 3, 4, 5].map((r) => Y.data[r * 2 + o]);
      const yp = [0, 1, 2, 3, 4, 5].map((r) => pred.data[r * 2 + o]);
      const mu = yt.reduce((a, b) => a + b) / 6;
      return 1 - yt.reduce((a, y, r) => a + (y - yp[r]) ** 2, 0) / yt.reduce((a, y) => a + (y - mu) ** 2, 0);
    });
    expect(r2[0]).toBeCloseTo(1, 12);
    expect(r2[1]).toBeLessThan(0.99);
    expect(pls.score(X, Y)).toBeCloseTo((r2[0] + r2[1]) / 2, 14);
  });
});
