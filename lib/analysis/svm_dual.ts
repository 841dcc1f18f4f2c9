// liblinear's dual coordinate descent for the L2-regularised squared-hinge SVM (Hsieh et al. 2008,
// solver L2R_L2LOSS_SVC_DUAL): min_a 1/2 a^T (Q + D) a - e^T a, a >= 0, Q_ij = y_i y_j (x_i.x_j + bias^2),
// D = I/(2C); shrinking, stop when max PG - min PG <= tol, at most maxIter passes.
// Two ways to read a margin w.x_i (+ bias term), with the same steps and stopping rule:
//  - primal: keep w (d values); a margin is a dot product, a step an axpy (2 x nnz(x_i) work);
//  - kernel: keep every margin f = X w (n values) and update it from a row of the Gram matrix K = X X^T
//    (n work per step). With fewer samples than features (2000 images x 6515 projected features) this is
//    several times less work, and K is computed once (BLAS) for all one-vs-rest problems and folds.
import { type Real } from './linalg.js';
import type { Random } from '../random/index.js';

/** How the solver reads margins and applies steps; `begin` starts a new binary problem. */
export interface DualForm {
  readonly n: number;
  /** x_i.x_i + bias^2 (Q_ii without the 1/(2C) diagonal). */
  selfDot(i: number): number;
  /** Current w.x_i + wBias * bias. */
  margin(i: number): number;
  /** w += step x_i (and the bias weight likewise). */
  move(i: number, step: number): void;
  /** Zero the weights; for the primal form `w` receives this problem's weight row. */
  begin(w: Float64Array): void;
}

export interface DualSettings {
  C: number;
  tol: number;
  maxIter: number;
}

/**
 * One binary problem (labels y in {-1, +1}); fills alpha (length n) and returns the passes made.
 * The visiting order is shuffled by `rng` each pass (liblinear's own generator differs).
 */
export function solveDual(form: DualForm, y: Int8Array, s: DualSettings, rng: Random, alpha: Float64Array): number {
  const n = form.n;
  const diag = 0.5 / s.C;
  const QD = new Float64Array(n);
  for (let i = 0; i < n; i++) QD[i] = form.selfDot(i) + diag;
  alpha.fill(0);
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  let active = n;
  let PGmaxOld = Infinity;
  let iter = 0;
  while (iter < s.maxIter) {
    let PGmaxNew = -Infinity;
    let PGminNew = Infinity;
    for (let i = 0; i < active; i++) {
      const j = i + rng.int(active - i);
      const t = index[i];
      index[i] = index[j];
      index[j] = t;
    }
    for (let k = 0; k < active; k++) {
      const i = index[k];
      const yi = y[i];
      const G = yi * form.margin(i) - 1 + alpha[i] * diag;
      let PG = 0;
      if (alpha[i] === 0) {
        if (G > PGmaxOld) {
          // Shrink: at the bound and likely to stay there.
          active--;
          index[k] = index[active];
          index[active] = i;
          k--;
          continue;
        } else if (G < 0) {
          PG = G;
        }
      } else {
        PG = G;
      }
      if (PG > PGmaxNew) PGmaxNew = PG;
      if (PG < PGminNew) PGminNew = PG;
      if (Math.abs(PG) > 1e-12) {
        const old = alpha[i];
        const a = Math.max(old - G / QD[i], 0);
        alpha[i] = a;
        form.move(i, (a - old) * yi);
      }
    }
    iter++;
    if (PGmaxNew - PGminNew <= s.tol) {
      if (active === n) break;
      active = n;
      PGmaxOld = Infinity;
      continue;
    }
    PGmaxOld = PGmaxNew <= 0 ? Infinity : PGmaxNew;
  }
  return iter;
}

/**
 * Kernel form over Q = K + bias^2 (n x n, row-major; K = X X^T of the training rows). The caller turns the
 * dual solution into weights: w = sum_i alpha_i y_i x_i, intercept weight bias * sum_i alpha_i y_i.
 */
export function kernelForm(K: Float64Array, n: number, bias: number): DualForm {
  if (K.length !== n * n) throw new Error(`svm: Gram matrix has ${K.length} values, expected ${n} x ${n}`);
  const b2 = bias * bias;
  const Q = b2 === 0 ? K : K.map((v) => v + b2);
  const f = new Float64Array(n);
  return {
    n,
    selfDot: (i) => Q[i * n + i],
    margin: (i) => f[i],
    move(i, step) {
      const off = i * n;
      for (let j = 0; j < n; j++) f[j] += step * Q[off + j];
    },
    begin: () => f.fill(0),
  };
}

/**
 * Primal form. Rows with many zeros (ReLU activations) are stored sparse, as liblinear does (sklearn hands
 * it only the non-zeros), which skips their work; dense rows stay dense.
 */
export function primalForm(X: Real, n: number, d: number, bias: number): DualForm {
  const Xd = X instanceof Float64Array ? X : Float64Array.from(X);
  const rows = nonZeroFraction(Xd) > 0.7 ? denseRows(Xd, d) : sparseRows(Xd, n, d);
  let w: Float64Array = new Float64Array(d);
  let wBias = 0;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) sq[i] = bias * bias + rows.sqNorm(i);
  return {
    n,
    selfDot: (i) => sq[i],
    margin: (i) => rows.dot(i, w) + wBias * bias,
    move(i, step) {
      rows.axpy(i, step, w);
      wBias += step * bias;
    },
    begin(row) {
      w = row;
      w.fill(0);
      wBias = 0;
    },
  };
}

/** Fraction of non-zero values. */
export function nonZeroFraction(X: Real): number {
  let nnz = 0;
  for (let i = 0; i < X.length; i++) if (X[i] !== 0) nnz++;
  return X.length === 0 ? 0 : nnz / X.length;
}

interface RowOps {
  dot(i: number, w: Float64Array): number;
  axpy(i: number, a: number, w: Float64Array): void;
  sqNorm(i: number): number;
}

function denseRows(X: Float64Array, d: number): RowOps {
  return {
    dot(i, w) {
      const off = i * d;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let j = 0;
      for (; j + 3 < d; j += 4) {
        s0 += w[j] * X[off + j];
        s1 += w[j + 1] * X[off + j + 1];
        s2 += w[j + 2] * X[off + j + 2];
        s3 += w[j + 3] * X[off + j + 3];
      }
      for (; j < d; j++) s0 += w[j] * X[off + j];
      return s0 + s1 + s2 + s3;
    },
    axpy(i, a, w) {
      const off = i * d;
      for (let j = 0; j < d; j++) w[j] += a * X[off + j];
    },
    sqNorm(i) {
      let s = 0;
      for (let j = i * d; j < (i + 1) * d; j++) s += X[j] * X[j];
      return s;
    },
  };
}

function sparseRows(X: Float64Array, n: number, d: number): RowOps {
  let nnz = 0;
  for (let i = 0; i < X.length; i++) if (X[i] !== 0) nnz++;
  const ptr = new Int32Array(n + 1);
  const idx = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  let t = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = X[i * d + j];
      if (v !== 0) {
        idx[t] = j;
        val[t++] = v;
      }
    }
    ptr[i + 1] = t;
  }
  return {
    dot(i, w) {
      let s0 = 0, s1 = 0;
      let k = ptr[i];
      const end = ptr[i + 1];
      for (; k + 1 < end; k += 2) {
        s0 += w[idx[k]] * val[k];
        s1 += w[idx[k + 1]] * val[k + 1];
      }
      if (k < end) s0 += w[idx[k]] * val[k];
      return s0 + s1;
    },
    axpy(i, a, w) {
      for (let k = ptr[i]; k < ptr[i + 1]; k++) w[idx[k]] += a * val[k];
    },
    sqNorm(i) {
      let s = 0;
      for (let k = ptr[i]; k < ptr[i + 1]; k++) s += val[k] * val[k];
      return s;
    },
  };
}
