// `whatwhere cka --x A.npy --y B.npy [--debiased]`: linear CKA between two representations (rows x features).
import { linearCKA } from '../analysis/cka.js';
import { readMatrix } from '../npy.js';
import { bool, str } from './args.js';
import { parseOptions, type Options } from './options.js';

export const summary = 'linear CKA between two activation matrices (.npy, rows = the same examples): {"cka": v}';

export const options = {
  x: { value: 'A.npy', help: 'first representation, rows x features', required: true },
  y: { value: 'B.npy', help: 'second representation, the same rows', required: true },
  debiased: { help: 'HSIC by the unbiased U-statistic estimator (Song et al. 2012)' },
} as const satisfies Options;

export async function run(argv: string[]): Promise<number> {
  const flags = parseOptions(argv, options, 'cka');
  const xPath = str(flags, 'x', 'cka');
  const yPath = str(flags, 'y', 'cka');
  const x = readMatrix(xPath);
  const y = readMatrix(yPath);
  console.log(JSON.stringify({ cka: linearCKA(x, y, { debiased: bool(flags, 'debiased') }) }));
  return 0;
}
