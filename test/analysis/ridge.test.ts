import { describe, expect, it } from 'vitest';
import { Ridge, RidgeCV, RIDGE_ALPHAS } from '../../lib/analysis/ridge.js';
import { r2Score } from '../../lib/analysis/stats.js';
import { loadFixture, m64, relErr, relErrArray } from './fixtures.js';

const fx = loadFixture('ridge.json');

describe('ridge vs scikit-learn 1.2 Ridge / RidgeCV', () => {
  it('uses the authors\' alpha grid', () => {
    expect(RIDGE_ALPHAS).toEqual(fx.alphas);
  });

  it('Ridge(alpha): coefficients, intercept and predictions to 1e-8 relative (d < n, d = n, d > n)', () => {
    for (const c of fx.cases) {
      const m = new Ridge({ alpha: c.alpha }).fit(m64(c.x), c.y);
      const label = `${c.x.rows}x${c.x.cols} alpha ${c.alpha}`;
      expect(relErrArray(m.coef, c.ridge.coef), label).toBeLessThan(1e-8);
      expect(relErr(m.intercept, c.ridge.intercept), label).toBeLessThan(1e-8);
      expect(relErrArray(m.predict(m64(c.t)), c.ridge.pred), label).toBeLessThan(1e-8);
      expect(m.score(m64(c.t), c.ridge.pred), label).toBeCloseTo(1, 12);
    }
  });

  it('RidgeCV: same GCV alpha, LOO errors, coefficients and predictions to 1e-7 relative', () => {
    for (const c of fx.cases) {
      const m = new RidgeCV({ alphas: fx.alphas }).fit(m64(c.x), c.y);
      const label = `${c.x.rows}x${c.x.cols} (${m.mode})`;
      expect(m.alpha, label).toBe(c.ridgecv.alpha);
      expect(relErrArray(m.looMSE, c.ridgecv.loo_mse), label).toBeLessThan(1e-7);
      expect(relErrArray(m.coef, c.ridgecv.coef), label).toBeLessThan(1e-7);
      expect(relErr(m.intercept, c.ridgecv.intercept), label).toBeLessThan(1e-7);
      expect(relErrArray(m.predict(m64(c.t)), c.ridgecv.pred), label).toBeLessThan(1e-7);
    }
  });

  it('errors clearly on bad input', () => {
    const X = { data: new Float64Array([1, 2, 3, 4]), rows: 2, cols: 2 };
    expect(() => new Ridge().fit(X, [1])).toThrow(/y has 1 values, expected one per row of X \(2\)/);
    expect(() => new Ridge({ alpha: 0 }).fit(X, [1, 2])).toThrow(/alpha must be > 0/);
    expect(() => new RidgeCV().fit(X, [1, NaN])).toThrow(/y has a non-finite value at 1/);
    expect(() => new Ridge().fit({ ...X, rows: 3 }, [1, 2, 3])).toThrow(/X has 4 values, expected 3 x 2/);
    const m = new Ridge().fit(X, [1, 2]);
    expect(() => m.predict({ data: new Float64Array(3), rows: 1, cols: 3 })).toThrow(/model has 2 features/);
  });

  it('score is sklearn r2_score of the predictions: 1 for a perfect fit, below 1 otherwise', () => {
    const X = { data: new Float64Array([0, 1, 2, 3, 4, 5]), rows: 6, cols: 1 };
    const line = [1, 3, 5, 7, 9, 11];
    expect(new Ridge({ alpha: 1e-10 }).fit(X, line).score(X, line)).toBeCloseTo(1, 9);
    const m = new Ridge({ alpha: 10 }).fit(X, line);
    const y = [1, 3, 5, 7, 9, 12];
    expect(m.score(X, y)).toBe(r2Score(y, m.predict(X)));
    expect(m.score(X, y)).toBeLessThan(0.99);
  });

  it('R^2 like sklearn r2_score', () => {
    expect(r2Score([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(r2Score([1, 2, 3], [2, 2, 2])).toBeCloseTo(0, 14);
  });
});
