import { describe, expect, it } from 'vitest';
import { ceiledScore, splitHalfCeiling } from '../../lib/alignment/ceiling.js';
import { crossRegressedCorrelation } from '../../lib/alignment/regression_correlation.js';
import { fixture, maxRelErr } from './fixtures.js';

describe('split-half ceiling equals the numpy reference of Brain-Score internal consistency', () => {
  const f = fixture<{ stimuli: number; neuroids: number; data: number[]; stimulus: number[]; repetition: number[];
    per_split: number[]; per_neuroid: (number | null)[][]; center: number; error: number }>('ceiling.json');
  const c = splitHalfCeiling({ data: f.data, neuroids: f.neuroids, stimulus: f.stimulus, stimuli: f.stimuli, repetition: f.repetition });

  it('per split, per neuroid (NaN for a constant neuroid), center and error', () => {
    expect(maxRelErr(c.perSplit, f.per_split)).toBeLessThan(1e-10);
    f.per_neuroid.forEach((row, s) => row.forEach((v, j) => {
      const got = c.perNeuroid[s * f.neuroids + j];
      if (v === null) expect(got).toBeNaN(); else expect(got).toBeCloseTo(v, 10);
    }));
    expect(c.center).toBeCloseTo(f.center, 12);
    expect(c.error).toBeCloseTo(f.error, 12);
  });

  it('ceiled score: (r/c)^2 by default, r^2/c on request', () => {
    expect(ceiledScore(0.4, 0.8)).toBeCloseTo(0.25, 15);
    expect(ceiledScore(0.4, 0.8, 'r2-over-ceiling')).toBeCloseTo(0.2, 15);
  });
});

describe('CrossRegressedCorrelation equals the scikit-learn pipeline', () => {
  const f = fixture<{ n: number; d: number; m: number; labels: string[]; source: number[]; target: number[]; per_split: number[]; center: number; error: number }>('metric.json');
  it('per-split medians, mean and standard error over 10 stratified splits', () => {
    const s = crossRegressedCorrelation(f.source, f.d, f.target, f.m, { stratify: f.labels });
    expect(maxRelErr(s.perSplit, f.per_split)).toBeLessThan(1e-6);
    expect(s.center).toBeCloseTo(f.center, 8);
    expect(s.error).toBeCloseTo(f.error, 8);
  });
});
