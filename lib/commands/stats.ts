// `whatwhere stats mannwhitney --a a.npy --b b.npy`: two-sided Mann-Whitney U (scipy defaults) -> {"U", "p"}.
// `whatwhere stats pearson --a x.npy --b y.npy` -> {"r", "p"}.
import { readVector } from '../analysis/npy_io.js';
import { mannWhitneyU, pearson } from '../analysis/stats.js';
import { parseFlags, str, UsageError } from './args.js';

export const summary = "statistics on two 1-D .npy samples: 'mannwhitney' -> {\"U\", \"p\"}, 'pearson' -> {\"r\", \"p\"}";

export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { a: { type: 'string' }, b: { type: 'string' } }, 'stats');
  const test = flags.positionals[0];
  if (test !== 'mannwhitney' && test !== 'pearson') {
    throw new UsageError(`whatwhere stats: expected 'mannwhitney' or 'pearson' as the first argument, got '${test ?? ''}'`);
  }
  const aPath = str(flags, 'a', 'stats');
  const bPath = str(flags, 'b', 'stats');
  const a = readVector(aPath);
  const b = readVector(bPath);
  if (test === 'mannwhitney') {
    const r = mannWhitneyU(a, b);
    console.log(JSON.stringify({ U: r.U, p: r.p, method: r.method }));
  } else {
    const r = pearson(a, b);
    console.log(JSON.stringify({ r: r.r, p: r.p }));
  }
  return 0;
}
