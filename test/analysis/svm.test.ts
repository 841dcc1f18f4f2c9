import { describe, expect, it } from 'vitest';
import { gram } from '../../lib/analysis/linalg.js';
import { analysisRandom } from '../../lib/random/index.js';
import { accuracy } from '../../lib/analysis/estimator.js';
import { LinearSVC, svmForm } from '../../lib/analysis/svm.js';
import { loadFixture, m64, relErrArray } from './fixtures.js';

const fx = loadFixture('svm.json');

describe('linear SVM vs scikit-learn 1.2 LinearSVC (liblinear dual CD, squared hinge, OvR)', () => {
  for (const c of fx.cases) {
    const k = c.classes.length;
    it(`${c.x.rows}x${c.x.cols}, ${k} classes, C=${c.C}: same classes, >= 99% same predictions, decisions within 1e-3`, () => {
      const T = m64(c.t);
      const m = new LinearSVC({ C: c.C }).fit(m64(c.x), c.labels);
      expect(m.classes).toEqual(c.classes);
      const dec = m.decisionFunction(T);
      const pred = m.predict(T);
      expect(Array.from(m.labelsOf(dec))).toEqual(Array.from(pred));
      let agree = 0;
      for (let i = 0; i < pred.length; i++) if (pred[i] === c.pred[i]) agree++;
      expect(agree / pred.length).toBeGreaterThanOrEqual(0.99);
      // Against sklearn at its default tol and against a tightly converged sklearn solution.
      expect(relErrArray(dec, c.decision)).toBeLessThan(1e-3);
      expect(relErrArray(dec, c.decision_tight)).toBeLessThan(1e-3);
      expect(relErrArray(m.intercept, c.intercept)).toBeLessThan(1e-2);
      expect(Math.abs(accuracy(c.t_labels, pred) - c.score)).toBeLessThanOrEqual(1 / c.t.rows + 1e-12);
      expect(m.score(T, c.t_labels)).toBe(accuracy(c.t_labels, pred));
    });
  }

  it('kernel form (margins from the Gram matrix) matches sklearn like the primal form on every case', () => {
    for (const c of fx.cases) {
      const m = new LinearSVC({ C: c.C, form: 'kernel' }).fit(m64(c.x), c.labels);
      const dec = m.decisionFunction(m64(c.t));
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
    const XM = { data: X, rows: n, cols: d };
    const p = new LinearSVC({ ...opts, form: 'primal' }).fit(XM, labels);
    const k = new LinearSVC({ ...opts, form: 'kernel' }).fit(XM, labels);
    const g = new LinearSVC(opts).fit(XM, labels, gram(X, n, d));
    expect(relErrArray(k.coef, p.coef)).toBeLessThan(1e-6);
    expect(relErrArray(k.intercept, p.intercept)).toBeLessThan(1e-6);
    expect(Array.from(g.coef)).toEqual(Array.from(k.coef));
    expect(() => new LinearSVC().fit(XM, labels, new Float64Array(4))).toThrow(/Gram matrix has 4 values, expected 60 x 60/);
  });

  it('is deterministic for a seed and converges to the same optimum from another seed', () => {
    const c = fx.cases[1];
    const X = m64(c.x);
    const a = new LinearSVC({ C: c.C, randomState: 1 }).fit(X, c.labels);
    const b = new LinearSVC({ C: c.C, randomState: 1 }).fit(X, c.labels);
    const d = new LinearSVC({ C: c.C, randomState: 2, tol: 1e-8 }).fit(X, c.labels);
    expect(Array.from(a.coef)).toEqual(Array.from(b.coef));
    expect(relErrArray(a.coef, d.coef)).toBeLessThan(1e-3);
  });

  it('errors clearly on bad input', () => {
    const X = { data: new Float64Array([0, 1, 2, 3]), rows: 2, cols: 2 };
    expect(() => new LinearSVC().fit(X, [1, 1])).toThrow(/at least 2 classes/);
    expect(() => new LinearSVC().fit(X, [1])).toThrow(/1 labels for 2 rows/);
    expect(() => new LinearSVC({ C: 0 }).fit(X, [0, 1])).toThrow(/C must be > 0/);
    expect(() => new LinearSVC().fit({ ...X, cols: 3 }, [0, 1])).toThrow(/X has 4 values, expected 2 x 3/);
    const m = new LinearSVC().fit(X, [0, 1]);
    expect(() => m.predict({ data: new Float64Array(3), rows: 1, cols: 3 })).toThrow(/model has 2 features/);
  });
});
