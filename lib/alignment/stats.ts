// Small statistics the alignment metrics compose: per-column Pearson r (scipy.stats.pearsonr per
// neuroid, as Brain-Score's XarrayCorrelation), NaN-skipping median (xarray's median over neuroids
// skips NaN, e.g. a constant neuroid), mean and standard error over splits (xarray std, ddof=0,
// divided by sqrt(#splits): metric_helpers/transformations.py standard_error_of_the_mean).
import { mean } from '../analysis/stats.js';

/** Pearson r between column j of A and column j of B (both rows x cols, row-major). NaN where a
 * column is constant. */
export function pearsonColumns(A: ArrayLike<number>, B: ArrayLike<number>, rows: number, cols: number): Float64Array {
  if (A.length !== rows * cols || B.length !== rows * cols) throw new Error(`pearsonColumns: expected ${rows} x ${cols} values, got ${A.length} and ${B.length}`);
  const ma = new Float64Array(cols);
  const mb = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) { ma[c] += A[r * cols + c]; mb[c] += B[r * cols + c]; }
  for (let c = 0; c < cols; c++) { ma[c] /= rows; mb[c] /= rows; }
  const sab = new Float64Array(cols);
  const saa = new Float64Array(cols);
  const sbb = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const a = A[r * cols + c] - ma[c];
      const b = B[r * cols + c] - mb[c];
      sab[c] += a * b; saa[c] += a * a; sbb[c] += b * b;
    }
  }
  const out = new Float64Array(cols);
  for (let c = 0; c < cols; c++) {
    const den = Math.sqrt(saa[c] * sbb[c]);
    // scipy clips r to [-1, 1]; a zero-variance column has no correlation.
    out[c] = den > 0 ? Math.max(-1, Math.min(1, sab[c] / den)) : NaN;
  }
  return out;
}

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
