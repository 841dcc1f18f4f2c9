// `whatwhere cka --x A.npy --y B.npy [--debiased]`: linear CKA between two representations (rows x features).
import { linearCKA } from '../analysis/cka.js';
import { readMatrix } from '../analysis/npy_io.js';
import { bool, parseFlags, str } from './args.js';

export const summary = 'linear CKA between two activation matrices (.npy, rows = the same examples): {"cka": v}';

export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { x: { type: 'string' }, y: { type: 'string' }, debiased: { type: 'boolean' } }, 'cka');
  const xPath = str(flags, 'x', 'cka');
  const yPath = str(flags, 'y', 'cka');
  const x = readMatrix(xPath);
  const y = readMatrix(yPath);
  console.log(JSON.stringify({ cka: linearCKA(x, y, { debiased: bool(flags, 'debiased') }) }));
  return 0;
}
