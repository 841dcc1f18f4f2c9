// Linear SVM classifier equivalent to scikit-learn 1.2's LinearSVC defaults (Appendix E uses C = 5e-3):
// one-vs-rest, squared hinge loss, L2 penalty, solved in the dual by liblinear's coordinate descent
// (Hsieh et al. 2008, solver L2R_L2LOSS_SVC_DUAL: D_ii = 1/(2C), no upper bound, shrinking, stop when
// max PG - min PG <= tol, at most maxIter passes). The intercept is liblinear's: an extra constant
// feature of value interceptScaling whose weight is regularised like the others.
// The visiting order is shuffled by our seeded generator (liblinear's own rand differs), so results agree
// with sklearn to the solver tolerance, not bit for bit. The solver itself is in svm_dual.ts.
import type { OnProgress } from '../progress.js';
import { withDefaults } from './defaults.js';
import { accuracy, checkMatrix, type Classifier, type Matrix } from './estimator.js';
import { addABt, FEATURE_BLOCK, gram, type Real } from './linalg.js';
import { analysisRandom, type Random } from '../random/index.js';
import { type DualForm, kernelForm, nonZeroFraction, primalForm, solveDual } from './svm_dual.js';

/** How margins are kept during the dual solve (svm_dual.ts): same optimum, different cost. */
export type SvmForm = 'primal' | 'kernel';

export interface SvmOptions {
  C?: number;
  tol?: number;
  maxIter?: number;
  fitIntercept?: boolean;
  interceptScaling?: number;
  /** Seed of the coordinate visiting order. */
  randomState?: number;
  /** Force a dual form; default: the cheaper one for X (svmForm). */
  form?: SvmForm;
  /** Told after each binary problem is solved (task 'svm', in classes); nothing is printed here. */
  onProgress?: OnProgress;
}

/** sklearn LinearSVC defaults (1.2): C 1, tol 1e-4, max_iter 1000, intercept_scaling 1. */
export const SVM_DEFAULTS = { C: 1, tol: 1e-4, maxIter: 1000, fitIntercept: true, interceptScaling: 1, randomState: 0 } as const;

/** The paper's decoding C (multitask-vision activity.py: svm.LinearSVC(C=5e-3)). */
export const PAPER_SVM_C = 5e-3;

/** One-vs-rest linear SVMs on integer-like labels (sklearn LinearSVC). */
export class LinearSVC implements Classifier {
  readonly options: Required<Omit<SvmOptions, 'form' | 'onProgress'>> & Pick<SvmOptions, 'form' | 'onProgress'>;
  /** Sorted class labels (sklearn classes_). */
  classes: number[] = [];
  /** One weight row per binary problem: 1 row for two classes (positive = classes[1]), else one per class. */
  coef: Float64Array = new Float64Array(0);
  intercept: Float64Array = new Float64Array(0);
  nFeatures = 0;
  nIter: number[] = [];

  constructor(opts: SvmOptions = {}) {
    this.options = withDefaults(SVM_DEFAULTS, opts);
  }

  /** X: n x d; `knownGram`: X X^T (n x n) when the caller already has it (decode computes it once for all folds). */
  fit(X: Matrix, labels: ArrayLike<number>, knownGram?: Float64Array): this {
    const o = this.options;
    const { data, rows: n, cols: d } = X;
    const classes = checkFitInput(X, labels, o.C);
    const bias = o.fitIntercept ? o.interceptScaling : 0;
    const kernel = knownGram !== undefined || (o.form ?? svmForm(data, n, d)) === 'kernel';
    const form = kernel ? kernelForm(knownGram ?? gram(data, n, d), n, bias) : primalForm(data, n, d, bias);
    const problems = classes.length === 2 ? [classes[1]] : classes;
    const coef = new Float64Array(problems.length * d);
    const intercept = new Float64Array(problems.length);
    // Kernel form: alpha_i y_i per problem (row k), turned into weights once all problems are solved.
    const alphaY = kernel ? new Float64Array(problems.length * n) : undefined;
    const nIter: number[] = [];
    const rng = analysisRandom(o.randomState);
    const y = new Int8Array(n);
    const alpha = new Float64Array(n);
    problems.forEach((cls, k) => {
      for (let i = 0; i < n; i++) y[i] = labels[i] === cls ? 1 : -1;
      nIter.push(this.solveProblem(form, coef.subarray(k * d, (k + 1) * d), y, rng, alpha));
      let sumAY = 0;
      for (let i = 0; i < n; i++) {
        sumAY += alpha[i] * y[i];
        if (alphaY) alphaY[k * n + i] = alpha[i] * y[i];
      }
      intercept[k] = o.fitIntercept ? o.interceptScaling * bias * sumAY : 0;
      o.onProgress?.({ task: 'svm', done: k + 1, total: problems.length, unit: 'classes' });
    });
    if (alphaY) addWeights(alphaY, problems.length, data, n, d, coef);
    Object.assign(this, { classes, coef, intercept, nFeatures: d, nIter });
    return this;
  }

  /** Decision values (m x k row-major; k = 1 for two classes, as sklearn's decision_function). */
  decisionFunction(X: Matrix): Float64Array {
    const d = this.nFeatures;
    const m = X.rows;
    if (X.cols !== d || X.data.length !== m * d) throw new Error(`svm: expected ${m} x ${d} values (model has ${d} features), got ${X.data.length}`);
    const k = this.intercept.length;
    const out = new Float64Array(m * k);
    for (let i = 0; i < m; i++) {
      for (let c = 0; c < k; c++) {
        let s = this.intercept[c];
        const wo = c * d;
        const xo = i * d;
        for (let j = 0; j < d; j++) s += this.coef[wo + j] * X.data[xo + j];
        out[i * k + c] = s;
      }
    }
    return out;
  }

  /** Predicted labels: sign for two classes, argmax (first on ties) otherwise. */
  predict(X: Matrix): Float64Array {
    return this.labelsOf(this.decisionFunction(X));
  }

  /** Accuracy of predict(X) against y. */
  score(X: Matrix, y: ArrayLike<number>): number {
    return accuracy(y, this.predict(X));
  }

  /** The labels that decision values (as from decisionFunction) predict. */
  labelsOf(decision: Float64Array): Float64Array {
    const k = this.intercept.length;
    const m = decision.length / k;
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      if (k === 1) {
        out[i] = decision[i] > 0 ? this.classes[1] : this.classes[0];
      } else {
        let best = 0;
        for (let c = 1; c < k; c++) if (decision[i * k + c] > decision[i * k + best]) best = c;
        out[i] = this.classes[best];
      }
    }
    return out;
  }

  /** One binary problem (y in {-1, +1}): fills alpha and, for the primal form, the weight row w. */
  private solveProblem(form: DualForm, w: Float64Array, y: Int8Array, rng: Random, alpha: Float64Array): number {
    const { C, tol, maxIter } = this.options;
    form.begin(w);
    return solveDual(form, y, { C, tol, maxIter }, rng, alpha);
  }
}

/** Validates X, labels and C; returns the sorted classes. */
function checkFitInput(X: Matrix, labels: ArrayLike<number>, C: number): number[] {
  const { data, rows: n, cols: d } = X;
  checkMatrix(X, 'svm');
  if (labels.length !== n) throw new Error(`svm: ${labels.length} labels for ${n} rows of X`);
  if (!(C > 0)) throw new Error(`svm: C must be > 0, got ${C}`);
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) throw new Error(`svm: X has a non-finite value at row ${Math.floor(i / d)}, column ${i % d}`);
  const classes = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  if (classes.some((c) => !Number.isFinite(c))) throw new Error('svm: labels must be finite numbers');
  if (classes.length < 2) throw new Error(`svm: need at least 2 classes, got ${classes.length} (${classes.join(', ')})`);
  return classes;
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
