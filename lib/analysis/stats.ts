// The project's statistics, one definition each: the paper's (Fig. 5, E.1, E.2) Mann-Whitney U
// (two-sided) between two groups of runs, Pearson r with its p-value, mean and SD (scipy 1.10, Debian 12's
// python3-scipy), and the small pieces the metrics share: dot, Pearson r (scalar and per column), R^2
// (sklearn's r2_score, argument order (yTrue, yPred)). Depends on nothing but special functions, so
// tasks/, analysis/ and alignment/ all import it.
import { betaInc, normalSf } from './special.js';

export function mean(a: ArrayLike<number>): number {
  if (a.length === 0) throw new Error('mean: empty sample');
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}

/** Standard deviation; ddof 0 (numpy's np.std default, used for the paper's error bars) or 1. */
export function sd(a: ArrayLike<number>, ddof = 0): number {
  if (a.length - ddof <= 0) throw new Error(`sd: need more than ${ddof} values, got ${a.length}`);
  const m = mean(a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - m) ** 2;
  return Math.sqrt(s / (a.length - ddof));
}

/** Ranks 1..n with ties given their average rank (scipy.stats.rankdata 'average'). */
export function rankAverage(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const r = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && x[idx[j + 1]] === x[idx[i]]) j++;
    const avg = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) r[idx[k]] = avg;
    i = j + 1;
  }
  return r;
}

export type MwuMethod = 'auto' | 'exact' | 'asymptotic';

export interface MannWhitneyResult {
  /** U statistic of the first sample (scipy's `statistic`). */
  U: number;
  p: number;
  method: 'exact' | 'asymptotic';
}

function checkSample(a: ArrayLike<number>, name: string): void {
  if (a.length === 0) throw new Error(`mannWhitneyU: sample ${name} is empty`);
  for (let i = 0; i < a.length; i++) if (Number.isNaN(a[i])) throw new Error(`mannWhitneyU: sample ${name} contains NaN at ${i}`);
}

/**
 * Two-sided Mann-Whitney U test like scipy.stats.mannwhitneyu(a, b) with defaults (use_continuity=True).
 * 'auto' (scipy 1.10 _mwu_choose_method): asymptotic when both samples have more than 8 values or when
 * there are ties, else the exact null distribution (p for 6 vs 6 runs can be as small as 2/C(12,6)).
 */
export function mannWhitneyU(a: ArrayLike<number>, b: ArrayLike<number>, method: MwuMethod = 'auto'): MannWhitneyResult {
  checkSample(a, 'a');
  checkSample(b, 'b');
  const n1 = a.length;
  const n2 = b.length;
  const xy = new Float64Array(n1 + n2);
  for (let i = 0; i < n1; i++) xy[i] = a[i];
  for (let i = 0; i < n2; i++) xy[n1 + i] = b[i];
  const ranks = rankAverage(xy);
  let R1 = 0;
  for (let i = 0; i < n1; i++) R1 += ranks[i];
  const U1 = R1 - (n1 * (n1 + 1)) / 2;
  const U2 = n1 * n2 - U1;
  const U = Math.max(U1, U2);
  let chosen: 'exact' | 'asymptotic';
  if (method === 'auto') chosen = (n1 > 8 && n2 > 8) || hasTies(xy) ? 'asymptotic' : 'exact';
  else chosen = method;
  let p: number;
  if (chosen === 'exact') {
    p = 2 * exactUpperTail(Math.round(U), n1, n2);
  } else {
    const n = n1 + n2;
    const tie = tieTerm(ranks);
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tie / (n * (n - 1))));
    // scipy subtracts the 0.5 continuity correction before taking the upper tail.
    const z = (U - (n1 * n2) / 2 - 0.5) / s;
    p = 2 * normalSf(z);
  }
  return { U: U1, p: Math.min(1, Math.max(0, p)), method: chosen };
}

function hasTies(x: Float64Array): boolean {
  const s = Float64Array.from(x).sort();
  for (let i = 1; i < s.length; i++) if (s[i] === s[i - 1]) return true;
  return false;
}

// sum over tie groups of (t^3 - t)
function tieTerm(ranks: Float64Array): number {
  const s = Float64Array.from(ranks).sort();
  let total = 0;
  for (let i = 0; i < s.length;) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[i]) j++;
    const t = j - i + 1;
    total += t ** 3 - t;
    i = j + 1;
  }
  return total;
}

/**
 * P(U >= k) under H0 for sample sizes m, n: by symmetry P(U <= mn - k). Counts of arrangements follow
 * f(m, n, k) = f(m - 1, n, k - n) + f(m, n - 1, k) (Mann & Whitney 1947), computed row by row in float64
 * and divided by C(m + n, m).
 */
export function exactUpperTail(k: number, m0: number, n0: number): number {
  // The distribution is symmetric in (m, n); keep n the smaller so the per-row tables stay small.
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const kk = m * n - k;
  if (kk < 0) return 0;
  // prev[j] = counts for (i - 1, j) over u = 0..kk; cur[j] for (i, j).
  const len = kk + 1;
  let prev: Float64Array[] = [];
  for (let j = 0; j <= n; j++) {
    const f = new Float64Array(len);
    f[0] = 1; // i = 0: only U = 0
    prev.push(f);
  }
  for (let i = 1; i <= m; i++) {
    const cur: Float64Array[] = [];
    for (let j = 0; j <= n; j++) {
      const f = new Float64Array(len);
      if (j === 0) {
        f[0] = 1;
      } else {
        const left = cur[j - 1];
        const up = prev[j];
        for (let u = 0; u < len; u++) f[u] = left[u] + (u >= j ? up[u - j] : 0);
      }
      cur.push(f);
    }
    prev = cur;
  }
  const counts = prev[n];
  let cum = 0;
  for (let u = 0; u <= kk; u++) cum += counts[u];
  return cum / binomial(m + n, m);
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

export interface PearsonResult {
  r: number;
  p: number;
}

/**
 * Pearson correlation with the two-sided p-value of scipy.stats.pearsonr: under H0 r follows a
 * Beta(n/2 - 1, n/2 - 1) on [-1, 1], i.e. p = I_{1 - r^2}((n - 2)/2, 1/2).
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): PearsonResult {
  const n = x.length;
  if (n !== y.length) throw new Error(`pearson: x and y differ in length (${n} vs ${y.length})`);
  if (n < 2) throw new Error(`pearson: need at least 2 values, got ${n}`);
  const r = pearsonR(x, y);
  if (n === 2) return { r: Math.sign(r), p: 1 };
  const p = Math.abs(r) >= 1 ? 0 : betaInc((n - 2) / 2, 0.5, 1 - r * r);
  return { r, p };
}

/** What a correlation or R^2 does when an input has no variance: 'throw' (the analyses: a constant
 * decoding target is a bug upstream) or 'nan' (held-out task metrics and per-neuroid scores: an
 * undefined value is reported, not fatal). */
export type OnConstant = 'throw' | 'nan';

/** Float64 dot product of two equal-length vectors (left-to-right sum). */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Pearson r alone (float64, two-pass, clipped to [-1, 1] as scipy does): the decoding score for
 * regression targets and the held-out r of each regressed latent. */
export function pearsonR(x: ArrayLike<number>, y: ArrayLike<number>, onConstant: OnConstant = 'throw'): number {
  const n = x.length;
  if (n !== y.length) throw new Error(`pearson: x and y differ in length (${n} vs ${y.length})`);
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (!(sxx > 0) || !(syy > 0)) {
    if (onConstant === 'nan') return Number.NaN;
    throw new Error('pearson: an input is constant, so the correlation is undefined');
  }
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/** Pearson r between column j of A and column j of B (both rows x cols, row-major), one pass over
 * the rows for all columns (Brain-Score's per-neuroid correlation); NaN where a column is constant. */
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
    out[c] = den > 0 ? Math.max(-1, Math.min(1, sab[c] / den)) : NaN;
  }
  return out;
}

/**
 * Coefficient of determination, sklearn.metrics.r2_score(y_true, y_pred) for one output:
 * 1 - SS_res / SS_tot. A constant y_true has no SS_tot: sklearn (force_finite) gives 1 for a perfect
 * prediction and 0 otherwise, the default here; onConstant 'nan' reports it as undefined instead.
 */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, onConstant: OnConstant | 'finite' = 'finite'): number {
  const n = yTrue.length;
  if (n !== yPred.length) throw new Error(`r2Score: y_true and y_pred differ in length (${n} vs ${yPred.length})`);
  let m = 0;
  for (let i = 0; i < n; i++) m += yTrue[i];
  m /= n;
  let ssRes = 0, ssTot = 0;
  for (let i = 0; i < n; i++) {
    ssRes += (yTrue[i] - yPred[i]) ** 2;
    ssTot += (yTrue[i] - m) ** 2;
  }
  if (ssTot !== 0) return 1 - ssRes / ssTot;   // NaN input stays NaN
  if (onConstant === 'nan') return Number.NaN;
  if (onConstant === 'throw') throw new Error('r2Score: y_true is constant, so R^2 is undefined');
  return ssRes === 0 ? 1 : 0;
}
