// `whatwhere fit ridge --x X.npy --y y.npy --alpha a --predict T.npy` -> {"predictions": [...]}
// `whatwhere fit svm --x X.npy --y labels.npy --C c --predict T.npy` -> {"predictions": [...], "decision": [[...]]}
// Ridge = sklearn Ridge(alpha) (alpha omitted: RidgeCV over the paper's grid); svm = sklearn LinearSVC(C).
import { readMatrix, readVector } from '../analysis/npy_io.js';
import { fitRidge, fitRidgeCV, ridgePredict } from '../analysis/ridge.js';
import { fitLinearSVC, svmDecision, svmPredict, SVM_DEFAULTS } from '../analysis/svm.js';
import { num, parseFlags, str, UsageError } from './args.js';

export const summary = "fit 'ridge' or 'svm' on X.npy / y.npy and predict T.npy: {\"predictions\": [...]} (svm adds \"decision\")";

export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, {
    x: { type: 'string' }, y: { type: 'string' }, predict: { type: 'string' },
    alpha: { type: 'string' }, C: { type: 'string' }, seed: { type: 'string' }, tol: { type: 'string' },
    'max-iter': { type: 'string' },
  }, 'fit');
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
      ? fitRidgeCV(X.data, X.rows, X.cols, y)
      : fitRidge(X.data, X.rows, X.cols, y, num(flags, 'alpha', 'fit'));
    console.log(JSON.stringify({ predictions: Array.from(ridgePredict(model, T.data, T.rows)), alpha: model.alpha }));
    return 0;
  }
  const model = fitLinearSVC(X.data, X.rows, X.cols, y, {
    C: num(flags, 'C', 'fit', SVM_DEFAULTS.C, { min: Number.MIN_VALUE }),
    tol: num(flags, 'tol', 'fit', SVM_DEFAULTS.tol, { min: Number.MIN_VALUE }),
    maxIter: num(flags, 'max-iter', 'fit', SVM_DEFAULTS.maxIter, { integer: true, min: 1 }),
    seed: num(flags, 'seed', 'fit', 0, { integer: true }),
  });
  const dec = svmDecision(model, T.data, T.rows);
  const k = model.intercept.length;
  const decision: number[][] = [];
  for (let i = 0; i < T.rows; i++) decision.push(Array.from(dec.subarray(i * k, (i + 1) * k)));
  console.log(JSON.stringify({ predictions: Array.from(svmPredict(model, T.data, T.rows, dec)), decision, classes: model.classes }));
  return 0;
}
