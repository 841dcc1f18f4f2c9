// The one calling convention of the project's estimators, after scikit-learn: a class constructed with
// an options object (randomness, where there is any, from one seeded `randomState`), `fit(X, y)`
// returning the estimator, `predict(X)`, and `score(X, y)` with sklearn's default score: accuracy for
// classifiers, R^2 for regressors. X is a row-major matrix with its shape.
import type { Real } from './linalg.js';
import { r2Score } from './stats.js';

/** A row-major rows x cols matrix. */
export interface Matrix {
  data: Real;
  rows: number;
  cols: number;
}

export interface Estimator<Y, P = Y> {
  fit(X: Matrix, y: Y): this;
  predict(X: Matrix): P;
  score(X: Matrix, y: Y): number;
}

/** Scores by R^2 (sklearn r2_score; several targets: the mean of the per-target R^2). */
export type Regressor<Y = ArrayLike<number>, P = Float64Array> = Estimator<Y, P>;

/** Predicts one label per row from `classes` (sorted, as sklearn classes_) and scores by accuracy. */
export interface Classifier extends Estimator<ArrayLike<number>, Float64Array> {
  readonly classes: number[];
}

/** Throws unless X's data holds exactly rows x cols values. */
export function checkMatrix(X: Matrix, who: string, name = 'X'): void {
  if (X.data.length !== X.rows * X.cols) throw new Error(`${who}: ${name} has ${X.data.length} values, expected ${X.rows} x ${X.cols}`);
}

/** Fraction of labels predicted exactly (sklearn accuracy_score). */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  if (yTrue.length !== yPred.length) throw new Error(`accuracy: ${yTrue.length} true vs ${yPred.length} predicted labels`);
  let ok = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) ok++;
  return ok / yTrue.length;
}

/** sklearn r2_score(multioutput='uniform_average'): the mean over columns of each column's R^2. */
export function meanColumnR2(yTrue: Matrix, yPred: Matrix): number {
  if (yTrue.rows !== yPred.rows || yTrue.cols !== yPred.cols) {
    throw new Error(`r2: y_true is ${yTrue.rows} x ${yTrue.cols} but y_pred is ${yPred.rows} x ${yPred.cols}`);
  }
  const { rows, cols } = yTrue;
  const a = new Float64Array(rows);
  const b = new Float64Array(rows);
  let sum = 0;
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) { a[r] = yTrue.data[r * cols + c]; b[r] = yPred.data[r * cols + c]; }
    sum += r2Score(a, b);
  }
  return sum / cols;
}
