import { describe, expect, it } from 'vitest';
import { plsCosts, PLSRegression } from '../../lib/alignment/pls.js';
import { fixture, maxRelErr } from './fixtures.js';

interface Case { n: number; d: number; m: number; components: number; rows: number; X: number[]; Y: number[]; Xtest: number[]; pred: number[]; n_iter: number[] }

describe('PLSRegression matches scikit-learn PLSRegression(scale=False)', () => {
  const { cases } = fixture<{ cases: Case[] }>('pls.json');
  for (const c of cases) for (const form of ['direct', 'gram', 'cross'] as const) {
    it(`n=${c.n} d=${c.d} m=${c.m} components=${c.components}, ${form} form: predictions on unseen X to 1e-6 relative`, () => {
      const pls = new PLSRegression({ components: c.components, form }).fit(c.X, c.Y, c.n);
      expect(pls.usedForm).toBe(form);
      const pred = pls.predict(c.Xtest, c.rows);
      expect(pred.length).toBe(c.rows * c.m);
      expect(maxRelErr(pred, c.pred)).toBeLessThan(1e-6);
      expect(pls.nIter).toEqual(c.n_iter);
    });
  }

  it('picks the cheapest form: cross-covariance for few targets, Gram for few samples, direct otherwise', () => {
    expect(plsCosts(2880, 1000, 168, 25).cross).toBeLessThan(plsCosts(2880, 1000, 168, 25).direct); // MajajHong-sized
    const pick = (n: number, d: number, m: number): string => { const c = plsCosts(n, d, m, 25); return (Object.keys(c) as (keyof typeof c)[]).reduce((a, b) => (c[b] < c[a] ? b : a)); };
    expect(pick(2880, 1000, 168)).toBe('cross');
    expect(pick(100, 50000, 400)).toBe('gram');
    expect(pick(1000, 50, 1000)).toBe('direct');
    expect(new PLSRegression().fit(cases[0].X, cases[0].Y, cases[0].n).usedForm).toBe('cross');
  });

  it('rejects more components than features and unfitted prediction, naming the problem', () => {
    expect(() => new PLSRegression({ components: 5 }).fit(new Float64Array(12), new Float64Array(4), 4)).toThrow(/components must be in \[1, 3\]/);
    expect(() => new PLSRegression().predict([1], 1)).toThrow(/call fit first/);
  });
});
