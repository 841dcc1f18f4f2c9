// Split-half internal-consistency ceiling (Brain-Score metrics/internal_consistency/ceiling.py):
// split the UNIQUE repetition values in halves with ShuffleSplit(10 splits, train_size 0.5,
// random_state 1); average each half's trials per stimulus; Pearson r per neuroid across stimuli;
// Spearman-Brown 2r/(1+r); median over neuroids per split; mean (and s.e.) over splits.
import { shuffleSplit } from './splits.js';
import { mean } from '../analysis/stats.js';
import { nanMedian, pearsonColumns, spearmanBrown, standardError } from './stats.js';

export interface TrialData {
  /** presentations x neuroids, row-major (one row per trial). */
  data: ArrayLike<number>;
  neuroids: number;
  /** Per presentation: index of its stimulus in [0, stimuli). */
  stimulus: ArrayLike<number>;
  stimuli: number;
  /** Per presentation: its repetition value. */
  repetition: ArrayLike<number>;
}

export interface CeilingResult {
  /** Mean over splits of the per-split median. */
  center: number;
  error: number;
  perSplit: number[];
  /** Per split x neuroid, Spearman-Brown corrected r (row-major). */
  perNeuroid: Float64Array;
}

/** Mean response per stimulus over the presentations whose repetition is in `reps`. */
export function averageTrials(t: TrialData, keep: (presentation: number) => boolean): Float64Array {
  const m = t.neuroids;
  const sum = new Float64Array(t.stimuli * m);
  const count = new Float64Array(t.stimuli * m);
  const P = t.stimulus.length;
  for (let p = 0; p < P; p++) {
    if (!keep(p)) continue;
    const s = t.stimulus[p];
    for (let c = 0; c < m; c++) {
      const v = t.data[p * m + c];
      if (Number.isNaN(v)) continue; // xarray mean skips NaN
      sum[s * m + c] += v;
      count[s * m + c] += 1;
    }
  }
  for (let i = 0; i < sum.length; i++) sum[i] = count[i] > 0 ? sum[i] / count[i] : NaN;
  return sum;
}

export function splitHalfCeiling(t: TrialData, opts: { splits?: number; seed?: number } = {}): CeilingResult {
  const reps = [...new Set(Array.from(t.repetition))].sort((a, b) => a - b);
  if (reps.length < 2) throw new Error(`ceiling: need at least 2 repetitions, found ${reps.length}`);
  const splits = shuffleSplit(reps.length, { splits: opts.splits ?? 10, trainSize: 0.5, seed: opts.seed ?? 1 });
  const m = t.neuroids;
  const perSplit: number[] = [];
  const perNeuroid = new Float64Array(splits.length * m);
  splits.forEach((sp, i) => {
    const a = new Set(sp.train.map((k) => reps[k]));
    const b = new Set(sp.test.map((k) => reps[k]));
    const half1 = averageTrials(t, (p) => a.has(t.repetition[p]));
    const half2 = averageTrials(t, (p) => b.has(t.repetition[p]));
    const r = pearsonColumns(half1, half2, t.stimuli, m).map((x) => spearmanBrown(x));
    perNeuroid.set(r, i * m);
    perSplit.push(nanMedian(r));
  });
  return { center: mean(perSplit), error: standardError(perSplit), perSplit, perNeuroid };
}

export type CeilingMode = 'squared' | 'r2-over-ceiling';

/** Ceiled score. 'squared' = (r / c)^2, Brain-Score's explained_variance in the paper's era
 * (benchmark_helpers/neural_common.py); 'r2-over-ceiling' = r^2 / c, Brain-Score since 2026. */
export function ceiledScore(r: number, ceiling: number, mode: CeilingMode = 'squared'): number {
  return mode === 'squared' ? (r / ceiling) ** 2 : (r * r) / ceiling;
}
