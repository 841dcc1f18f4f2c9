// `whatwhere mds --sim S.npy [--seed s] [--precomputed]`: 2-D metric MDS of a model x model similarity
// matrix, embedded the paper's way (Euclidean distances between its rows) unless --precomputed.
import { MDS_DEFAULTS, mdsEmbed } from '../analysis/mds.js';
import { readNpy, toFloat64 } from '../npy.js';
import { bool, num, str } from './args.js';
import { parseOptions, type Options } from './options.js';

export const summary = 'metric MDS (SMACOF) of a similarity matrix S.npy: {"coords": [[x, y], ...], "stress": v}';

export const options = {
  sim: { value: 'S.npy', help: 'square model x model similarity matrix', required: true },
  seed: { value: 'S', help: 'seed of the random starts', default: MDS_DEFAULTS.seed },
  precomputed: { help: 'take S as dissimilarities as is (not Euclidean distances between its rows)' },
  'n-init': { value: 'N', help: 'random starts; the lowest stress wins', default: MDS_DEFAULTS.nInit },
  'max-iter': { value: 'N', help: 'SMACOF iterations per start', default: MDS_DEFAULTS.maxIter },
  eps: { value: 'E', help: 'stop a start when its normalised stress improves by less than this', default: MDS_DEFAULTS.eps },
} as const satisfies Options;

export async function run(argv: string[]): Promise<number> {
  const flags = parseOptions(argv, options, 'mds');
  const path = str(flags, 'sim', 'mds');
  const a = readNpy(path);
  if (a.shape.length !== 2 || a.shape[0] !== a.shape[1]) throw new Error(`${path}: expected a square m x m matrix, got shape (${a.shape.join(', ')})`);
  const m = a.shape[0];
  const r = mdsEmbed(toFloat64(a), m, {
    seed: num(flags, 'seed', 'mds', options.seed.default, { integer: true }),
    precomputed: bool(flags, 'precomputed'),
    nInit: flags.values['n-init'] === undefined ? undefined : num(flags, 'n-init', 'mds', undefined, { integer: true, min: 1 }),
    maxIter: flags.values['max-iter'] === undefined ? undefined : num(flags, 'max-iter', 'mds', undefined, { integer: true, min: 1 }),
    eps: flags.values.eps === undefined ? undefined : num(flags, 'eps', 'mds', undefined, { min: 0 }),
  });
  const coords: number[][] = [];
  for (let i = 0; i < m; i++) coords.push(Array.from(r.coords.subarray(i * r.nComponents, (i + 1) * r.nComponents)));
  console.log(JSON.stringify({ coords, stress: r.stress }));
  return 0;
}
