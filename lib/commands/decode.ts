// `whatwhere decode --x X.npy --y y.npy --kind classify|regress [--folds 5] [--seed s]`: the paper's
// non-target decoding (JL projection if needed, k-fold CV, LinearSVC accuracy or RidgeCV Pearson r).
import { decode } from '../analysis/decode.js';
import { readMatrix, readVector } from '../analysis/npy_io.js';
import { mean, sd } from '../analysis/stats.js';
import { num, optStr, parseFlags, str, UsageError } from './args.js';

export const summary = 'cross-validated decoding of y.npy from X.npy (--kind classify|regress): per-fold scores and mean';

export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, {
    x: { type: 'string' }, y: { type: 'string' }, kind: { type: 'string' }, folds: { type: 'string' },
    seed: { type: 'string' }, C: { type: 'string' }, 'no-projection': { type: 'boolean' },
    model: { type: 'string' }, layer: { type: 'string' }, target: { type: 'string' },
  }, 'decode');
  const kind = str(flags, 'kind', 'decode');
  if (kind !== 'classify' && kind !== 'regress') throw new UsageError(`whatwhere decode: --kind expected 'classify' or 'regress', got '${kind}'`);
  const xPath = str(flags, 'x', 'decode');
  const yPath = str(flags, 'y', 'decode');
  const X = readMatrix(xPath);
  const y = readVector(yPath);
  if (y.length !== X.rows) throw new Error(`${yPath}: ${y.length} targets, expected one per row of ${xPath} (${X.rows})`);
  const rows = decode(X.data, X.rows, X.cols, y, {
    kind,
    folds: num(flags, 'folds', 'decode', 5, { integer: true, min: 2 }),
    seed: num(flags, 'seed', 'decode', 0, { integer: true }),
    C: flags.values.C === undefined ? undefined : num(flags, 'C', 'decode', undefined, { min: Number.MIN_VALUE }),
    jlEps: flags.values['no-projection'] === true ? false : undefined,
    model: optStr(flags, 'model'), layer: optStr(flags, 'layer'), target: optStr(flags, 'target'),
  });
  const scores = rows.map((r) => r.score);
  console.log(JSON.stringify({ metric: rows[0].metric, scores, mean: mean(scores), sd: sd(scores), rows }));
  return 0;
}
