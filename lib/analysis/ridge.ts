// Ridge regression for decoding continuous latents (Appendix E), matching scikit-learn 1.2:
//   Ridge:   Ridge(alpha) with an unpenalised intercept (centre X and y, solve the smaller normal system);
//   RidgeCV: RidgeCV(alphas) with its default efficient leave-one-out (generalised CV): one
//               eigen-decomposition, then for every alpha the LOO residuals c_i / [G^-1]_ii with
//               G = Xc Xc^T + alpha I and the intercept direction unregularised; the alpha with the
//               smallest mean squared LOO residual wins (first one on ties).
import { checkMatrix, type Matrix, type Regressor } from './estimator.js';
import { addABt, centerColumns, choleskySolve, gram, matTVec, matVec, symEig, transpose } from './linalg.js';
import { dot, r2Score } from './stats.js';

/**
 * The authors' RidgeCV alpha grid (multitask-vision activity.py evaluate_regression). Note the eighth
 * value is written `.75e-1` there, i.e. 0.075, not 0.75 as it reads when transcribed.
 */
export const RIDGE_ALPHAS = [1e-4, 1e-3, 1e-2, 5e-2, 1e-1, 2.5e-1, 5e-1, 0.075, 1, 2.5, 5, 10, 25, 100, 1000];

/** sklearn Ridge's default penalty. */
export const RIDGE_DEFAULT_ALPHA = 1;

export interface RidgeOptions {
  alpha?: number;
}

export interface RidgeCVOptions {
  /** Candidate penalties (default: the paper's grid). */
  alphas?: number[];
}

/** A fitted linear model X w + b: predict, and score by R^2 as sklearn's regressors. */
abstract class LinearRegressor implements Regressor {
  coef: Float64Array = new Float64Array(0);
  intercept = 0;

  abstract fit(X: Matrix, y: ArrayLike<number>): this;

  /** X w + b for each row of X. */
  predict(X: Matrix): Float64Array {
    const d = this.coef.length;
    const m = X.rows;
    if (X.cols !== d || X.data.length !== m * d) throw new Error(`ridge: predict expects ${m} x ${d} values (model has ${d} features), got ${X.data.length}`);
    const out = matVec(X.data, m, d, this.coef);
    for (let i = 0; i < m; i++) out[i] += this.intercept;
    return out;
  }

  score(X: Matrix, y: ArrayLike<number>): number {
    return r2Score(y, this.predict(X));
  }
}

/** Ridge(alpha, fit_intercept=True): minimise ||y - Xw - b||^2 + alpha ||w||^2. */
export class Ridge extends LinearRegressor {
  readonly alpha: number;

  constructor(opts: RidgeOptions = {}) {
    super();
    this.alpha = opts.alpha ?? RIDGE_DEFAULT_ALPHA;
  }

  fit(X: Matrix, y: ArrayLike<number>): this {
    const { rows: n, cols: d } = X;
    checkXY(X, y, 'ridge');
    const alpha = this.alpha;
    if (!(alpha > 0)) throw new Error(`ridge: alpha must be > 0, got ${alpha}`);
    const { Xc, means } = centerColumns(X.data, n, d);
    const { yc, mean: ym } = centred(y);
    this.coef = d <= n ? primalSolve(Xc, n, d, yc, alpha) : kernelSolve(Xc, n, d, yc, alpha);
    this.intercept = ym - dot(means, this.coef);
    return this;
  }
}

/** RidgeCV(alphas) with sklearn's default GCV (efficient leave-one-out) alpha selection. */
export class RidgeCV extends LinearRegressor {
  readonly alphas: number[];
  /** The chosen penalty (sklearn alpha_). */
  alpha = Number.NaN;
  /** Mean squared leave-one-out error per alpha (what sklearn maximises the negative of). */
  looMSE: number[] = [];
  mode: 'gram' | 'covariance' = 'covariance';

  constructor(opts: RidgeCVOptions = {}) {
    super();
    this.alphas = [...(opts.alphas ?? RIDGE_ALPHAS)];
  }

  fit(X: Matrix, y: ArrayLike<number>): this {
    const { rows: n, cols: d } = X;
    const alphas = this.alphas;
    checkXY(X, y, 'ridgeCV');
    if (alphas.length === 0 || alphas.some((a) => !(a > 0))) throw new Error(`ridgeCV: alphas must be positive, got [${alphas.join(', ')}]`);
    const { Xc, means } = centerColumns(X.data, n, d);
    const { yc, mean: ym } = centred(y);
    const gramMode = d > n; // sklearn _check_gcv_mode: eigen of the Gram when n_features > n_samples
    const solver = gramMode ? gramSolver(Xc, n, d, yc) : covarianceSolver(Xc, n, d, yc);
    const { c, alpha, looMSE } = selectAlpha(solver, alphas, n);
    // coef = Xc^T c (the dual coefficients of the winning alpha), as sklearn's _RidgeGCV.
    this.coef = matTVec(Xc, n, d, c);
    this.intercept = ym - dot(means, this.coef);
    this.alpha = alpha;
    this.looMSE = looMSE;
    this.mode = gramMode ? 'gram' : 'covariance';
    return this;
  }
}

function checkXY(X: Matrix, y: ArrayLike<number>, who: string): void {
  const { data, rows: n, cols: d } = X;
  checkMatrix(X, who);
  if (y.length !== n) throw new Error(`${who}: y has ${y.length} values, expected one per row of X (${n})`);
  if (n < 2) throw new Error(`${who}: need at least 2 samples, got ${n}`);
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) throw new Error(`${who}: X has a non-finite value at row ${Math.floor(i / d)}, column ${i % d}`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i])) throw new Error(`${who}: y has a non-finite value at ${i}`);
}

function centred(y: ArrayLike<number>): { yc: Float64Array; mean: number } {
  let m = 0;
  for (let i = 0; i < y.length; i++) m += y[i];
  m /= y.length;
  const yc = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) yc[i] = y[i] - m;
  return { yc, mean: m };
}

/** Normal equations (Xc^T Xc + alpha I) w = Xc^T yc, for d <= n. */
function primalSolve(Xc: Float64Array, n: number, d: number, yc: Float64Array, alpha: number): Float64Array {
  const XT = transpose(Xc, n, d);
  const A = new Float64Array(d * d);
  addABt(XT, d, XT, d, n, A, d, true);
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) A[i * d + j] = A[j * d + i];
  for (let i = 0; i < d; i++) A[i * d + i] += alpha;
  return choleskySolve(A, d, matTVec(Xc, n, d, yc));
}

/** Kernel form (sklearn _solve_cholesky_kernel), for d > n: w = Xc^T (Xc Xc^T + alpha I)^-1 yc. */
function kernelSolve(Xc: Float64Array, n: number, d: number, yc: Float64Array, alpha: number): Float64Array {
  const K = gram(Xc, n, d);
  for (let i = 0; i < n; i++) K[i * n + i] += alpha;
  return matTVec(Xc, n, d, choleskySolve(K, n, yc));
}

/** The alpha with the smallest mean squared LOO residual (the first on ties) and its dual coefficients. */
function selectAlpha(solver: GcvSolver, alphas: number[], n: number): { c: Float64Array; alpha: number; looMSE: number[] } {
  const looMSE: number[] = [];
  let best = -Infinity;
  let bestC: Float64Array | undefined;
  let bestAlpha = alphas[0];
  for (const alpha of alphas) {
    const { c, ginvDiag } = solver.solve(alpha);
    let se = 0;
    for (let i = 0; i < n; i++) se += (c[i] / ginvDiag[i]) ** 2;
    const mse = se / n;
    looMSE.push(mse);
    if (-mse > best) {
      best = -mse;
      bestC = c;
      bestAlpha = alpha;
    }
  }
  return { c: bestC!, alpha: bestAlpha, looMSE };
}

interface GcvSolver {
  solve(alpha: number): { c: Float64Array; ginvDiag: Float64Array };
}

// d > n (sklearn gcv_mode 'eigen'): eigen-decompose Xc Xc^T + 1 1^T; the added ones column stands for
// the intercept and its eigenvector (the one closest to 1/sqrt(n)) gets no regularisation: it is dropped.
function gramSolver(Xc: Float64Array, n: number, d: number, yc: Float64Array): GcvSolver {
  const K = gram(Xc, n, d);
  for (let i = 0; i < n * n; i++) K[i] += 1;
  const { values, vectors: Q } = symEig(K, n);
  const QT = transpose(Q, n, n); // row j = eigenvector j
  let interceptDim = 0;
  let bestCos = -1;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += QT[j * n + i];
    const cos = Math.abs(s) / Math.sqrt(n);
    if (cos > bestCos) {
      bestCos = cos;
      interceptDim = j;
    }
  }
  const qty = new Float64Array(n);
  for (let j = 0; j < n; j++) qty[j] = dot(QT.subarray(j * n, (j + 1) * n), yc);
  return {
    solve(alpha: number) {
      const w = new Float64Array(n);
      for (let j = 0; j < n; j++) w[j] = j === interceptDim ? 0 : 1 / (values[j] + alpha);
      const c = new Float64Array(n);
      const ginvDiag = new Float64Array(n);
      addSpectralTerms(QT, n, w, qty, c, ginvDiag);
      return { c, ginvDiag };
    },
  };
}

// n >= d (sklearn gcv_mode 'svd'): the SVD of [Xc, 1] through the eigen-decomposition of Xc^T Xc
// (Xc^T 1 = 0, so the ones column is its own singular direction with s^2 = n and is dropped).
// G^-1 = U diag(1/(s^2 + alpha) - 1/alpha) U^T + I/alpha, minus the intercept direction 1 1^T / (n alpha).
function covarianceSolver(Xc: Float64Array, n: number, d: number, yc: Float64Array): GcvSolver {
  const XT = transpose(Xc, n, d);
  const C = new Float64Array(d * d);
  addABt(XT, d, XT, d, n, C, d, true);
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) C[i * d + j] = C[j * d + i];
  const { values, vectors: V } = symEig(C, d);
  const smax = Math.max(0, values[d - 1]);
  const keep: number[] = [];
  for (let j = 0; j < d; j++) if (values[j] > 1e-12 * smax && values[j] > 0) keep.push(j);
  const r = keep.length;
  // U columns as rows: u_j = Xc v_j / s_j.
  const VT = new Float64Array(r * d);
  keep.forEach((j, t) => {
    for (let i = 0; i < d; i++) VT[t * d + i] = V[i * d + j];
  });
  const XV = new Float64Array(n * r);
  addABt(Xc, n, VT, r, d, XV, r);
  const UT = new Float64Array(r * n);
  const s2 = new Float64Array(r);
  keep.forEach((j, t) => {
    s2[t] = values[j];
    const s = Math.sqrt(values[j]);
    for (let i = 0; i < n; i++) UT[t * n + i] = XV[i * r + t] / s;
  });
  const uty = new Float64Array(r);
  for (let t = 0; t < r; t++) uty[t] = dot(UT.subarray(t * n, (t + 1) * n), yc);
  return {
    solve(alpha: number) {
      const c = new Float64Array(n);
      const ginvDiag = new Float64Array(n);
      const inv = 1 / alpha;
      for (let i = 0; i < n; i++) {
        c[i] = yc[i] * inv;
        ginvDiag[i] = inv - inv / n;
      }
      const w = new Float64Array(r);
      for (let t = 0; t < r; t++) w[t] = 1 / (s2[t] + alpha) - inv;
      addSpectralTerms(UT, n, w, uty, c, ginvDiag);
      return { c, ginvDiag };
    },
  };
}

/**
 * For each basis row b_j (rows of B, length n) with weight w_j and projection p_j = b_j . y:
 * c += w_j p_j b_j and ginvDiag += w_j b_j^2 (the G^-1 y and diag(G^-1) terms of the LOO formula).
 * A zero weight (the intercept direction) adds nothing.
 */
function addSpectralTerms(B: Float64Array, n: number, w: Float64Array, proj: Float64Array, c: Float64Array, ginvDiag: Float64Array): void {
  for (let j = 0; j < w.length; j++) {
    const wj = w[j];
    if (wj === 0) continue;
    const coef = wj * proj[j];
    const row = j * n;
    for (let i = 0; i < n; i++) {
      const b = B[row + i];
      c[i] += b * coef;
      ginvDiag[i] += wj * b * b;
    }
  }
}
