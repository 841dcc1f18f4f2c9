// `whatwhere fit ridge --x X.npy --y y.npy --alpha a --predict T.npy` -> {"predictions": [...]}
// `whatwhere fit svm --x X.npy --y labels.npy --C c --predict T.npy` -> {"predictions": [...], "decision": [[...]]}
// Ridge = sklearn Ridge(alpha) (alpha omitted: RidgeCV over the paper's grid); svm = sklearn LinearSVC(C).
import { readMatrix, readVector } from '../npy.js';
import { Ridge, RidgeCV } from '../analysis/ridge.js';
import { LinearSVC, SVM_DEFAULTS } from '../analysis/svm.js';
import { progressPrinter } from '../progress.js';
import { num, str, UsageError } from './args.js';
import { parseOptions, type Options } from './options.js';

export const summary = "fit 'ridge' or 'svm' on X.npy / y.npy and predict T.npy: {\"predictions\": [...]} (svm adds \"decision\")";

export const usage = 'ridge|svm [options]';

export const options = {
  x: { value: 'X.npy', help: 'training features, rows x features', required: true },
  y: { value: 'y.npy', help: 'one target per row of --x (svm: class labels)', required: true },
  predict: { value: 'T.npy', help: 'rows to predict, the features of --x', required: true },
  alpha: { value: 'A', help: 'ridge penalty (ridge)', default: "RidgeCV over the paper's alpha grid" },
  C: { value: 'C', help: 'LinearSVC regularisation (svm)', default: SVM_DEFAULTS.C },
  tol: { value: 'T', help: 'LinearSVC stopping tolerance (svm)', default: SVM_DEFAULTS.tol },
  'max-iter': { value: 'N', help: 'LinearSVC iteration limit (svm)', default: SVM_DEFAULTS.maxIter },
  seed: { value: 'S', help: 'LinearSVC coordinate order seed (svm)', default: SVM_DEFAULTS.randomState },
} as const satisfies Options;

export async function run(argv: string[]): Promise<number> {
  const flags = parseOptions(argv, options, 'fit');
  const kind = flags.positionals[0];
  if (kind !== 'ridge' && kind !== 'svm') throw new UsageError(`whatwhere fit: expected 'ridge' or 'svm' as the first argument, got '${kind ?? ''}'`);
  const xPath = str(flags, 'x', 'fit');
  const yPath = str(flags, 'y', 'fit');
  const tPath = str(flags, 'predict', 'fit');
  const X = readMatrix(xPath);
  const y = readVector(yPath);
  if (y.length !== X.rows) throw new Error(`${yPath}: ${y.length} targets, expected one per row of ${xPath} (${X.rows})`);
  const T = readMatrix(tPath);
  if (T.cols !== X.cols) throw new Error(`${tPath}: ${T.cols} features, expected ${X.cols} like ${xPath}`);
  if (kind === 'ridge') {
    const model = flags.values.alpha === undefined
      ? new RidgeCV().fit(X, y)
      : new Ridge({ alpha: num(flags, 'alpha', 'fit') }).fit(X, y);
    console.log(JSON.stringify({ predictions: Array.from(model.predict(T)), alpha: model.alpha }));
    return 0;
  }
  const model = new LinearSVC({
    C: num(flags, 'C', 'fit', options.C.default, { min: Number.MIN_VALUE }),
    tol: num(flags, 'tol', 'fit', options.tol.default, { min: Number.MIN_VALUE }),
    maxIter: num(flags, 'max-iter', 'fit', options['max-iter'].default, { integer: true, min: 1 }),
    randomState: num(flags, 'seed', 'fit', options.seed.default, { integer: true }),
    onProgress: progressPrinter(),
  }).fit(X, y);
  const dec = model.decisionFunction(T);
  const k = model.intercept.length;
  const decision: number[][] = [];
  for (let i = 0; i < T.rows; i++) decision.push(Array.from(dec.subarray(i * k, (i + 1) * k)));
  console.log(JSON.stringify({ predictions: Array.from(model.labelsOf(dec)), decision, classes: model.classes }));
  return 0;
}
