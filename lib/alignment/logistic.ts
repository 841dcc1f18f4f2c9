// The behavioural readout of Brain-Score's ProbabilitiesMapping.ProbabilitiesClassifier
// (model_helpers/brain_transformation/behavior.py): StandardScaler on the fitting features, then
// scikit-learn LogisticRegression(multi_class='multinomial', C=1e-3) - minimise
// C * sum_i cross-entropy + 0.5 ||W||^2 with an unpenalised intercept. Solved by L-BFGS over W with
// the intercept profiled out exactly (a small Newton solve per evaluation): with C = 1e-3 the
// intercept's curvature is ~1000x smaller than W's, which stalls a joint first-order solver.

import { accuracy, checkMatrix, type Classifier, type Matrix } from '../analysis/estimator.js';

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

export interface LogisticOptions {
  /** Inverse penalty strength (Brain-Score's readout: 1e-3). */
  C?: number;
  /** Stop when every gradient entry is below this. */
  tol?: number;
  maxIter?: number;
}

export const LOGISTIC_DEFAULTS = { C: READOUT_C, tol: 1e-10, maxIter: 2000 } as const;

/** Multinomial logistic regression on already standardised features; labels are integer-like. */
export class LogisticRegression implements Classifier {
  readonly C: number;
  readonly tol: number;
  readonly maxIter: number;
  /** Sorted class labels (sklearn classes_); row k of W and b[k] belong to classes[k]. */
  classes: number[] = [];
  W: Float64Array = new Float64Array(0); // K x d
  b: Float64Array = new Float64Array(0); // K
  K = 0;
  d = 0;
  iterations = 0;

  constructor(opts: LogisticOptions = {}) {
    this.C = opts.C ?? LOGISTIC_DEFAULTS.C;
    this.tol = opts.tol ?? LOGISTIC_DEFAULTS.tol;
    this.maxIter = opts.maxIter ?? LOGISTIC_DEFAULTS.maxIter;
  }

  /** X: n x d (already standardised), y: one label per row. */
  fit(X: Matrix, y: ArrayLike<number>): this {
    checkMatrix(X, 'logistic');
    const { rows: n, cols: d } = X;
    if (y.length !== n) throw new Error(`logistic: ${y.length} labels for ${n} rows of X`);
    this.classes = [...new Set(Array.from(y))].sort((a, c) => a - c);
    const K = this.classes.length;
    if (K < 2) throw new Error(`logistic: need at least 2 classes, got ${K}`);
    const index = new Map(this.classes.map((c, k) => [c, k]));
    const objective = new ProfiledObjective(X.data, Array.from(y, (l) => index.get(l)!), n, d, K, this.C);
    const { W, iterations } = lbfgs(objective, K * d, this.tol, this.maxIter);
    this.K = K; this.d = d;
    this.W = W;
    this.b = objective.b;
    this.iterations = iterations;
    return this;
  }

  /** Class probabilities, n x K (columns in the order of `classes`). */
  predictProba(X: Matrix): Float64Array {
    const { K, d, W, b } = this;
    const n = X.rows;
    if (X.cols !== d || X.data.length !== n * d) throw new Error(`logistic: expected ${n} x ${d} values (model has ${d} features), got ${X.data.length}`);
    const Z = new Float64Array(n * K);
    for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) {
      let s = b[k];
      for (let j = 0; j < d; j++) s += X.data[i * d + j] * W[k * d + j];
      Z[i * K + k] = s;
    }
    softmaxRows(Z, n, K);
    return Z;
  }

  /** The most probable class per row (the first on ties). */
  predict(X: Matrix): Float64Array {
    const P = this.predictProba(X);
    const K = this.K;
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (P[i * K + k] > P[i * K + best]) best = k;
      out[i] = this.classes[best];
    }
    return out;
  }

  score(X: Matrix, y: ArrayLike<number>): number {
    return accuracy(y, this.predict(X));
  }
}

/**
 * f(W) = C * sum CE + 0.5 ||W||^2 at the optimal intercept b (kept in `b`); its gradient is
 * C (P - Y)^T X + W (envelope theorem). Y is one-hot, Z the probabilities, XW the logits without b.
 */
class ProfiledObjective {
  readonly b: Float64Array;
  private readonly Y: Float64Array;
  private readonly Z: Float64Array;
  private readonly XW: Float64Array;

  constructor(private readonly X: ArrayLike<number>, y: ArrayLike<number>, private readonly n: number,
    private readonly d: number, private readonly K: number, private readonly C: number) {
    this.Y = new Float64Array(n * K);
    for (let i = 0; i < n; i++) this.Y[i * K + y[i]] = 1;
    this.b = new Float64Array(K);
    this.Z = new Float64Array(n * K);
    this.XW = new Float64Array(n * K);
  }

  /** f(W); the gradient goes to `grad`. */
  evaluate(W: Float64Array, grad: Float64Array): number {
    const { X, Y, Z, n, d, K, C } = this;
    this.logits(W);
    this.profileIntercept();
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
  }

  private logits(W: Float64Array): void {
    const { X, XW, n, d, K } = this;
    for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += X[i * d + j] * W[k * d + j];
      XW[i * K + k] = s;
    }
  }

  /** Newton on b, leaving Z at the probabilities. Class K-1's intercept stays at its value: softmax is
   * shift-invariant in b, so the probabilities do not depend on that choice. */
  private profileIntercept(): void {
    const { Y, Z, XW, b, n, K } = this;
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
  }
}

/** The last (at most 10) steps s and gradient changes y with rho = 1 / (s.y). */
interface Curvature { S: Float64Array[]; Y: Float64Array[]; rho: number[] }

/** L-BFGS (two-loop recursion, memory 10) with backtracking Armijo steps, from W = 0. Returns the
 * minimiser with `objective.b` at its optimum for it. */
function lbfgs(objective: ProfiledObjective, P: number, tol: number, maxIter: number): { W: Float64Array; iterations: number } {
  let W: Float64Array = new Float64Array(P);
  let g: Float64Array = new Float64Array(P);
  let f = objective.evaluate(W, g);
  const mem: Curvature = { S: [], Y: [], rho: [] };
  const dir = new Float64Array(P);
  let iter = 0;
  for (; iter < maxIter; iter++) {
    let gmax = 0;
    for (let p = 0; p < P; p++) gmax = Math.max(gmax, Math.abs(g[p]));
    if (gmax < tol) break;
    let gd = twoLoopDirection(g, mem, dir);
    if (gd <= 0) { dir.set(g); gd = 0; for (let p = 0; p < P; p++) gd += g[p] * g[p]; mem.S.length = 0; mem.Y.length = 0; mem.rho.length = 0; }
    const { Wn, gn, fn, step } = armijoStep(objective, W, f, dir, gd);
    remember(mem, W, Wn, g, gn);
    const stalled = f - fn <= 1e-16 * Math.max(1, Math.abs(f)) && step < 1e-6;
    W = Wn; g = gn; f = fn;
    if (stalled) break;
  }
  objective.evaluate(W, g); // leaves b at its optimum for the final W
  return { W, iterations: iter };
}

/** dir = H g by the two-loop recursion (H: the L-BFGS inverse-Hessian estimate); returns g.dir. */
function twoLoopDirection(g: Float64Array, { S, Y, rho }: Curvature, dir: Float64Array): number {
  const P = g.length;
  dir.set(g);
  const alpha: number[] = [];
  for (let h = S.length - 1; h >= 0; h--) {
    let a = 0;
    for (let p = 0; p < P; p++) a += S[h][p] * dir[p];
    a *= rho[h];
    alpha[h] = a;
    for (let p = 0; p < P; p++) dir[p] -= a * Y[h][p];
  }
  if (S.length) {
    const h = S.length - 1;
    let yy = 0, sy = 0;
    for (let p = 0; p < P; p++) { yy += Y[h][p] ** 2; sy += S[h][p] * Y[h][p]; }
    for (let p = 0; p < P; p++) dir[p] *= sy / yy;
  }
  for (let h = 0; h < S.length; h++) {
    let bb = 0;
    for (let p = 0; p < P; p++) bb += Y[h][p] * dir[p];
    bb *= rho[h];
    for (let p = 0; p < P; p++) dir[p] += S[h][p] * (alpha[h] - bb);
  }
  let gd = 0;
  for (let p = 0; p < P; p++) gd += g[p] * dir[p];
  return gd;
}

/** W - step dir with step halved from 1 (at most 40 times) until the Armijo condition holds. */
function armijoStep(objective: ProfiledObjective, W: Float64Array, f: number, dir: Float64Array, gd: number): { Wn: Float64Array; gn: Float64Array; fn: number; step: number } {
  const P = W.length;
  let step = 1;
  const Wn = new Float64Array(P);
  const gn = new Float64Array(P);
  let fn = 0;
  for (let ls = 0; ls < 40; ls++) {
    for (let p = 0; p < P; p++) Wn[p] = W[p] - step * dir[p];
    fn = objective.evaluate(Wn, gn);
    if (fn <= f - 1e-4 * step * gd) break;
    step /= 2;
  }
  return { Wn, gn, fn, step };
}

/** Keeps the step's curvature pair when s.y is safely positive (the newest 10 pairs). */
function remember(mem: Curvature, W: Float64Array, Wn: Float64Array, g: Float64Array, gn: Float64Array): void {
  const P = W.length;
  const s = new Float64Array(P), yv = new Float64Array(P);
  let sy = 0;
  for (let p = 0; p < P; p++) { s[p] = Wn[p] - W[p]; yv[p] = gn[p] - g[p]; sy += s[p] * yv[p]; }
  if (sy > 1e-20) {
    mem.S.push(s); mem.Y.push(yv); mem.rho.push(1 / sy);
    if (mem.S.length > 10) { mem.S.shift(); mem.Y.shift(); mem.rho.shift(); }
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
  const model = new LogisticRegression({ C }).fit({ data: standardize(fitX, n, d, s), rows: n, cols: d }, y);
  return { classes, proba: model.predictProba({ data: standardize(testX, nTest, d, s), rows: nTest, cols: d }) };
}
