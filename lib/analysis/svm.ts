// Linear SVM classifier equivalent to scikit-learn 1.2's LinearSVC defaults (Appendix E uses C = 5e-3):
// one-vs-rest, squared hinge loss, L2 penalty, solved in the dual by liblinear's coordinate descent
// (Hsieh et al. 2008, solver L2R_L2LOSS_SVC_DUAL: D_ii = 1/(2C), no upper bound, shrinking, stop when
// max PG - min PG <= tol, at most maxIter passes). The intercept is liblinear's: an extra constant
// feature of value interceptScaling whose weight is regularised like the others.
// The visiting order is shuffled by our seeded generator (liblinear's own rand differs), so results agree
// with sklearn to the solver tolerance, not bit for bit. The solver itself is in svm_dual.ts.
import type { OnProgress } from '../progress.js';
import { withDefaults } from './defaults.js';
import { addABt, FEATURE_BLOCK, gram, type Real } from './linalg.js';
import { Rng } from './random.js';
import { kernelForm, nonZeroFraction, primalForm, solveDual } from './svm_dual.js';

/** How margins are kept during the dual solve (svm_dual.ts): same optimum, different cost. */
export type SvmForm = 'primal' | 'kernel';

export interface SvmOptions {
  C?: number;
  tol?: number;
  maxIter?: number;
  fitIntercept?: boolean;
  interceptScaling?: number;
  seed?: number;
  /** Force a dual form; default: the cheaper one for X (svmForm). */
  form?: SvmForm;
  /** X X^T of these n rows (n x n), when the caller already has it (decode computes it once for all folds). */
  gram?: Float64Array;
  /** Told after each binary problem is solved (task 'svm', in classes); nothing is printed here. */
  onProgress?: OnProgress;
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
  const bias = o.fitIntercept ? o.interceptScaling : 0;
  const kernel = opts.gram !== undefined || (o.form ?? svmForm(X, n, d)) === 'kernel';
  const form = kernel ? kernelForm(opts.gram ?? gram(X, n, d), n, bias) : primalForm(X, n, d, bias);
  const problems = classes.length === 2 ? [classes[1]] : classes;
  const coef = new Float64Array(problems.length * d);
  const intercept = new Float64Array(problems.length);
  // Kernel form: alpha_i y_i per problem (row k), turned into weights once all problems are solved.
  const alphaY = kernel ? new Float64Array(problems.length * n) : undefined;
  const nIter: number[] = [];
  const rng = new Rng(o.seed);
  const y = new Int8Array(n);
  const alpha = new Float64Array(n);
  const settings = { C: o.C, tol: o.tol, maxIter: o.maxIter };
  problems.forEach((cls, k) => {
    for (let i = 0; i < n; i++) y[i] = labels[i] === cls ? 1 : -1;
    form.begin(coef.subarray(k * d, (k + 1) * d));
    nIter.push(solveDual(form, y, settings, rng, alpha));
    let sumAY = 0;
    for (let i = 0; i < n; i++) {
      sumAY += alpha[i] * y[i];
      if (alphaY) alphaY[k * n + i] = alpha[i] * y[i];
    }
    intercept[k] = o.fitIntercept ? o.interceptScaling * bias * sumAY : 0;
    opts.onProgress?.({ task: 'svm', done: k + 1, total: problems.length, unit: 'classes' });
  });
  if (alphaY) addWeights(alphaY, problems.length, X, n, d, coef);
  return { classes, coef, intercept, nFeatures: d, nIter };
}

/** Largest training set for which the kernel form is chosen (its n x n float64 Gram: 288 MB at 6000). */
const KERNEL_MAX_ROWS = 6000;

/**
 * The cheaper dual form for X: kernel when a step over all n margins costs no more than a primal step
 * (a dot product and an axpy over the row's non-zeros) and the Gram fits; primal otherwise.
 */
export function svmForm(X: Real, n: number, d: number): SvmForm {
  return n <= KERNEL_MAX_ROWS && n <= 2 * d * nonZeroFraction(X) ? 'kernel' : 'primal';
}

/** W (p x d) += A (p x n) X (n x d), X streamed in column blocks transposed so addABt reads rows. */
function addWeights(A: Float64Array, p: number, X: Real, n: number, d: number, W: Float64Array): void {
  for (let c0 = 0; c0 < d; c0 += FEATURE_BLOCK) {
    const c1 = Math.min(d, c0 + FEATURE_BLOCK);
    const w = c1 - c0;
    const Bt = new Float64Array(w * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < w; j++) Bt[j * n + i] = X[i * d + c0 + j];
    const out = new Float64Array(p * w);
    addABt(A, p, Bt, w, n, out, w);
    for (let k = 0; k < p; k++) for (let j = 0; j < w; j++) W[k * d + c0 + j] += out[k * w + j];
  }
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
