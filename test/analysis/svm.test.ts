import { describe, expect, it } from 'vitest';
import { gram } from '../../lib/analysis/linalg.js';
import { analysisRandom } from '../../lib/random/index.js';
import { accuracy, fitLinearSVC, svmDecision, svmForm, svmPredict } from '../../lib/analysis/svm.js';
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

  it('kernel form (margins from the Gram matrix) matches sklearn like the primal form on every case', () => {
    for (const c of fx.cases) {
      const X = Float64Array.from(c.x.data);
      const T = Float64Array.from(c.t.data);
      const m = fitLinearSVC(X, c.x.rows, c.x.cols, c.labels, { C: c.C, form: 'kernel' });
      const dec = svmDecision(m, T, c.t.rows);
      expect(relErrArray(dec, c.decision_tight)).toBeLessThan(1e-3);
      expect(relErrArray(m.intercept, c.intercept)).toBeLessThan(1e-2);
    }
  });

  it('picks the kernel form for wide data and reaches the primal optimum there, also from a given Gram', () => {
    const rng = analysisRandom(4);
    const n = 60, d = 300;
    const X = new Float64Array(n * d);
    const labels = Array.from({ length: n }, (_, i) => i % 3);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) X[i * d + j] = Math.max(0, rng.normal() + (j % 3 === labels[i] ? 0.5 : 0));
    expect(svmForm(X, n, d)).toBe('kernel');
    expect(svmForm(X.subarray(0, 20 * 5), 20, 5)).toBe('primal');
    const opts = { C: 5e-3, tol: 1e-10, maxIter: 100000 };
    const p = fitLinearSVC(X, n, d, labels, { ...opts, form: 'primal' });
    const k = fitLinearSVC(X, n, d, labels, { ...opts, form: 'kernel' });
    const g = fitLinearSVC(X, n, d, labels, { ...opts, gram: gram(X, n, d) });
    expect(relErrArray(k.coef, p.coef)).toBeLessThan(1e-6);
    expect(relErrArray(k.intercept, p.intercept)).toBeLessThan(1e-6);
    expect(Array.from(g.coef)).toEqual(Array.from(k.coef));
    expect(() => fitLinearSVC(X, n, d, labels, { gram: new Float64Array(4) })).toThrow(/Gram matrix has 4 values, expected 60 x 60/);
  });

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
