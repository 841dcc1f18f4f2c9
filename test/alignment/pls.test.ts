import { describe, expect, it } from 'vitest';
import { PLSRegression } from '../../lib/alignment/pls.js';
import { fixture, maxRelErr } from './fixtures.js';

interface Case { n: number; d: number; m: number; components: number; rows: number; X: number[]; Y: number[]; Xtest: number[]; pred: number[]; n_iter: number[] }

describe('PLSRegression matches scikit-learn PLSRegression(scale=False)', () => {
  const { cases } = fixture<{ cases: Case[] }>('pls.json');
  for (const c of cases) for (const gram of [false, true]) {
    it(`n=${c.n} d=${c.d} m=${c.m} components=${c.components}, ${gram ? 'Gram' : 'direct'} form: predictions on unseen X to 1e-6 relative`, () => {
      const pls = new PLSRegression({ components: c.components, gram }).fit(c.X, c.Y, c.n);
      expect(pls.usedGram).toBe(gram);
      const pred = pls.predict(c.Xtest, c.rows);
      expect(pred.length).toBe(c.rows * c.m);
      expect(maxRelErr(pred, c.pred)).toBeLessThan(1e-6);
      expect(pls.nIter).toEqual(c.n_iter);
    });
  }

  it('picks the Gram form when features outnumber samples enough to pay for it', () => {
    expect(new PLSRegression().fit(cases[1].X, cases[1].Y, cases[1].n).usedGram).toBe(true); // 30 x 80
    expect(new PLSRegression().fit(cases[0].X, cases[0].Y, cases[0].n).usedGram).toBe(false); // 60 x 40
  });

  it('rejects more components than features and unfitted prediction, naming the problem', () => {
    expect(() => new PLSRegression({ components: 5 }).fit(new Float64Array(12), new Float64Array(4), 4)).toThrow(/components must be in \[1, 3\]/);
    expect(() => new PLSRegression().predict([1], 1)).toThrow(/call fit first/);
  });
});
