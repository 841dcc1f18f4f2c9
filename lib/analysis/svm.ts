// Linear SVM classifier equivalent to scikit-learn 1.2's LinearSVC defaults (Appendix E uses C = 5e-3):
// one-vs-rest, squared hinge loss, L2 penalty, solved in the dual by liblinear's coordinate descent
// (Hsieh et al. 2008, solver L2R_L2LOSS_SVC_DUAL: D_ii = 1/(2C), no upper bound, shrinking, stop when
// max PG - min PG <= tol, at most maxIter passes). The intercept is liblinear's: an extra constant
// feature of value interceptScaling whose weight is regularised like the others.
// The visiting order is shuffled by our seeded generator (liblinear's own rand differs), so results agree
// with sklearn to the solver tolerance, not bit for bit.
import { withDefaults } from './defaults.js';
import { type Real } from './linalg.js';
import { progress } from './progress.js';
import { Rng } from './random.js';

export interface SvmOptions {
  C?: number;
  tol?: number;
  maxIter?: number;
  fitIntercept?: boolean;
  interceptScaling?: number;
  seed?: number;
}

/** sklearn LinearSVC defaults (1.2): C 1, tol 1e-4, max_iter 1000, intercept_scaling 1. */
export const SVM_DEFAULTS = { C: 1, tol: 1e-4, maxIter: 1000, fitIntercept: true, interceptScaling: 1, seed: 0 } as const;

/** The paper's decoding C (multitask-vision activity.py: svm.LinearSVC(C=5e-3)). */
export const PAPER_SVM_C = 5e-3;

export interface SvmModel {
  /** Sorted class labels (sklearn classes_). */
  classes: number[];
  /** One weight row per binary problem: 1 row for two classes (positive = classes[1]), else one per class. */
  coef: Float64Array;
  intercept: Float64Array;
  nFeatures: number;
  nIter: number[];
}

/** Fit one-vs-rest linear SVMs on X (n x d row-major) with integer-like labels. */
export function fitLinearSVC(X: Real, n: number, d: number, labels: ArrayLike<number>, opts: SvmOptions = {}): SvmModel {
  const o = withDefaults(SVM_DEFAULTS, opts);
  if (X.length !== n * d) throw new Error(`svm: X has ${X.length} values, expected ${n} x ${d}`);
  if (labels.length !== n) throw new Error(`svm: ${labels.length} labels for ${n} rows of X`);
  if (!(o.C > 0)) throw new Error(`svm: C must be > 0, got ${o.C}`);
  for (let i = 0; i < X.length; i++) if (!Number.isFinite(X[i])) throw new Error(`svm: X has a non-finite value at row ${Math.floor(i / d)}, column ${i % d}`);
  const classes = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  if (classes.some((c) => !Number.isFinite(c))) throw new Error('svm: labels must be finite numbers');
  if (classes.length < 2) throw new Error(`svm: need at least 2 classes, got ${classes.length} (${classes.join(', ')})`);
  const Xd = X instanceof Float64Array ? X : Float64Array.from(X);
  const bias = o.fitIntercept ? o.interceptScaling : 0;
  const rows = rowAccess(Xd, n, d);
  // QD_ii = x_i . x_i (+ bias^2 for the constant feature); the 1/(2C) diagonal is added per problem.
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) sq[i] = bias * bias + rows.sqNorm(i);
  const problems = classes.length === 2 ? [classes[1]] : classes;
  const coef = new Float64Array(problems.length * d);
  const intercept = new Float64Array(problems.length);
  const nIter: number[] = [];
  const rng = new Rng(o.seed);
  const tick = progress('svm', problems.length, 'classes');
  const y = new Int8Array(n);
  problems.forEach((cls, k) => {
    for (let i = 0; i < n; i++) y[i] = labels[i] === cls ? 1 : -1;
    const w = coef.subarray(k * d, (k + 1) * d);
    const r = solveDual(rows, n, y, sq, bias, o.C, o.tol, o.maxIter, rng, w);
    intercept[k] = o.fitIntercept ? o.interceptScaling * r.wBias : 0;
    nIter.push(r.iter);
    tick(k + 1);
  });
  return { classes, coef, intercept, nFeatures: d, nIter };
}

// Dual coordinate descent for min_a 1/2 a^T (Q + D) a - e^T a, a >= 0, Q_ij = y_i y_j x_i.x_j,
// D = I/(2C); w = sum a_i y_i x_i (the bias weight kept separately).
function solveDual(rows: RowAccess, n: number, y: Int8Array, sq: Float64Array, bias: number,
  C: number, eps: number, maxIter: number, rng: Rng, w: Float64Array): { wBias: number; iter: number } {
  const diag = 0.5 / C;
  const QD = new Float64Array(n);
  for (let i = 0; i < n; i++) QD[i] = sq[i] + diag;
  const alpha = new Float64Array(n);
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  let wBias = 0;
  let active = n;
  let PGmaxOld = Infinity;
  let PGminOld = -Infinity;
  let iter = 0;
  while (iter < maxIter) {
    let PGmaxNew = -Infinity;
    let PGminNew = Infinity;
    for (let i = 0; i < active; i++) {
      const j = i + rng.int(active - i);
      const t = index[i];
      index[i] = index[j];
      index[j] = t;
    }
    for (let s = 0; s < active; s++) {
      const i = index[s];
      const yi = y[i];
      const G = yi * (rows.dot(i, w) + wBias * bias) - 1 + alpha[i] * diag;
      let PG = 0;
      if (alpha[i] === 0) {
        if (G > PGmaxOld) {
          active--;
          index[s] = index[active];
          index[active] = i;
          s--;
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
        const step = (a - old) * yi;
        rows.axpy(i, step, w);
        wBias += step * bias;
      }
    }
    iter++;
    if (PGmaxNew - PGminNew <= eps) {
      if (active === n) break;
      active = n;
      PGmaxOld = Infinity;
      PGminOld = -Infinity;
      continue;
    }
    PGmaxOld = PGmaxNew;
    PGminOld = PGminNew;
    if (PGmaxOld <= 0) PGmaxOld = Infinity;
    if (PGminOld >= 0) PGminOld = -Infinity;
  }
  void PGminOld; // only the L1-loss variant (bounded alpha) consults it
  return { wBias, iter };
}

interface RowAccess {
  dot(i: number, w: Float64Array): number;
  axpy(i: number, a: number, w: Float64Array): void;
  sqNorm(i: number): number;
}

/**
 * Row operations for the CD passes. Rows with many zeros (ReLU activations) are stored sparse, as
 * liblinear does (sklearn hands it only the non-zeros), which skips their work; dense rows stay dense.
 */
function rowAccess(X: Float64Array, n: number, d: number): RowAccess {
  let nnz = 0;
  for (let i = 0; i < X.length; i++) if (X[i] !== 0) nnz++;
  if (nnz > 0.7 * n * d) {
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

/** Decision values (m x k row-major; k = 1 for two classes, as sklearn's decision_function). */
export function svmDecision(model: SvmModel, X: Real, m: number): Float64Array {
  const d = model.nFeatures;
  if (X.length !== m * d) throw new Error(`svm: expected ${m} x ${d} values (model has ${d} features), got ${X.length}`);
  const k = model.intercept.length;
  const out = new Float64Array(m * k);
  for (let i = 0; i < m; i++) {
    for (let c = 0; c < k; c++) {
      let s = model.intercept[c];
      const wo = c * d;
      const xo = i * d;
      for (let j = 0; j < d; j++) s += model.coef[wo + j] * X[xo + j];
      out[i * k + c] = s;
    }
  }
  return out;
}

/** Predicted labels: sign for two classes, argmax (first on ties) otherwise. */
export function svmPredict(model: SvmModel, X: Real, m: number, decision = svmDecision(model, X, m)): Float64Array {
  const k = model.intercept.length;
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    if (k === 1) {
      out[i] = decision[i] > 0 ? model.classes[1] : model.classes[0];
    } else {
      let best = 0;
      for (let c = 1; c < k; c++) if (decision[i * k + c] > decision[i * k + best]) best = c;
      out[i] = model.classes[best];
    }
  }
  return out;
}

/** Fraction of labels predicted exactly. */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  if (yTrue.length !== yPred.length) throw new Error(`accuracy: ${yTrue.length} true vs ${yPred.length} predicted labels`);
  let ok = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) ok++;
  return ok / yTrue.length;
}
