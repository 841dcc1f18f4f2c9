// `whatwhere pls --x X.npy --y Y.npy [--components 25] --predict T.npy [--out P.npy|P.json]`:
// fit scikit-learn-equal PLS regression (scale=False) and predict new rows. Without --out the
// predictions go to stdout as JSON (rows of numbers).
import { writeFileSync } from 'node:fs';
import { readMatrix, writeNpy } from '../analysis/npy_io.js';
import { PLS_DEFAULTS, PLSRegression } from '../alignment/pls.js';
import { num, optStr, parseFlags, str, UsageError } from './args.js';

export const summary = 'fit PLS regression (as scikit-learn PLSRegression, scale=False) on X.npy -> Y.npy and predict T.npy';

export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, {
    x: { type: 'string' }, y: { type: 'string' }, predict: { type: 'string' }, components: { type: 'string' }, out: { type: 'string' },
  }, 'pls');
  const X = readMatrix(str(flags, 'x', 'pls'));
  const Y = readMatrix(str(flags, 'y', 'pls'));
  const T = readMatrix(str(flags, 'predict', 'pls'));
  const components = num(flags, 'components', 'pls', PLS_DEFAULTS.components, { integer: true, min: 1 });
  if (X.rows !== Y.rows) throw new UsageError(`whatwhere pls: --x has ${X.rows} rows but --y has ${Y.rows}; expected one row per sample in both`);
  if (T.cols !== X.cols) throw new UsageError(`whatwhere pls: --predict has ${T.cols} features but --x has ${X.cols}`);
  if (components > X.cols) throw new UsageError(`whatwhere pls: --components ${components} exceeds the ${X.cols} features of --x`);
  const t0 = Date.now();
  const pls = new PLSRegression({ components }).fit(X.data, Y.data, X.rows);
  const pred = pls.predict(T.data, T.rows);
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
