import { describe, expect, it } from 'vitest';
import { accuracy, fitLinearSVC, svmDecision, svmPredict } from '../../lib/analysis/svm.js';
import { loadFixture, relErrArray } from './fixtures.js';

const fx = loadFixture('svm.json');

describe('linear SVM vs scikit-learn 1.2 LinearSVC (liblinear dual CD, squared hinge, OvR)', () => {
  for (const c of fx.cases) {
    const k = c.classes.length;
    it(`${c.x.rows}x${c.x.cols}, ${k} classes, C=${c.C}: same classes, >= 99% same predictions, decisions within 1e-3`, () => {
      const X = Float64Array.from(c.x.data);
      const T = Float64Array.from(c.t.data);
      const m = fitLinearSVC(X, c.x.rows, c.x.cols, c.labels, { C: c.C });
      expect(m.classes).toEqual(c.classes);
      const dec = svmDecision(m, T, c.t.rows);
      const pred = svmPredict(m, T, c.t.rows, dec);
      let agree = 0;
      for (let i = 0; i < pred.length; i++) if (pred[i] === c.pred[i]) agree++;
      expect(agree / pred.length).toBeGreaterThanOrEqual(0.99);
      // Against sklearn at its default tol and against a tightly converged sklearn solution.
      expect(relErrArray(dec, c.decision)).toBeLessThan(1e-3);
      expect(relErrArray(dec, c.decision_tight)).toBeLessThan(1e-3);
      expect(relErrArray(m.intercept, c.intercept)).toBeLessThan(1e-2);
      expect(Math.abs(accuracy(c.t_labels, pred) - c.score)).toBeLessThanOrEqual(1 / c.t.rows + 1e-12);
    });
  }

  it('is deterministic for a seed and converges to the same optimum from another seed', () => {
    const c = fx.cases[1];
    const X = Float64Array.from(c.x.data);
    const a = fitLinearSVC(X, c.x.rows, c.x.cols, c.labels, { C: c.C, seed: 1 });
    const b = fitLinearSVC(X, c.x.rows, c.x.cols, c.labels, { C: c.C, seed: 1 });
    const d = fitLinearSVC(X, c.x.rows, c.x.cols, c.labels, { C: c.C, seed: 2, tol: 1e-8 });
    expect(Array.from(a.coef)).toEqual(Array.from(b.coef));
    expect(relErrArray(a.coef, d.coef)).toBeLessThan(1e-3);
  });

  it('errors clearly on bad input', () => {
    const X = new Float64Array([0, 1, 2, 3]);
    expect(() => fitLinearSVC(X, 2, 2, [1, 1])).toThrow(/at least 2 classes/);
    expect(() => fitLinearSVC(X, 2, 2, [1])).toThrow(/1 labels for 2 rows/);
    expect(() => fitLinearSVC(X, 2, 2, [0, 1], { C: 0 })).toThrow(/C must be > 0/);
  });
});
