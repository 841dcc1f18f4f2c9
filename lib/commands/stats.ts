// `whatwhere stats mannwhitney --a a.npy --b b.npy`: two-sided Mann-Whitney U (scipy defaults) -> {"U", "p"}.
// `whatwhere stats pearson --a x.npy --b y.npy` -> {"r", "p"}.
import { readVector } from '../npy.js';
import { mannWhitneyU, pearson } from '../analysis/stats.js';
import { str, UsageError } from './args.js';
import { parseOptions, type Options } from './options.js';

export const summary = "statistics on two 1-D .npy samples: 'mannwhitney' -> {\"U\", \"p\"}, 'pearson' -> {\"r\", \"p\"}";

export const usage = 'mannwhitney|pearson [options]';

export const options = {
  a: { value: 'a.npy', help: 'first 1-D sample', required: true },
  b: { value: 'b.npy', help: 'second 1-D sample (pearson: paired with --a)', required: true },
} as const satisfies Options;

export async function run(argv: string[]): Promise<number> {
  const flags = parseOptions(argv, options, 'stats');
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
