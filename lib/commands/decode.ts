// `whatwhere decode --x X.npy --y y.npy --kind classify|regress [--folds 5] [--seed s]`: the paper's
// non-target decoding (JL projection if needed, k-fold CV, LinearSVC accuracy or RidgeCV Pearson r).
import { decode, DECODE_DEFAULTS } from '../analysis/decode.js';
import { JL_EPS } from '../analysis/projection.js';
import { readMatrix, readVector } from '../npy.js';
import { mean, sd } from '../analysis/stats.js';
import { progressPrinter } from '../progress.js';
import { num, optStr, str, UsageError } from './args.js';
import { parseOptions, type Options } from './options.js';

export const summary = 'cross-validated decoding of y.npy from X.npy (--kind classify|regress): per-fold scores and mean';

export const options = {
  x: { value: 'X.npy', help: 'features, rows x features', required: true },
  y: { value: 'y.npy', help: 'one target per row of --x (class labels, or values to regress)', required: true },
  kind: { value: 'classify|regress', help: 'LinearSVC accuracy or RidgeCV Pearson r', required: true },
  folds: { value: 'K', help: 'cross-validation folds', default: DECODE_DEFAULTS.folds },
  seed: { value: 'S', help: 'seed of the folds, the random projection and the SVM', default: DECODE_DEFAULTS.seed },
  C: { value: 'C', help: 'LinearSVC regularisation (classify)', default: DECODE_DEFAULTS.C },
  'no-projection': { help: `decode the raw features (no random projection at JL eps ${JL_EPS})` },
  model: { value: 'NAME', help: 'label of the output rows\' model column', default: 'empty' },
  layer: { value: 'NAME', help: 'label of the output rows\' layer column', default: 'empty' },
  target: { value: 'NAME', help: 'label of the output rows\' target column', default: 'empty' },
} as const satisfies Options;

export async function run(argv: string[]): Promise<number> {
  const flags = parseOptions(argv, options, 'decode');
  const kind = str(flags, 'kind', 'decode');
  if (kind !== 'classify' && kind !== 'regress') throw new UsageError(`whatwhere decode: --kind expected 'classify' or 'regress', got '${kind}'`);
  const xPath = str(flags, 'x', 'decode');
  const yPath = str(flags, 'y', 'decode');
  const X = readMatrix(xPath);
  const y = readVector(yPath);
  if (y.length !== X.rows) throw new Error(`${yPath}: ${y.length} targets, expected one per row of ${xPath} (${X.rows})`);
  const rows = decode(X.data, X.rows, X.cols, y, {
    kind,
    folds: num(flags, 'folds', 'decode', options.folds.default, { integer: true, min: 2 }),
    seed: num(flags, 'seed', 'decode', options.seed.default, { integer: true }),
    C: flags.values.C === undefined ? undefined : num(flags, 'C', 'decode', undefined, { min: Number.MIN_VALUE }),
    jlEps: flags.values['no-projection'] === true ? false : undefined,
    model: optStr(flags, 'model'), layer: optStr(flags, 'layer'), target: optStr(flags, 'target'),
    onProgress: progressPrinter(),
  });
  const scores = rows.map((r) => r.score);
  console.log(JSON.stringify({ metric: rows[0].metric, scores, mean: mean(scores), sd: sd(scores), rows }));
  return 0;
}
