// Brain-Score's CrossRegressedCorrelation (metrics/regression_correlation/metric.py) from small parts:
// a regression (PLS, 25 components, no scaling), a correlation (Pearson per neuroid on the test
// stimuli), a cross-validation (10 stratified shuffle splits, 90/10, random_state 1) and an
// aggregate (median over neuroids per split; mean and s.e. over splits).
import { PLSRegression } from './pls.js';
import { stratifiedShuffleSplit, shuffleSplit, type Split } from './splits.js';
import { takeRows } from '../analysis/linalg.js';
import { mean } from '../analysis/stats.js';
import { nanMedian, pearsonColumns, standardError } from './stats.js';

/** Defaults in one place (Brain-Score `Split.Defaults`, `pls_regression`). */
export const NEURAL_METRIC_DEFAULTS = { splits: 10, trainSize: 0.9, seed: 1, components: 25 } as const;

export interface RegressionScore {
  /** Mean over splits of the median-over-neuroids Pearson r (Brain-Score's raw score "center"). */
  center: number;
  /** Standard error over splits. */
  error: number;
  perSplit: number[];
  /** splits x neuroids Pearson r (row-major). */
  perNeuroid: Float64Array;
}

export interface RegressionOptions {
  splits?: number;
  trainSize?: number;
  seed?: number;
  components?: number;
  /** One label per stimulus to stratify on (object_name, texture_type); unstratified when absent. */
  stratify?: readonly (string | number)[];
  /** Called after each split (progress). */
  onSplit?: (done: number, total: number) => void;
}

export function makeSplits(n: number, opts: RegressionOptions): Split[] {
  const o = { splits: opts.splits ?? NEURAL_METRIC_DEFAULTS.splits, trainSize: opts.trainSize ?? NEURAL_METRIC_DEFAULTS.trainSize, seed: opts.seed ?? NEURAL_METRIC_DEFAULTS.seed };
  if (opts.stratify) {
    if (opts.stratify.length !== n) throw new Error(`regression splits: ${opts.stratify.length} stratification labels for ${n} stimuli`);
    return stratifiedShuffleSplit(opts.stratify, o);
  }
  return shuffleSplit(n, o);
}

/**
 * Cross-validated PLS -> Pearson score of `source` (stimuli x features, model activations) against
 * `target` (stimuli x neuroids, repetition-averaged responses), rows aligned by stimulus.
 */
export function crossRegressedCorrelation(source: ArrayLike<number>, features: number, target: ArrayLike<number>,
  neuroids: number, opts: RegressionOptions = {}): RegressionScore {
  const n = target.length / neuroids;
  if (!Number.isInteger(n) || source.length !== n * features) {
    throw new Error(`regression: source has ${source.length} values (expected ${n} stimuli x ${features} features) for target ${target.length} values (${neuroids} neuroids)`);
  }
  const splits = makeSplits(n, opts);
  const components = Math.min(opts.components ?? NEURAL_METRIC_DEFAULTS.components, features);
  const perSplit: number[] = [];
  const perNeuroid = new Float64Array(splits.length * neuroids);
  splits.forEach((sp, i) => {
    const pls = new PLSRegression({ components }).fit(
      { data: takeRows(source, features, sp.train), rows: sp.train.length, cols: features },
      { data: takeRows(target, neuroids, sp.train), rows: sp.train.length, cols: neuroids });
    const pred = pls.predict({ data: takeRows(source, features, sp.test), rows: sp.test.length, cols: features }).data;
    const r = pearsonColumns(pred, takeRows(target, neuroids, sp.test), sp.test.length, neuroids);
    perNeuroid.set(r, i * neuroids);
    perSplit.push(nanMedian(r));
    opts.onSplit?.(i + 1, splits.length);
  });
  return { center: mean(perSplit), error: standardError(perSplit), perSplit, perNeuroid };
}
