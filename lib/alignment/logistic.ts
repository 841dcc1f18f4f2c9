// The behavioural readout of Brain-Score's ProbabilitiesMapping.ProbabilitiesClassifier
// (model_helpers/brain_transformation/behavior.py): StandardScaler on the fitting features, then
// scikit-learn LogisticRegression(multi_class='multinomial', C=1e-3) - minimise
// C * sum_i cross-entropy + 0.5 ||W||^2 with an unpenalised intercept. Solved by L-BFGS over W with
// the intercept profiled out exactly (a small Newton solve per evaluation): with C = 1e-3 the
// intercept's curvature is ~1000x smaller than W's, which stalls a joint first-order solver.

export const READOUT_C = 1e-3;

export interface Standardizer { mean: Float64Array; scale: Float64Array }

/** sklearn StandardScaler: population std; zero-variance features keep scale 1. */
export function fitStandardizer(X: ArrayLike<number>, n: number, d: number): Standardizer {
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += X[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) scale[j] += (X[i * d + j] - mean[j]) ** 2;
  for (let j = 0; j < d; j++) { const s = Math.sqrt(scale[j] / n); scale[j] = s > 10 * Number.EPSILON * Math.max(1, Math.abs(mean[j])) ? s : 1; }
  return { mean, scale };
}

export function standardize(X: ArrayLike<number>, n: number, d: number, s: Standardizer): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = (X[i * d + j] - s.mean[j]) / s.scale[j];
  return out;
}

function softmaxRows(Z: Float64Array, n: number, K: number): void {
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let k = 0; k < K; k++) m = Math.max(m, Z[i * K + k]);
    let s = 0;
    for (let k = 0; k < K; k++) { const e = Math.exp(Z[i * K + k] - m); Z[i * K + k] = e; s += e; }
    for (let k = 0; k < K; k++) Z[i * K + k] /= s;
  }
}

/** Solve a small dense linear system (Gaussian elimination, partial pivoting). */
function solve(A: Float64Array, b: Float64Array, m: number): Float64Array {
  const a = Float64Array.from(A);
  const x = Float64Array.from(b);
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(a[r * m + c]) > Math.abs(a[p * m + c])) p = r;
    if (p !== c) { for (let k = 0; k < m; k++) [a[c * m + k], a[p * m + k]] = [a[p * m + k], a[c * m + k]]; [x[c], x[p]] = [x[p], x[c]]; }
    const piv = a[c * m + c];
    for (let r = c + 1; r < m; r++) {
      const f = a[r * m + c] / piv;
      if (f === 0) continue;
      for (let k = c; k < m; k++) a[r * m + k] -= f * a[c * m + k];
      x[r] -= f * x[c];
    }
  }
  for (let r = m - 1; r >= 0; r--) {
    let s = x[r];
    for (let k = r + 1; k < m; k++) s -= a[r * m + k] * x[k];
    x[r] = s / a[r * m + r];
  }
  return x;
}

export class MultinomialLogistic {
  W = new Float64Array(0); // K x d
  b = new Float64Array(0); // K
  K = 0;
  d = 0;
  iterations = 0;

  constructor(readonly C = READOUT_C, readonly tol = 1e-10, readonly maxIter = 2000) {}

  /** X: n x d (already standardised), y: class index per row in [0, K). */
  fit(X: Float64Array, y: ArrayLike<number>, n: number, K: number): this {
    const d = X.length / n;
    this.K = K; this.d = d;
    const C = this.C;
    const Y = new Float64Array(n * K);
    for (let i = 0; i < n; i++) Y[i * K + y[i]] = 1;
    const b = new Float64Array(K);
    const Z = new Float64Array(n * K);
    const XW = new Float64Array(n * K);
    const logits = (W: Float64Array): void => {
      for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += X[i * d + j] * W[k * d + j];
        XW[i * K + k] = s;
      }
    };
    // Profile out the intercept: Newton on b (class K-1 fixed at its current value; softmax is
    // shift-invariant in b, so probabilities do not depend on that choice).
    const fitIntercept = (): void => {
      const m = K - 1;
      for (let it = 0; it < 50; it++) {
        for (let i = 0; i < n * K; i++) Z[i] = XW[i] + b[i % K];
        softmaxRows(Z, n, K);
        const g = new Float64Array(m);
        const H = new Float64Array(m * m);
        for (let i = 0; i < n; i++) for (let k = 0; k < m; k++) {
          const pk = Z[i * K + k];
          g[k] += pk - Y[i * K + k];
          for (let l = 0; l < m; l++) H[k * m + l] += (k === l ? pk : 0) - pk * Z[i * K + l];
        }
        let gmax = 0;
        for (let k = 0; k < m; k++) gmax = Math.max(gmax, Math.abs(g[k]));
        if (gmax < 1e-13 * n) break;
        for (let k = 0; k < m; k++) H[k * m + k] += 1e-12 * n;
        const step = solve(H, g, m);
        for (let k = 0; k < m; k++) b[k] -= step[k];
      }
      for (let i = 0; i < n * K; i++) Z[i] = XW[i] + b[i % K];
      softmaxRows(Z, n, K);
    };
    // f(W) = C * sum CE + 0.5 ||W||^2 at the optimal b; grad = C (P - Y)^T X + W (envelope theorem).
    const evaluate = (W: Float64Array, grad: Float64Array): number => {
      logits(W);
      fitIntercept();
      let f = 0;
      for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) if (Y[i * K + k]) f -= C * Math.log(Math.max(Z[i * K + k], 1e-300));
      grad.fill(0);
      for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) {
        const r = C * (Z[i * K + k] - Y[i * K + k]);
        if (r === 0) continue;
        for (let j = 0; j < d; j++) grad[k * d + j] += r * X[i * d + j];
      }
      for (let p = 0; p < W.length; p++) { f += 0.5 * W[p] * W[p]; grad[p] += W[p]; }
      return f;
    };
    // L-BFGS (two-loop recursion, memory 10) with backtracking Armijo steps.
    const P = K * d;
    let W = new Float64Array(P);
    let g = new Float64Array(P);
    let f = evaluate(W, g);
    const S: Float64Array[] = [], Yv: Float64Array[] = [], rho: number[] = [];
    const dir = new Float64Array(P);
    let iter = 0;
    for (; iter < this.maxIter; iter++) {
      let gmax = 0;
      for (let p = 0; p < P; p++) gmax = Math.max(gmax, Math.abs(g[p]));
      if (gmax < this.tol) break;
      dir.set(g);
      const alpha: number[] = [];
      for (let h = S.length - 1; h >= 0; h--) {
        let a = 0;
        for (let p = 0; p < P; p++) a += S[h][p] * dir[p];
        a *= rho[h];
        alpha[h] = a;
        for (let p = 0; p < P; p++) dir[p] -= a * Yv[h][p];
      }
      if (S.length) {
        const h = S.length - 1;
        let yy = 0, sy = 0;
        for (let p = 0; p < P; p++) { yy += Yv[h][p] ** 2; sy += S[h][p] * Yv[h][p]; }
        for (let p = 0; p < P; p++) dir[p] *= sy / yy;
      }
      for (let h = 0; h < S.length; h++) {
        let bb = 0;
        for (let p = 0; p < P; p++) bb += Yv[h][p] * dir[p];
        bb *= rho[h];
        for (let p = 0; p < P; p++) dir[p] += S[h][p] * (alpha[h] - bb);
      }
      let gd = 0;
      for (let p = 0; p < P; p++) gd += g[p] * dir[p];
      if (gd <= 0) { dir.set(g); gd = 0; for (let p = 0; p < P; p++) gd += g[p] * g[p]; S.length = 0; Yv.length = 0; rho.length = 0; }
      let step = 1;
      const Wn = new Float64Array(P);
      const gn = new Float64Array(P);
      let fn = 0;
      for (let ls = 0; ls < 40; ls++) {
        for (let p = 0; p < P; p++) Wn[p] = W[p] - step * dir[p];
        fn = evaluate(Wn, gn);
        if (fn <= f - 1e-4 * step * gd) break;
        step /= 2;
      }
      const s = new Float64Array(P), yv = new Float64Array(P);
      let sy = 0;
      for (let p = 0; p < P; p++) { s[p] = Wn[p] - W[p]; yv[p] = gn[p] - g[p]; sy += s[p] * yv[p]; }
      if (sy > 1e-20) {
        S.push(s); Yv.push(yv); rho.push(1 / sy);
        if (S.length > 10) { S.shift(); Yv.shift(); rho.shift(); }
      }
      if (f - fn <= 1e-16 * Math.max(1, Math.abs(f)) && step < 1e-6) { W = Wn; g = gn; f = fn; break; }
      W = Wn; g = gn; f = fn;
    }
    evaluate(W, g); // leaves b at its optimum for the final W
    this.W = W;
    this.b = b;
    this.iterations = iter;
    return this;
  }

  /** Class probabilities, n x K. */
  predictProba(X: Float64Array, n: number): Float64Array {
    const { K, d, W, b } = this;
    const Z = new Float64Array(n * K);
    for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) {
      let s = b[k];
      for (let j = 0; j < d; j++) s += X[i * d + j] * W[k * d + j];
      Z[i * K + k] = s;
    }
    softmaxRows(Z, n, K);
    return Z;
  }
}

export interface ProbabilityReadout { classes: string[]; proba: Float64Array }

/** Fit on fitting features + labels, predict class probabilities for test features. Classes keep
 * the order labels first appear in (Brain-Score labels_to_indices). */
export function fitReadout(fitX: ArrayLike<number>, labels: readonly string[], testX: ArrayLike<number>, nTest: number, d: number,
  C = READOUT_C): ProbabilityReadout {
  const n = labels.length;
  const classes: string[] = [];
  const index = new Map<string, number>();
  const y = labels.map((l) => { if (!index.has(l)) { index.set(l, classes.length); classes.push(l); } return index.get(l)!; });
  const s = fitStandardizer(fitX, n, d);
  const model = new MultinomialLogistic(C).fit(standardize(fitX, n, d, s), y, n, classes.length);
  return { classes, proba: model.predictProba(standardize(testX, nTest, d, s), nTest) };
}
