// Non-target latent decoding (Fig. 5, E.1, E.2; Appendix E), composed from small parts:
// reduce (JL random projection when features exceed the JL dimension) -> seeded k-fold split ->
// decoder (ridge with GCV-chosen alpha scored by Pearson r, or linear SVM scored by accuracy) -> tidy rows.
import type { OnProgress } from '../progress.js';
import { withDefaults } from './defaults.js';
import { gram, takeRows, type Real } from './linalg.js';
import { JL_EPS, reduceForDecoding } from './projection.js';
import { analysisRandom } from '../random/index.js';
import { RidgeCV, RIDGE_ALPHAS } from './ridge.js';
import { pearsonR, r2Score } from './stats.js';
import { LinearSVC, PAPER_SVM_C, svmForm } from './svm.js';

export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/**
 * k-fold split like sklearn KFold(n_splits=k, shuffle=True): a seeded permutation cut into k contiguous
 * test chunks, the first n % k chunks one larger.
 */
export function kFold(n: number, k: number, seed: number, shuffle = true): Fold[] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`kFold: folds must be an integer >= 2, got ${k}`);
  if (k > n) throw new Error(`kFold: cannot split ${n} samples into ${k} folds`);
  const perm = shuffle ? analysisRandom(seed).permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
  const folds: Fold[] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    const test = perm.slice(start, start + size);
    const inTest = new Uint8Array(n);
    for (const i of test) inTest[i] = 1;
    const train = new Int32Array(n - size);
    let t = 0;
    for (let i = 0; i < n; i++) if (!inTest[i]) train[t++] = i;
    folds.push({ train, test: Int32Array.from(test).sort() });
    start += size;
  }
  return folds;
}


function take(y: ArrayLike<number>, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = y[idx[i]];
  return out;
}

/** K[idx, idx] of an n x n matrix. */
function subMatrix(K: Float64Array, n: number, idx: Int32Array): Float64Array {
  const m = idx.length;
  const out = new Float64Array(m * m);
  for (let r = 0; r < m; r++) {
    const src = idx[r] * n;
    for (let c = 0; c < m; c++) out[r * m + c] = K[src + idx[c]];
  }
  return out;
}

export type DecodeKind = 'classify' | 'regress';

export interface DecodeOptions {
  kind: DecodeKind;
  folds?: number;
  seed?: number;
  /** Shuffle before splitting (default true, like KFold(shuffle=True)); false keeps sklearn's contiguous folds. */
  shuffle?: boolean;
  /** JL distortion for the projection; `false` disables the reduction. */
  jlEps?: number | false;
  alphas?: number[];
  C?: number;
  /** Told how the projection and the SVMs advance; nothing is printed here. */
  onProgress?: OnProgress;
  /** Labels for the tidy rows. */
  model?: string;
  layer?: string;
  target?: string;
}

export interface DecodeRow {
  model: string;
  layer: string;
  target: string;
  fold: number;
  /** Accuracy (classify) or Pearson r (regress): the paper's score. */
  score: number;
  metric: 'accuracy' | 'pearson_r';
  /** R^2 on the test fold (regress only). */
  r2?: number;
  /** Ridge alpha chosen by GCV (regress only). */
  alpha?: number;
  features: number;
  projected: boolean;
}

/** The paper's decoding defaults: 5 folds, JL eps 0.1, the authors' alpha grid, C = 5e-3. */
export const DECODE_DEFAULTS = { folds: 5, seed: 0, jlEps: JL_EPS as number | false, alphas: RIDGE_ALPHAS, C: PAPER_SVM_C };

/** Cross-validated decoding of one target from one representation X (n x d). */
export function decode(X: Real, n: number, d: number, y: ArrayLike<number>, opts: DecodeOptions): DecodeRow[] {
  const o = withDefaults(DECODE_DEFAULTS, opts);
  if (X.length !== n * d) throw new Error(`decode: X has ${X.length} values, expected ${n} x ${d}`);
  if (y.length !== n) throw new Error(`decode: ${y.length} targets for ${n} rows of X`);
  if (o.kind !== 'classify' && o.kind !== 'regress') throw new Error(`decode: kind must be 'classify' or 'regress', got '${String(o.kind)}'`);
  const red = o.jlEps === false ? { data: X, cols: d, projected: false } : reduceForDecoding(X, n, d, o.seed, o.jlEps, { onProgress: o.onProgress });
  const folds = kFold(n, o.folds, o.seed, o.shuffle ?? true);
  // The SVMs' kernel form needs each training fold's Gram: all are sub-matrices of one Gram of all rows.
  const K = o.kind === 'classify' && svmForm(red.data, folds[0].train.length, red.cols) === 'kernel' ? gram(red.data, n, red.cols) : undefined;
  const rows: DecodeRow[] = [];
  folds.forEach((f, fi) => {
    const Xtr = { data: takeRows(red.data, red.cols, f.train), rows: f.train.length, cols: red.cols };
    const Xte = { data: takeRows(red.data, red.cols, f.test), rows: f.test.length, cols: red.cols };
    const ytr = take(y, f.train);
    const yte = take(y, f.test);
    const base = { model: o.model ?? '', layer: o.layer ?? '', target: o.target ?? '', fold: fi, features: red.cols, projected: red.projected };
    if (o.kind === 'classify') {
      const m = new LinearSVC({ C: o.C, randomState: o.seed + fi, onProgress: o.onProgress }).fit(Xtr, ytr, K && subMatrix(K, n, f.train));
      rows.push({ ...base, score: m.score(Xte, yte), metric: 'accuracy' });
    } else {
      const m = new RidgeCV({ alphas: o.alphas }).fit(Xtr, ytr);
      const pred = m.predict(Xte);
      rows.push({ ...base, score: pearsonR(pred, yte), metric: 'pearson_r', r2: r2Score(yte, pred), alpha: m.alpha });
    }
  });
  return rows;
}
