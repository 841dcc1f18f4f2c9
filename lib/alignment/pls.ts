// PLS regression equal to scikit-learn 1.2 `PLSRegression(n_components, scale=False)` (NIPALS,
// mode A, regression deflation, max_iter 500, tol 1e-6), Brain-Score's default neural mapping
// (metrics/regression_correlation/metric.py: n_components=25, scale=False). Float64 throughout, as
// sklearn converts inputs to float64. Matrices are row-major: X is n x d, Y is n x m.
import { matTVec, matVec } from '../analysis/linalg.js';
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

type Num = ArrayLike<number>;

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

export class PLSRegression {
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

  fit(X: Num, Y: Num, n: number): this {
    if (n < 2) throw new Error(`PLS fit: need at least 2 samples, got ${n}`);
    if (X.length % n !== 0 || Y.length % n !== 0) throw new Error(`PLS fit: X (${X.length} values) and Y (${Y.length} values) are not n=${n} rows`);
    const d = X.length / n;
    const m = Y.length / n;
    if (this.components < 1 || this.components > d) {
      throw new Error(`PLS fit: components must be in [1, ${d}] (the number of features), got ${this.components}`);
    }
    const Xk = Float64Array.from(X);
    const Yk = Float64Array.from(Y);
    const xMean = new Float64Array(d);
    const yMean = new Float64Array(m);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < d; c++) xMean[c] += Xk[r * d + c];
      for (let c = 0; c < m; c++) yMean[c] += Yk[r * m + c];
    }
    for (let c = 0; c < d; c++) xMean[c] /= n;
    for (let c = 0; c < m; c++) yMean[c] /= n;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < d; c++) Xk[r * d + c] -= xMean[c];
      for (let c = 0; c < m; c++) Yk[r * m + c] -= yMean[c];
    }

    const K = this.components;
    let form: PLSForm = this.form === 'auto' ? 'direct' : this.form;
    if (this.form === 'auto') {
      const costs = plsCosts(n, d, m, K);
      for (const f of ['gram', 'cross'] as const) if (costs[f] < costs[form]) form = f;
    }
    this.usedForm = form;
    let G: Float64Array | null = null; // n x n
    let Cx: Float64Array | null = null; // d x m
    if (form === 'gram') {
      G = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = i; j < n; j++) {
          let acc = 0;
          const oi = i * d, oj = j * d;
          for (let c = 0; c < d; c++) acc += Xk[oi + c] * Xk[oj + c];
          G[i * n + j] = acc; G[j * n + i] = acc;
        }
      }
    } else if (form === 'cross') {
      Cx = new Float64Array(d * m);
      for (let r = 0; r < n; r++) {
        const xo = r * d, yo = r * m;
        for (let c = 0; c < d; c++) {
          const v = Xk[xo + c];
          if (v === 0) continue;
          const co = c * m;
          for (let o = 0; o < m; o++) Cx[co + o] += v * Yk[yo + o];
        }
      }
    }
    const Gu = new Float64Array(n);
    const Ctw = new Float64Array(m);
    const W: Float64Array[] = []; // x_weights_, each length d
    const P: Float64Array[] = []; // x_loadings_, each length d
    const Q: Float64Array[] = []; // y_loadings_, each length m
    this.nIter = [];
    const t = new Float64Array(n);
    const u = new Float64Array(n);
    const xw = new Float64Array(d);
    const yw = new Float64Array(m);
    for (let k = 0; k < K; k++) {
      // Columns of the Y residual that are all ~0 are set to exactly 0 (sklearn 1.2 fit).
      for (let c = 0; c < m; c++) {
        let all = true;
        for (let r = 0; r < n && all; r++) all = Math.abs(Yk[r * m + c]) < 10 * EPS;
        if (all) {
          for (let r = 0; r < n; r++) Yk[r * m + c] = 0;
          if (Cx) for (let j = 0; j < d; j++) Cx[j * m + c] = 0;
        }
      }
      // First y score: the first Y column with any |value| > eps; none means "Y residual is constant".
      let first = -1;
      for (let c = 0; c < m && first < 0; c++) for (let r = 0; r < n; r++) if (Math.abs(Yk[r * m + c]) > EPS) { first = c; break; }
      if (first < 0) break; // sklearn warns and stops adding components
      for (let r = 0; r < n; r++) u[r] = Yk[r * m + first];

      // _get_first_singular_vectors_power_method, mode A, norm_y_weights False. Iteration i starts
      // from the y score u_i: w_i = X^T u_i normalised, t_i = X w_i, y weights from t_i, next u.
      // The Gram form keeps w_i implicit (w_i . w_j = u_i^T G u_j / norms) and t_i = G u_i / |X^T u_i|.
      let xwOld: Float64Array | null = null;
      let uPrev: Float64Array | null = null;
      let aPrev = 0;
      const uStart = new Float64Array(n);
      let iter = 0;
      for (let i = 0; i < this.maxIter; i++) {
        iter = i + 1;
        uStart.set(u);
        const uu = dot(u, u);
        let diff = Infinity; // the first comparison is against x_weights_old = 100: never converged
        if (Cx) {
          // w_0 from C's column of the first nonzero y column; then w <- C C^T w, normalised.
          if (i === 0) for (let j = 0; j < d; j++) xw[j] = Cx[j * m + first];
          else {
            Ctw.fill(0);
            for (let j = 0; j < d; j++) { const v = xw[j]; const o = j * m; for (let c = 0; c < m; c++) Ctw[c] += Cx[o + c] * v; }
            for (let j = 0; j < d; j++) { let acc = 0; const o = j * m; for (let c = 0; c < m; c++) acc += Cx[o + c] * Ctw[c]; xw[j] = acc; }
          }
          const nx = Math.sqrt(dot(xw, xw)) + EPS;
          for (let j = 0; j < d; j++) xw[j] /= nx;
          if (xwOld) { diff = 0; for (let c = 0; c < d; c++) diff += (xw[c] - xwOld[c]) ** 2; }
          xwOld = Float64Array.from(xw);
          if (diff < this.tol || m === 1) break;
          continue;
        }
        if (G) {
          matVec(G, n, n, u, Gu);
          const a = Math.max(dot(u, Gu), 0);
          const norm0 = Math.sqrt(a) / uu;
          const scale = 1 / (uu * (norm0 + EPS));
          for (let r = 0; r < n; r++) t[r] = Gu[r] * scale;
          if (uPrev) diff = 2 - (2 * dot(uPrev, Gu)) / Math.sqrt(a * aPrev);
          uPrev = Float64Array.from(u);
          aPrev = a;
        } else {
          matTVec(Xk, n, d, u, xw);
          for (let c = 0; c < d; c++) xw[c] /= uu;
          const nx = Math.sqrt(dot(xw, xw)) + EPS;
          for (let c = 0; c < d; c++) xw[c] /= nx;
          matVec(Xk, n, d, xw, t);
          if (xwOld) { diff = 0; for (let c = 0; c < d; c++) diff += (xw[c] - xwOld[c]) ** 2; }
          xwOld = Float64Array.from(xw);
        }
        matTVec(Yk, n, m, t, yw);
        const tt = dot(t, t);
        for (let c = 0; c < m; c++) yw[c] /= tt;
        matVec(Yk, n, m, yw, u);
        const yy = dot(yw, yw) + EPS;
        for (let r = 0; r < n; r++) u[r] /= yy;
        if (diff < this.tol || m === 1) break;
      }
      this.nIter.push(iter);
      if (G) {
        // The converged x weights in feature space, from the y score the last iteration started with.
        matTVec(Xk, n, d, uStart, xw);
        const uu = dot(uStart, uStart);
        for (let c = 0; c < d; c++) xw[c] /= uu;
        const nx = Math.sqrt(dot(xw, xw)) + EPS;
        for (let c = 0; c < d; c++) xw[c] /= nx;
      }

      // _svd_flip_1d: make the largest-|.| entry of x_weights positive.
      let big = 0;
      for (let c = 1; c < d; c++) if (Math.abs(xw[c]) > Math.abs(xw[big])) big = c;
      if (xw[big] < 0) {
        for (let c = 0; c < d; c++) xw[c] = -xw[c];
        for (let c = 0; c < m; c++) yw[c] = -yw[c];
      }
      matVec(Xk, n, d, xw, t);
      const tt = dot(t, t);
      const p = matTVec(Xk, n, d, t, new Float64Array(d));
      for (let c = 0; c < d; c++) p[c] /= tt;
      const q = matTVec(Yk, n, m, t, new Float64Array(m));
      for (let c = 0; c < m; c++) q[c] /= tt;
      // Deflation (regression mode): X -= t p^T, Y -= t q^T.
      for (let r = 0; r < n; r++) {
        const tr = t[r];
        const xo = r * d;
        for (let c = 0; c < d; c++) Xk[xo + c] -= tr * p[c];
        const yo = r * m;
        for (let c = 0; c < m; c++) Yk[yo + c] -= tr * q[c];
      }
      if (Cx) {
        // C_{k+1} = X_{k+1}^T Y_{k+1} = C_k - (t.t) p q^T.
        for (let j = 0; j < d; j++) { const v = tt * p[j]; if (v === 0) continue; const o = j * m; for (let c = 0; c < m; c++) Cx[o + c] -= v * q[c]; }
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
      W.push(Float64Array.from(xw));
      P.push(p);
      Q.push(q);
    }

    // x_rotations = W (P^T W)^-1 ; coef = x_rotations Q^T  (d x m).
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
    this.xMean = xMean;
    this.yMean = yMean;
    this.coef = coef;
    this.nFeatures = d;
    this.nTargets = m;
    return this;
  }

  /** Predictions for `rows` new samples (row-major, rows x d) -> rows x m (float64). */
  predict(X: Num, rows: number): Float64Array {
    const { xMean, yMean, coef } = this;
    if (!xMean || !yMean || !coef) throw new Error('PLS predict: call fit first');
    const d = this.nFeatures;
    const m = this.nTargets;
    if (X.length !== rows * d) throw new Error(`PLS predict: expected ${rows} x ${d} features, got ${X.length} values`);
    const out = new Float64Array(rows * m);
    const xc = new Float64Array(d);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < d; c++) xc[c] = X[r * d + c] - xMean[c];
      const oo = r * m;
      for (let o = 0; o < m; o++) out[oo + o] = yMean[o];
      for (let c = 0; c < d; c++) {
        const v = xc[c];
        if (v === 0) continue;
        const off = c * m;
        for (let o = 0; o < m; o++) out[oo + o] += v * coef[off + o];
      }
    }
    return out;
  }
}
