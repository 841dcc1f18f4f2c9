import { describe, expect, it } from 'vitest';
import { fitRidge, fitRidgeCV, ridgePredict, RIDGE_ALPHAS } from '../../lib/analysis/ridge.js';
import { r2Score } from '../../lib/analysis/stats.js';
import { loadFixture, relErr, relErrArray } from './fixtures.js';

const fx = loadFixture('ridge.json');

describe('ridge vs scikit-learn 1.2 Ridge / RidgeCV', () => {
  it('uses the authors\' alpha grid', () => {
    expect(RIDGE_ALPHAS).toEqual(fx.alphas);
  });

  it('Ridge(alpha): coefficients, intercept and predictions to 1e-8 relative (d < n, d = n, d > n)', () => {
    for (const c of fx.cases) {
      const X = Float64Array.from(c.x.data);
      const m = fitRidge(X, c.x.rows, c.x.cols, c.y, c.alpha);
      const label = `${c.x.rows}x${c.x.cols} alpha ${c.alpha}`;
      expect(relErrArray(m.coef, c.ridge.coef), label).toBeLessThan(1e-8);
      expect(relErr(m.intercept, c.ridge.intercept), label).toBeLessThan(1e-8);
      expect(relErrArray(ridgePredict(m, Float64Array.from(c.t.data), c.t.rows), c.ridge.pred), label).toBeLessThan(1e-8);
    }
  });

  it('RidgeCV: same GCV alpha, LOO errors, coefficients and predictions to 1e-7 relative', () => {
    for (const c of fx.cases) {
      const X = Float64Array.from(c.x.data);
      const m = fitRidgeCV(X, c.x.rows, c.x.cols, c.y, fx.alphas);
      const label = `${c.x.rows}x${c.x.cols} (${m.mode})`;
      expect(m.alpha, label).toBe(c.ridgecv.alpha);
      expect(relErrArray(m.looMSE, c.ridgecv.loo_mse), label).toBeLessThan(1e-7);
      expect(relErrArray(m.coef, c.ridgecv.coef), label).toBeLessThan(1e-7);
      expect(relErr(m.intercept, c.ridgecv.intercept), label).toBeLessThan(1e-7);
      expect(relErrArray(ridgePredict(m, Float64Array.from(c.t.data), c.t.rows), c.ridgecv.pred), label).toBeLessThan(1e-7);
    }
  });

  it('errors clearly on bad input', () => {
    const X = new Float64Array([1, 2, 3, 4]);
    expect(() => fitRidge(X, 2, 2, [1], 1)).toThrow(/y has 1 values, expected one per row of X \(2\)/);
    expect(() => fitRidge(X, 2, 2, [1, 2], 0)).toThrow(/alpha must be > 0/);
    expect(() => fitRidgeCV(X, 2, 2, [1, NaN])).toThrow(/y has a non-finite value at 1/);
    const m = fitRidge(X, 2, 2, [1, 2], 1);
    expect(() => ridgePredict(m, new Float64Array(3), 1)).toThrow(/model has 2 features/);
  });

  it('R^2 like sklearn r2_score', () => {
    expect(r2Score([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(r2Score([1, 2, 3], [2, 2, 2])).toBeCloseTo(0, 14);
  });
});
