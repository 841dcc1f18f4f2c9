import { describe, expect, it } from 'vitest';
import { correlateMatrices, dprimes, i2n, normPpf, responseMatrixFromProbabilities } from '../../lib/alignment/i2n.js';
import { fitReadout } from '../../lib/alignment/logistic.js';
import { fixture, maxRelErr } from './fixtures.js';

interface I2nFixture {
  objects: string[]; fit_labels: string[]; fit_X: number[]; test_ids: string[]; test_truth: string[]; test_X: number[]; d: number;
  proba: number[]; trials: { stimulus_id: string[]; truth: string[]; dist_obj: string[]; choice: string[] };
  source_dprime: (number | null)[]; scores: number[]; ceilings: number[]; ceiled: number[]; center: number; error: number;
}

describe('behavioural readout and i2n equal the scikit-learn / numpy reference of Brain-Score', () => {
  const f = fixture<I2nFixture>('i2n.json');
  const trials = { stimulus: f.trials.stimulus_id, truth: f.trials.truth, distractor: f.trials.dist_obj, choice: f.trials.choice };

  it('StandardScaler + multinomial LogisticRegression(C=1e-3) probabilities to 1e-6 relative', () => {
    const r = fitReadout(f.fit_X, f.fit_labels, f.test_X, f.test_ids.length, f.d);
    expect(r.classes).toEqual(f.objects);
    expect(maxRelErr(r.proba, f.proba)).toBeLessThan(1e-6);
  });

  it('norm.ppf to 1e-12', () => {
    expect(normPpf(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normPpf(0.01)).toBeCloseTo(-2.3263478740408408, 12);
    expect(normPpf(1e-10)).toBeCloseTo(-6.361340902404056, 10);
    expect(normPpf(0.5)).toBe(0);
    expect(normPpf(1)).toBe(Infinity);
  });

  it("model normalised d' per image x distractor", () => {
    const m = responseMatrixFromProbabilities(f.test_ids, f.test_truth, f.objects, f.proba);
    const d = dprimes(m);
    f.source_dprime.forEach((v, i) => { if (v === null) expect(d[i]).toBeNaN(); else expect(d[i]).toBeCloseTo(v, 9); });
  });

  it('score, ceiling and ceiled score per split, mean and std', () => {
    const m = responseMatrixFromProbabilities(f.test_ids, f.test_truth, f.objects, f.proba);
    const r = i2n(m, trials);
    expect(maxRelErr(r.scores, f.scores)).toBeLessThan(1e-9);
    expect(maxRelErr(r.ceilings, f.ceilings)).toBeLessThan(1e-9);
    expect(maxRelErr(r.ceiled, f.ceiled)).toBeLessThan(1e-9);
    expect(r.center).toBeCloseTo(f.center, 9);
    expect(r.error).toBeCloseTo(f.error, 9);
  });
});

describe('correlateMatrices: Pearson r of the aligned cells (the shared pearsonR)', () => {
  const m = { ids: ['a', 'b'], truths: ['x', 'y'], choices: ['x', 'y'], values: new Float64Array(4) };
  it('r over the cells humans define, clipped to [-1, 1]', () => {
    // cells (a,x) (a,y) (b,x) (b,y): source 1 2 3 5, target 2 4 6 NaN -> r of [1,2,3] vs [2,4,6] = 1
    expect(correlateMatrices(m, new Float64Array([1, 2, 3, 5]), m, new Float64Array([2, 4, 6, NaN]), false)).toBe(1);
    // source [1,2,3,4] vs target [1,3,2,4]: sxy = 4, sxx = syy = 5 -> 0.8
    expect(correlateMatrices(m, new Float64Array([1, 2, 3, 4]), m, new Float64Array([1, 3, 2, 4]), false)).toBeCloseTo(0.8, 14);
  });
  it('NaN, not an error, when the target is constant or no cell is shared', () => {
    expect(correlateMatrices(m, new Float64Array([1, 2, 3, 4]), m, new Float64Array([7, 7, 7, 7]), false)).toBeNaN();
    expect(correlateMatrices(m, new Float64Array([1, 2, 3, 4]), m, new Float64Array(4).fill(NaN), false)).toBeNaN();
  });
});
