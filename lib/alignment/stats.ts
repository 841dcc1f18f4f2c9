// Small statistics the alignment metrics compose (per-column Pearson r, as Brain-Score's XarrayCorrelation,
// is analysis/stats' pearsonColumns, re-exported here): NaN-skipping median (xarray's median over neuroids
// skips NaN, e.g. a constant neuroid), mean and standard error over splits (xarray std, ddof=0,
// divided by sqrt(#splits): metric_helpers/transformations.py standard_error_of_the_mean).
import { mean } from '../analysis/stats.js';
export { pearsonColumns } from '../analysis/stats.js';

/** Median of the finite values; NaN when none. */
export function nanMedian(values: ArrayLike<number>): number {
  const v = Array.from(values).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const h = v.length >> 1;
  return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}


/** Standard error of the mean as Brain-Score computes it: population std / sqrt(n). */
export function standardError(values: ArrayLike<number>): number {
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - m) ** 2;
  return Math.sqrt(s / values.length) / Math.sqrt(values.length);
}

/** Spearman-Brown prophecy for doubling the data: 2r / (1 + r) (n = 2). */
export function spearmanBrown(r: number, n = 2): number {
  return (n * r) / (1 + (n - 1) * r);
}
