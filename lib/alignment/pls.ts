// PLS regression equal to scikit-learn 1.2 `PLSRegression(n_components, scale=False)` (NIPALS,
// mode A, regression deflation, max_iter 500, tol 1e-6), Brain-Score's default neural mapping
// (metrics/regression_correlation/metric.py: n_components=25, scale=False). Float64 throughout, as
// sklearn converts inputs to float64. Matrices are row-major: X is n x d, Y is n x m.
// fit = centre, pick the form, then per component: NIPALS power iterations, sign flip, loadings,
// deflation; finally the coefficients from all components' weights and loadings.
import { checkMatrix, meanColumnR2, type Matrix, type Regressor } from '../analysis/estimator.js';
import { centerColumns, matTVec, matVec } from '../analysis/linalg.js';
import { dot } from '../analysis/stats.js';

export interface PLSOptions {
  /** Number of latent components (Brain-Score: 25). */
  components?: number;
  maxIter?: number;
  tol?: number;
  /** How the power iterations run; all give scikit-learn's iterates up to rounding. 'direct': on X_k
   * (2nd per iteration); 'gram': on the n x n Gram matrix G_k = X_k X_k^T (n^2); 'cross': on the d x m
   * cross-covariance C_k = X_k^T Y_k, since w_{i+1} is proportional to C_k C_k^T w_i (2dm; C deflates
   * as C_{k+1} = C_k - (t.t) p q^T). 'auto' (default) picks the cheapest by a cost estimate. */
  form?: PLSForm | 'auto';
}

export type PLSForm = 'direct' | 'gram' | 'cross';

/** Estimated flops of each form (about 50 power iterations per component). */
export function plsCosts(n: number, d: number, m: number, components: number): Record<PLSForm, number> {
  const it = 50 * components;
  return { direct: it * 2 * n * d, gram: n * n * d + it * n * n + components * 3 * n * n, cross: n * d * m + it * 2 * d * m + components * d * m };
}

export const PLS_DEFAULTS = { components: 25, maxIter: 500, tol: 1e-6 } as const;

const EPS = 2.220446049250313e-16; // np.finfo(float64).eps

/** Inverse of a small square matrix by Gauss-Jordan with partial pivoting (P^T W is unit upper
 * triangular in exact arithmetic, so sklearn's pinv is an ordinary inverse here). */
function inverse(A: Float64Array, k: number): Float64Array {
  const a = Float64Array.from(A);
  const inv = new Float64Array(k * k);
  for (let i = 0; i < k; i++) inv[i * k + i] = 1;
  for (let col = 0; col < k; col++) {
    let piv = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r * k + col]) > Math.abs(a[piv * k + col])) piv = r;
    if (Math.abs(a[piv * k + col]) < 1e-300) throw new Error('PLS: singular loadings-weights matrix');
    if (piv !== col) {
      for (let c = 0; c < k; c++) {
        [a[col * k + c], a[piv * k + c]] = [a[piv * k + c], a[col * k + c]];
        [inv[col * k + c], inv[piv * k + c]] = [inv[piv * k + c], inv[col * k + c]];
      }
    }
    const p = a[col * k + col];
    for (let c = 0; c < k; c++) { a[col * k + c] /= p; inv[col * k + c] /= p; }
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = a[r * k + col];
      if (f === 0) continue;
      for (let c = 0; c < k; c++) { a[r * k + c] -= f * a[col * k + c]; inv[r * k + c] -= f * inv[col * k + c]; }
    }
  }
  return inv;
}

/** The deflated residuals X_k, Y_k and, for the 'gram' and 'cross' forms, the matrix they iterate on. */
interface Residuals {
  n: number;
  d: number;
  m: number;
  X: Float64Array; // n x d
  Y: Float64Array; // n x m
  G: Float64Array | null; // X_k X_k^T, n x n ('gram')
  C: Float64Array | null; // X_k^T Y_k, d x m ('cross')
}

/** linalg's matVec / matTVec write into ArrayBuffer-backed arrays. */
type Vec = Float64Array<ArrayBuffer>;

/** Per-component vectors, reused across components: scores t, u; weights xw, yw; products Gu, C^T w. */
interface Scratch {
  t: Vec;
  u: Vec;
  uStart: Vec;
  xw: Vec;
  yw: Vec;
  Gu: Vec;
  Ctw: Vec;
}

/** What the convergence test compares against: the previous x weights, or (Gram form) the previous
 * y score and its u^T G u. */
interface Previous {
  xw: Float64Array | null;
  u: Float64Array | null;
  a: number;
}

export class PLSRegression implements Regressor<Matrix, Matrix> {
  readonly components: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly form: PLSForm | 'auto';
  /** The form the last fit used. */
  usedForm: PLSForm = 'direct';
  /** Fitted state: feature and target means, coefficients (d x m, row-major). */
  xMean?: Float64Array;
  yMean?: Float64Array;
  coef?: Float64Array;
  nFeatures = 0;
  nTargets = 0;
  /** Power-method iterations per component (sklearn `n_iter_`). */
  nIter: number[] = [];

  constructor(opts: PLSOptions = {}) {
    this.components = opts.components ?? PLS_DEFAULTS.components;
    this.maxIter = opts.maxIter ?? PLS_DEFAULTS.maxIter;
    this.tol = opts.tol ?? PLS_DEFAULTS.tol;
    this.form = opts.form ?? 'auto';
  }

  /** X: n x d features, Y: n x m targets. */
  fit(X: Matrix, Y: Matrix): this {
    checkMatrix(X, 'PLS fit');
    checkMatrix(Y, 'PLS fit', 'Y');
    const n = X.rows;
    if (Y.rows !== n) throw new Error(`PLS fit: X has ${n} rows but Y has ${Y.rows}`);
    if (n < 2) throw new Error(`PLS fit: need at least 2 samples, got ${n}`);
    const d = X.cols;
    const m = Y.cols;
    if (this.components < 1 || this.components > d) {
      throw new Error(`PLS fit: components must be in [1, ${d}] (the number of features), got ${this.components}`);
    }
    const { Xc, means: xMean } = centerColumns(X.data, n, d);
    const { Xc: Yc, means: yMean } = centerColumns(Y.data, n, m);
    this.usedForm = this.pickForm(n, d, m);
    const R: Residuals = { n, d, m, X: Xc, Y: Yc, G: null, C: null };
    if (this.usedForm === 'gram') R.G = residualGram(R);
    else if (this.usedForm === 'cross') R.C = residualCross(R);
    const s: Scratch = {
      t: new Float64Array(n), u: new Float64Array(n), uStart: new Float64Array(n),
      xw: new Float64Array(d), yw: new Float64Array(m), Gu: new Float64Array(n), Ctw: new Float64Array(m),
    };
    const W: Float64Array[] = []; // x_weights_, each length d
    const P: Float64Array[] = []; // x_loadings_, each length d
    const Q: Float64Array[] = []; // y_loadings_, each length m
    this.nIter = [];
    for (let k = 0; k < this.components; k++) {
      zeroVanishedTargets(R);
      const first = firstNonzeroTarget(R);
      if (first < 0) break; // sklearn warns and stops adding components
      for (let r = 0; r < n; r++) s.u[r] = R.Y[r * m + first];
      this.nIter.push(this.powerMethod(R, s, first));
      if (R.G) xWeightsFromScore(R, s.uStart, s.xw); // the Gram form kept the x weights implicit
      flipSigns(s.xw, s.yw);
      matVec(R.X, n, d, s.xw, s.t);
      const tt = dot(s.t, s.t);
      const p = matTVec(R.X, n, d, s.t, new Float64Array(d));
      for (let c = 0; c < d; c++) p[c] /= tt;
      const q = matTVec(R.Y, n, m, s.t, new Float64Array(m));
      for (let c = 0; c < m; c++) q[c] /= tt;
      deflate(R, s.t, tt, p, q);
      W.push(Float64Array.from(s.xw));
      P.push(p);
      Q.push(q);
    }
    this.xMean = xMean;
    this.yMean = yMean;
    this.coef = coefficients(W, P, Q, d, m);
    this.nFeatures = d;
    this.nTargets = m;
    return this;
  }

  /** Predictions for new samples (rows x d) -> rows x m (float64). */
  predict(X: Matrix): Matrix {
    const { xMean, yMean, coef } = this;
    if (!xMean || !yMean || !coef) throw new Error('PLS predict: call fit first');
    const d = this.nFeatures;
    const m = this.nTargets;
    const rows = X.rows;
    if (X.cols !== d || X.data.length !== rows * d) throw new Error(`PLS predict: expected ${rows} x ${d} features, got ${X.data.length} values`);
    const out = new Float64Array(rows * m);
    const xc = new Float64Array(d);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < d; c++) xc[c] = X.data[r * d + c] - xMean[c];
      const oo = r * m;
      for (let o = 0; o < m; o++) out[oo + o] = yMean[o];
      for (let c = 0; c < d; c++) {
        const v = xc[c];
        if (v === 0) continue;
        const off = c * m;
        for (let o = 0; o < m; o++) out[oo + o] += v * coef[off + o];
      }
    }
    return { data: out, rows, cols: m };
  }

  /** Mean R^2 over the targets (sklearn's default score for multi-target regression). */
  score(X: Matrix, Y: Matrix): number {
    return meanColumnR2(Y, this.predict(X));
  }

  private pickForm(n: number, d: number, m: number): PLSForm {
    if (this.form !== 'auto') return this.form;
    const costs = plsCosts(n, d, m, this.components);
    let form: PLSForm = 'direct';
    for (const f of ['gram', 'cross'] as const) if (costs[f] < costs[form]) form = f;
    return form;
  }

  /**
   * sklearn's _get_first_singular_vectors_power_method (mode A, norm_y_weights False) for one
   * component, from the y score in s.u; returns the iterations made. Iteration i starts from the y
   * score u_i: w_i = X^T u_i normalised, t_i = X w_i, y weights from t_i, next u. s.uStart keeps the
   * y score the last iteration started with (the Gram form's x weights follow from it).
   */
  private powerMethod(R: Residuals, s: Scratch, first: number): number {
    const prev: Previous = { xw: null, u: null, a: 0 };
    s.uStart.fill(0);
    let iter = 0;
    for (let i = 0; i < this.maxIter; i++) {
      iter = i + 1;
      s.uStart.set(s.u);
      let diff: number;
      if (R.C) diff = crossStep(R, s, i === 0 ? first : -1, prev);
      else {
        diff = R.G ? gramStep(R, s, prev) : directStep(R, s, prev);
        nextYScore(R, s);
      }
      if (diff < this.tol || R.m === 1) break;
    }
    return iter;
  }
}

/** G = X X^T of the centred X (n x n), summed in feature order. linalg's gram sums in feature blocks
 * (and natively for big inputs), which rounds differently. */
function residualGram({ X, n, d }: Residuals): Float64Array {
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let acc = 0;
      const oi = i * d, oj = j * d;
      for (let c = 0; c < d; c++) acc += X[oi + c] * X[oj + c];
      G[i * n + j] = acc; G[j * n + i] = acc;
    }
  }
  return G;
}

/** C = X^T Y of the centred X and Y (d x m), accumulated row by row. */
function residualCross({ X, Y, n, d, m }: Residuals): Float64Array {
  const C = new Float64Array(d * m);
  for (let r = 0; r < n; r++) {
    const xo = r * d, yo = r * m;
    for (let c = 0; c < d; c++) {
      const v = X[xo + c];
      if (v === 0) continue;
      const co = c * m;
      for (let o = 0; o < m; o++) C[co + o] += v * Y[yo + o];
    }
  }
  return C;
}

/** Columns of the Y residual that are all ~0 are set to exactly 0 (sklearn 1.2 fit), in C too. */
function zeroVanishedTargets({ Y, C, n, d, m }: Residuals): void {
  for (let c = 0; c < m; c++) {
    let all = true;
    for (let r = 0; r < n && all; r++) all = Math.abs(Y[r * m + c]) < 10 * EPS;
    if (all) {
      for (let r = 0; r < n; r++) Y[r * m + c] = 0;
      if (C) for (let j = 0; j < d; j++) C[j * m + c] = 0;
    }
  }
}

/** The first Y column with any |value| > eps (the first y score); -1: the Y residual is constant. */
function firstNonzeroTarget({ Y, n, m }: Residuals): number {
  for (let c = 0; c < m; c++) for (let r = 0; r < n; r++) if (Math.abs(Y[r * m + c]) > EPS) return c;
  return -1;
}

/** v /= (|v| + eps), as sklearn normalises weights. */
function normalise(v: Float64Array): void {
  const nv = Math.sqrt(dot(v, v)) + EPS;
  for (let c = 0; c < v.length; c++) v[c] /= nv;
}

/** Squared change of the x weights since the previous iteration (Infinity on the first: sklearn's
 * x_weights_old = 100 never converges), and remember them. */
function weightChange(xw: Float64Array, prev: Previous): number {
  let diff = Infinity;
  if (prev.xw) { diff = 0; for (let c = 0; c < xw.length; c++) diff += (xw[c] - prev.xw[c]) ** 2; }
  prev.xw = Float64Array.from(xw);
  return diff;
}

/** x weights X^T u / (u.u), normalised. */
function xWeightsFromScore({ X, n, d }: Residuals, u: Float64Array, xw: Vec): void {
  const uu = dot(u, u);
  matTVec(X, n, d, u, xw);
  for (let c = 0; c < d; c++) xw[c] /= uu;
  normalise(xw);
}

/** Direct form: x weights from u, then the x score t = X w. */
function directStep(R: Residuals, s: Scratch, prev: Previous): number {
  xWeightsFromScore(R, s.u, s.xw);
  matVec(R.X, R.n, R.d, s.xw, s.t);
  return weightChange(s.xw, prev);
}

/** Gram form: w stays implicit (w_i . w_j = u_i^T G u_j / norms) and t = G u / |X^T u|. */
function gramStep({ G, n }: Residuals, s: Scratch, prev: Previous): number {
  const { u, Gu, t } = s;
  const uu = dot(u, u);
  matVec(G!, n, n, u, Gu);
  const a = Math.max(dot(u, Gu), 0);
  const norm0 = Math.sqrt(a) / uu;
  const scale = 1 / (uu * (norm0 + EPS));
  for (let r = 0; r < n; r++) t[r] = Gu[r] * scale;
  const diff = prev.u ? 2 - (2 * dot(prev.u, Gu)) / Math.sqrt(a * prev.a) : Infinity;
  prev.u = Float64Array.from(u);
  prev.a = a;
  return diff;
}

/** Cross form: w_0 is C's column `first` (the first nonzero y column); then w <- C C^T w, normalised.
 * Pass first = -1 after the first iteration. */
function crossStep({ C, d, m }: Residuals, s: Scratch, first: number, prev: Previous): number {
  const { xw, Ctw } = s;
  if (first >= 0) for (let j = 0; j < d; j++) xw[j] = C![j * m + first];
  else {
    Ctw.fill(0);
    for (let j = 0; j < d; j++) { const v = xw[j]; const o = j * m; for (let c = 0; c < m; c++) Ctw[c] += C![o + c] * v; }
    for (let j = 0; j < d; j++) { let acc = 0; const o = j * m; for (let c = 0; c < m; c++) acc += C![o + c] * Ctw[c]; xw[j] = acc; }
  }
  normalise(xw);
  return weightChange(xw, prev);
}

/** y weights Y^T t / (t.t), then the next y score u = Y yw / (yw.yw + eps). */
function nextYScore({ Y, n, m }: Residuals, s: Scratch): void {
  const { t, u, yw } = s;
  matTVec(Y, n, m, t, yw);
  const tt = dot(t, t);
  for (let c = 0; c < m; c++) yw[c] /= tt;
  matVec(Y, n, m, yw, u);
  const yy = dot(yw, yw) + EPS;
  for (let r = 0; r < n; r++) u[r] /= yy;
}

/** _svd_flip_1d: make the largest-|.| entry of the x weights positive (the y weights follow). */
function flipSigns(xw: Float64Array, yw: Float64Array): void {
  let big = 0;
  for (let c = 1; c < xw.length; c++) if (Math.abs(xw[c]) > Math.abs(xw[big])) big = c;
  if (xw[big] < 0) {
    for (let c = 0; c < xw.length; c++) xw[c] = -xw[c];
    for (let c = 0; c < yw.length; c++) yw[c] = -yw[c];
  }
}

/** Regression-mode deflation X -= t p^T, Y -= t q^T, and the same on the form's matrix. */
function deflate(R: Residuals, t: Float64Array, tt: number, p: Float64Array, q: Float64Array): void {
  const { X, Y, C, G, n, d, m } = R;
  for (let r = 0; r < n; r++) {
    const tr = t[r];
    const xo = r * d;
    for (let c = 0; c < d; c++) X[xo + c] -= tr * p[c];
    const yo = r * m;
    for (let c = 0; c < m; c++) Y[yo + c] -= tr * q[c];
  }
  if (C) {
    // C_{k+1} = X_{k+1}^T Y_{k+1} = C_k - (t.t) p q^T.
    for (let j = 0; j < d; j++) { const v = tt * p[j]; if (v === 0) continue; const o = j * m; for (let c = 0; c < m; c++) C[o + c] -= v * q[c]; }
  }
  if (G) {
    // G_{k+1} = P G_k P with P = I - t t^T / (t.t): X_{k+1} = P X_k.
    const Gt = matVec(G, n, n, t, new Float64Array(n));
    const tGt = dot(t, Gt);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        G[i * n + j] += (-t[i] * Gt[j] - Gt[i] * t[j]) / tt + (t[i] * t[j] * tGt) / (tt * tt);
      }
    }
  }
}

/** coef = x_rotations Q^T (d x m) with x_rotations = W (P^T W)^-1. */
function coefficients(W: Float64Array[], P: Float64Array[], Q: Float64Array[], d: number, m: number): Float64Array {
  const k = W.length;
  const PtW = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) PtW[i * k + j] = dot(P[i], W[j]);
  const inv = k > 0 ? inverse(PtW, k) : new Float64Array(0);
  const coef = new Float64Array(d * m);
  // R[:, j] = sum_i W[i] * inv[i, j]; coef += R[:, j] Q[j]^T
  const rj = new Float64Array(d);
  for (let j = 0; j < k; j++) {
    rj.fill(0);
    for (let i = 0; i < k; i++) {
      const s = inv[i * k + j];
      if (s === 0) continue;
      const wi = W[i];
      for (let c = 0; c < d; c++) rj[c] += wi[c] * s;
    }
    const qj = Q[j];
    for (let c = 0; c < d; c++) {
      const v = rj[c];
      const off = c * m;
      for (let o = 0; o < m; o++) coef[off + o] += v * qj[o];
    }
  }
  return coef;
}
