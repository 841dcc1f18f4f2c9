// `whatwhere pls --x X.npy --y Y.npy [--components 25] --predict T.npy [--out P.npy|P.json]`:
// fit scikit-learn-equal PLS regression (scale=False) and predict new rows. Without --out the
// predictions go to stdout as JSON (rows of numbers).
import { writeFileSync } from 'node:fs';
import { readMatrix, writeNpy } from '../npy.js';
import { PLS_DEFAULTS, PLSRegression } from '../alignment/pls.js';
import { num, optStr, str, UsageError } from './args.js';
import { parseOptions, type Options } from './options.js';

export const summary = 'fit PLS regression (as scikit-learn PLSRegression, scale=False) on X.npy -> Y.npy and predict T.npy';

export const options = {
  x: { value: 'X.npy', help: 'training features, rows x features', required: true },
  y: { value: 'Y.npy', help: 'training targets, one row per row of --x', required: true },
  predict: { value: 'T.npy', help: 'rows to predict, the features of --x', required: true },
  components: { value: 'K', help: 'PLS components (at most the features of --x)', default: PLS_DEFAULTS.components },
  out: { value: 'P.npy|P.json', help: 'write the predictions here (.npy: a float matrix, else JSON)', default: 'JSON on stdout' },
} as const satisfies Options;

export async function run(argv: string[]): Promise<number> {
  const flags = parseOptions(argv, options, 'pls');
  const X = readMatrix(str(flags, 'x', 'pls'));
  const Y = readMatrix(str(flags, 'y', 'pls'));
  const T = readMatrix(str(flags, 'predict', 'pls'));
  const components = num(flags, 'components', 'pls', options.components.default, { integer: true, min: 1 });
  if (X.rows !== Y.rows) throw new UsageError(`whatwhere pls: --x has ${X.rows} rows but --y has ${Y.rows}; expected one row per sample in both`);
  if (T.cols !== X.cols) throw new UsageError(`whatwhere pls: --predict has ${T.cols} features but --x has ${X.cols}`);
  if (components > X.cols) throw new UsageError(`whatwhere pls: --components ${components} exceeds the ${X.cols} features of --x`);
  const t0 = Date.now();
  const pred = new PLSRegression({ components }).fit(X, Y).predict(T).data;
  process.stderr.write(`[pls] fit ${X.rows} x ${X.cols} -> ${Y.cols} with ${components} components, predicted ${T.rows} rows in ${((Date.now() - t0) / 1000).toFixed(2)} s\n`);
  const out = optStr(flags, 'out');
  if (out && out.endsWith('.npy')) writeNpy(out, pred, [T.rows, Y.cols]);
  else {
    const rows = Array.from({ length: T.rows }, (_, r) => Array.from(pred.subarray(r * Y.cols, (r + 1) * Y.cols)));
    const json = JSON.stringify({ components, rows: T.rows, targets: Y.cols, predictions: rows });
    if (out) writeFileSync(out, json + '\n'); else console.log(json);
  }
  return 0;
}
