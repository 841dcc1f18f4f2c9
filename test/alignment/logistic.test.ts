import { describe, expect, it } from 'vitest';
import { accuracy } from '../../lib/analysis/estimator.js';
import { fitReadout, fitStandardizer, LogisticRegression, standardize } from '../../lib/alignment/logistic.js';
import { fixture } from './fixtures.js';

interface I2nFixture { fit_labels: string[]; fit_X: number[]; test_X: number[]; test_ids: string[]; d: number }

describe('LogisticRegression (sklearn multinomial, C=1e-3 by default)', () => {
  const f = fixture<I2nFixture>('i2n.json');
  const n = f.fit_labels.length;
  const nTest = f.test_ids.length;
  const s = fitStandardizer(f.fit_X, n, f.d);
  const X = { data: standardize(f.fit_X, n, f.d, s), rows: n, cols: f.d };
  const T = { data: standardize(f.test_X, nTest, f.d, s), rows: nTest, cols: f.d };
  const readout = fitReadout(f.fit_X, f.fit_labels, f.test_X, nTest, f.d);
  // Labels 10, 20, ... in the readout's class order: sorted classes keep that order.
  const labels = f.fit_labels.map((l) => 10 * (readout.classes.indexOf(l) + 1));

  it('any integer labels: classes sorted, probabilities those of the readout', () => {
    const m = new LogisticRegression().fit(X, labels);
    expect(m.classes).toEqual(readout.classes.map((_, k) => 10 * (k + 1)));
    expect(Array.from(m.predictProba(T))).toEqual(Array.from(readout.proba));
  });

  it('predicts the most probable class and scores by accuracy', () => {
    const m = new LogisticRegression({ C: 1 }).fit(X, labels);
    const P = m.predictProba(X);
    const K = m.classes.length;
    const pred = m.predict(X);
    for (let i = 0; i < n; i++) {
      const row = Array.from(P.subarray(i * K, (i + 1) * K));
      expect(pred[i]).toBe(m.classes[row.indexOf(Math.max(...row))]);
    }
    expect(m.score(X, labels)).toBe(accuracy(labels, pred));
  });

  it('scores 1 on separable classes and 0.5 when half the labels are swapped', () => {
    const X1 = { data: new Float64Array([-2, -1, 1, 2]), rows: 4, cols: 1 };
    const m = new LogisticRegression({ C: 100 }).fit(X1, [3, 3, 7, 7]);
    expect(Array.from(m.predict(X1))).toEqual([3, 3, 7, 7]);
    expect(m.score(X1, [3, 3, 7, 7])).toBe(1);
    expect(m.score(X1, [7, 3, 3, 7])).toBe(0.5);
  });

  it('rejects one class, mismatched labels and unfitted shapes', () => {
    const tiny = { data: new Float64Array([0, 1, 2, 3]), rows: 2, cols: 2 };
    expect(() => new LogisticRegression().fit(tiny, [1, 1])).toThrow(/at least 2 classes/);
    expect(() => new LogisticRegression().fit(tiny, [1])).toThrow(/1 labels for 2 rows/);
    const m = new LogisticRegression().fit(tiny, [0, 1]);
    expect(() => m.predict({ data: new Float64Array(3), rows: 1, cols: 3 })).toThrow(/model has 2 features/);
  });
});
