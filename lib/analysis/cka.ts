// Linear centred kernel alignment (Kornblith et al. 2019; paper Appendix D).
//   biased:   CKA = <Kc, Lc>_F / (||Kc||_F ||Lc||_F),  Kc = H X X^T H (H never built: features are
//             centred instead, which gives the same Kc exactly);
//             feature form ||Yc^T Xc||_F^2 / (||Xc^T Xc||_F ||Yc^T Yc||_F) when n >= features.
//   debiased: HSIC replaced by the unbiased U-statistic estimator (Song et al. 2012), via Kornblith's
//             unbiased Gram centring or the equivalent feature-space correction; can go negative.
import type { OnProgress } from '../progress.js';
import { addABt, centerColumns, columnMeans, gram, maxAbs, transpose, type Real } from './linalg.js';
import { gramMixed } from './gram_tf.js';
import { dot } from './stats.js';

export interface Matrix {
  data: Real;
  rows: number;
  cols: number;
}

/**
 * 'float64' (default): JS float64 Gram, exact to rounding. 'mixed': float32 tf.matMul per 1024-feature
 * block summed in float64 (see gram_tf.ts), for big layers on a native tfjs backend; needs initEngine().
 */
export type GramPrecision = 'float64' | 'mixed';

export interface CkaOptions {
  debiased?: boolean;
  precision?: GramPrecision;
  /** 'auto' picks the cheaper of the n x n Gram form and the features x features form. */
  form?: 'auto' | 'gram' | 'feature';
}

function check(X: Matrix, name: string, minRows: number): void {
  if (!Number.isInteger(X.rows) || !Number.isInteger(X.cols) || X.rows < 1 || X.cols < 1) {
    throw new Error(`cka: ${name} must be a non-empty rows x features matrix, got ${X.rows} x ${X.cols}`);
  }
  if (X.data.length !== X.rows * X.cols) throw new Error(`cka: ${name} has ${X.data.length} values, expected ${X.rows} x ${X.cols}`);
  if (X.rows < minRows) throw new Error(`cka: ${name} needs at least ${minRows} rows (examples), got ${X.rows}`);
  for (let i = 0; i < X.data.length; i++) {
    if (!Number.isFinite(X.data[i])) throw new Error(`cka: ${name} contains a non-finite value at row ${Math.floor(i / X.cols)}, column ${i % X.cols}`);
  }
}

function noVariance(name: string): Error {
  return new Error(`cka: ${name} has no variance across examples (all rows equal after centring); CKA is undefined`);
}

/** Centred Gram matrix (n x n float64): biased H K H, or Kornblith's unbiased centring when debiased. */
export function centeredGram(X: Matrix, opts: { debiased?: boolean; precision?: GramPrecision; onBlock?: (done: number, total: number) => void } = {}): Float64Array {
  const n = X.rows;
  const gopts = { means: columnMeans(X.data, n, X.cols), scale: unitScale(X.data), onBlock: opts.onBlock };
  const K = opts.precision === 'mixed' ? gramMixed(X.data, n, X.cols, gopts) : gram(X.data, n, X.cols, gopts);
  if (opts.debiased) unbiasedCenterInPlace(K, n);
  return K;
}

// Kornblith's center_gram(unbiased=True): zero the diagonal, remove the U-statistic row/column means,
// zero the diagonal again. Shift-invariant, so applying it to the feature-centred Gram is equivalent.
function unbiasedCenterInPlace(K: Float64Array, n: number): void {
  if (n < 3) throw new Error(`cka: debiased CKA needs at least 3 examples, got ${n}`);
  for (let i = 0; i < n; i++) K[i * n + i] = 0;
  const means = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += K[i * n + j];
    means[i] = s / (n - 2);
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += means[i];
  const shift = total / (2 * (n - 1));
  for (let i = 0; i < n; i++) means[i] -= shift;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) K[i * n + j] -= means[i] + means[j];
  for (let i = 0; i < n; i++) K[i * n + i] = 0;
}

// CKA is invariant to isotropic scaling, so dividing by max|x| changes nothing but keeps squares of tiny
// (1e-170) or huge (1e170) activations representable.
function unitScale(X: Real): number {
  const m = maxAbs(X);
  return m > 0 && Number.isFinite(1 / m) ? 1 / m : 1;
}

/** CKA from two centred Gram matrices of the same examples. */
export function ckaFromGrams(Kc: Float64Array, Lc: Float64Array): number {
  if (Kc.length !== Lc.length) throw new Error(`cka: Gram matrices differ in size (${Kc.length} vs ${Lc.length} entries)`);
  const nx = Math.sqrt(dot(Kc, Kc));
  const ny = Math.sqrt(dot(Lc, Lc));
  if (!(nx > 0)) throw noVariance('X');
  if (!(ny > 0)) throw noVariance('Y');
  return dot(Kc, Lc) / (nx * ny);
}

// Unbiased-HSIC correction of a feature-space dot product (Kornblith's
// _debiased_dot_product_similarity_helper): xty - n/(n-2) <r_x, r_y> + |X|^2 |Y|^2 / ((n-1)(n-2)).
function debiasedDot(xty: number, rowsX: Float64Array, rowsY: Float64Array, sqX: number, sqY: number, n: number): number {
  return xty - (n / (n - 2)) * dot(rowsX, rowsY) + (sqX * sqY) / ((n - 1) * (n - 2));
}

function rowSquares(Xc: Float64Array, n: number, d: number): Float64Array {
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += Xc[i * d + j] * Xc[i * d + j];
    r[i] = s;
  }
  return r;
}

function sumSquares(a: Float64Array): number {
  return dot(a, a);
}

/** Feature-space linear CKA: cheaper when the number of examples exceeds the features. */
export function featureCKA(X: Matrix, Y: Matrix, debiased = false): number {
  const n = X.rows;
  const { Xc } = centerColumns(X.data, n, X.cols, unitScale(X.data));
  const { Xc: Yc } = centerColumns(Y.data, n, Y.cols, unitScale(Y.data));
  const XT = transpose(Xc, n, X.cols);
  const YT = transpose(Yc, n, Y.cols);
  const XtY = new Float64Array(X.cols * Y.cols);
  addABt(XT, X.cols, YT, Y.cols, n, XtY, Y.cols);
  const XtX = symmetricProduct(XT, X.cols, n);
  const YtY = symmetricProduct(YT, Y.cols, n);
  let sim = sumSquares(XtY);
  let nx = sumSquares(XtX);
  let ny = sumSquares(YtY);
  if (debiased) {
    if (n < 3) throw new Error(`cka: debiased CKA needs at least 3 examples, got ${n}`);
    const rx = rowSquares(Xc, n, X.cols);
    const ry = rowSquares(Yc, n, Y.cols);
    const sx = rx.reduce((a, b) => a + b, 0);
    const sy = ry.reduce((a, b) => a + b, 0);
    sim = debiasedDot(sim, rx, ry, sx, sy, n);
    nx = debiasedDot(nx, rx, rx, sx, sx, n);
    ny = debiasedDot(ny, ry, ry, sy, sy, n);
  }
  if (!(nx > 0)) throw noVariance('X');
  if (!(ny > 0)) throw noVariance('Y');
  return sim / (Math.sqrt(nx) * Math.sqrt(ny));
}

function symmetricProduct(T: Float64Array, r: number, k: number): Float64Array {
  const C = new Float64Array(r * r);
  addABt(T, r, T, r, k, C, r, true);
  for (let i = 0; i < r; i++) for (let j = i + 1; j < r; j++) C[i * r + j] = C[j * r + i];
  return C;
}

/** Which form costs fewer multiply-adds: n^2 (dx + dy) / 2 for Grams vs n (dx dy + dx^2/2 + dy^2/2). */
export function cheaperForm(n: number, dx: number, dy: number): 'gram' | 'feature' {
  const gramCost = (n * n * (dx + dy)) / 2;
  const featureCost = n * (dx * dy + (dx * dx) / 2 + (dy * dy) / 2);
  return featureCost < gramCost ? 'feature' : 'gram';
}

/** Linear CKA between two representations of the same n examples (rows). */
export function linearCKA(X: Matrix, Y: Matrix, opts: CkaOptions = {}): number {
  const minRows = opts.debiased ? 3 : 2;
  check(X, 'X', minRows);
  check(Y, 'Y', minRows);
  if (X.rows !== Y.rows) throw new Error(`cka: X and Y must have the same examples (rows): ${X.rows} vs ${Y.rows}`);
  const form = !opts.form || opts.form === 'auto' ? cheaperForm(X.rows, X.cols, Y.cols) : opts.form;
  if (form === 'feature') return featureCKA(X, Y, opts.debiased);
  return ckaFromGrams(centeredGram(X, opts), centeredGram(Y, opts));
}

/**
 * CKA between every pair of representations (e.g. many models at one layer, all on the same n images).
 * Each centred Gram is built once (n x n float64 each, so memory is m n^2 8 bytes); the m x m result is
 * symmetric with ones on the diagonal. Pass a loader instead of an array to read one model's activations
 * at a time (a 2000 x 16384 float32 layer is 131 MB; only its Gram is kept).
 */
export function ckaMatrix(reps: Matrix[] | { count: number; load: (i: number) => Matrix },
  opts: { debiased?: boolean; precision?: GramPrecision; label?: string; onProgress?: OnProgress } = {}): Float64Array {
  const m = Array.isArray(reps) ? reps.length : reps.count;
  const load = Array.isArray(reps) ? (i: number) => reps[i] : reps.load;
  if (m === 0) throw new Error('cka: ckaMatrix needs at least one representation');
  const grams: Float64Array[] = [];
  const norms = new Float64Array(m);
  let n = -1;
  const label = opts.label ?? 'cka';
  const report = opts.onProgress;
  for (let i = 0; i < m; i++) {
    const r = load(i);
    check(r, `representation ${i}`, opts.debiased ? 3 : 2);
    if (n < 0) n = r.rows;
    if (r.rows !== n) throw new Error(`cka: representation ${i} has ${r.rows} examples, expected ${n} like representation 0`);
    const onBlock = report && ((done: number, total: number) => report({ task: `${label} ${i + 1}/${m}`, done, total, unit: 'features' }));
    const K = centeredGram(r, { debiased: opts.debiased, precision: opts.precision, onBlock });
    norms[i] = Math.sqrt(dot(K, K));
    if (!(norms[i] > 0)) throw noVariance(`representation ${i}`);
    grams.push(K);
    report?.({ task: label, done: i + 1, total: m, unit: 'Grams' });
  }
  const S = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    S[i * m + i] = 1;
    for (let j = 0; j < i; j++) {
      const v = dot(grams[i], grams[j]) / (norms[i] * norms[j]);
      S[i * m + j] = v;
      S[j * m + i] = v;
    }
  }
  return S;
}

export interface GroupSummary {
  a: string;
  b: string;
  mean: number;
  sd: number;
  count: number;
}

/**
 * The paper's group summaries of a model x model similarity matrix (Fig. 4, D.2): within a group the
 * mean (and SD) over its off-diagonal pairs (different seeds), between two groups the mean over all
 * pairs. SD is the population SD (numpy's default, ddof 0) of the pairwise values.
 */
export function groupSummaries(S: Float64Array, m: number, groups: string[]): GroupSummary[] {
  if (groups.length !== m) throw new Error(`cka: ${groups.length} group labels for a ${m} x ${m} matrix`);
  const names = [...new Set(groups)];
  const out: GroupSummary[] = [];
  for (let ga = 0; ga < names.length; ga++) {
    for (let gb = ga; gb < names.length; gb++) {
      const vals: number[] = [];
      for (let i = 0; i < m; i++) {
        if (groups[i] !== names[ga]) continue;
        for (let j = 0; j < m; j++) {
          if (groups[j] !== names[gb]) continue;
          if (ga === gb && j <= i) continue; // within: each unordered off-diagonal pair once
          vals.push(S[i * m + j]);
        }
      }
      const mu = vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : NaN;
      const sd = vals.length ? Math.sqrt(vals.reduce((a, b) => a + (b - mu) ** 2, 0) / vals.length) : NaN;
      out.push({ a: names[ga], b: names[gb], mean: mu, sd, count: vals.length });
    }
  }
  return out;
}
