// `whatwhere generate`: render one split of a dataset into shards + latents.csv + meta.json.
import { generateDataset } from '../data/index.js';
import { num, optStr, parseFlags, str, UsageError } from './args.js';

export const summary = 'render a dataset split: --variant full|tdw-N|centered --n N --size PX --seed S --out DIR [--split train] [--workers K] [--shard-size M] [--supersample S] [--max-rotation DEG (180 = all poses)] [--roll DEG] [--resume]';

export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, {
    variant: { type: 'string' }, n: { type: 'string' }, size: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' },
    split: { type: 'string' }, workers: { type: 'string' }, 'shard-size': { type: 'string' }, supersample: { type: 'string' }, quiet: { type: 'boolean' }, resume: { type: 'boolean' },
    'max-rotation': { type: 'string' }, roll: { type: 'string' },
  }, 'generate');
  const variant = str(flags, 'variant', 'generate', 'full');
  if (!/^(full|centered|tdw-\d+)$/.test(variant)) throw new UsageError(`whatwhere generate: --variant expected full, centered or tdw-N, got '${variant}'`);
  const count = num(flags, 'n', 'generate', undefined, { integer: true, min: 1 });
  const size = num(flags, 'size', 'generate', 64, { integer: true, min: 8, max: 1024 });
  const seed = num(flags, 'seed', 'generate', 0, { integer: true, min: 0 });
  const out = str(flags, 'out', 'generate');
  const split = str(flags, 'split', 'generate', 'train');
  if (!/^[A-Za-z0-9_-]+$/.test(split)) throw new UsageError(`whatwhere generate: --split expected a plain name (train, val, test), got '${split}'`);
  const workers = num(flags, 'workers', 'generate', 1, { integer: true, min: 1, max: 64 });
  const shard = optStr(flags, 'shard-size') === undefined ? undefined : num(flags, 'shard-size', 'generate', undefined, { integer: true, min: 1 });
  const supersample = num(flags, 'supersample', 'generate', 1, { integer: true, min: 1, max: 4 });
  const maxRotationDeg = num(flags, 'max-rotation', 'generate', 180, { min: 0, max: 180 });
  const rollDeg = num(flags, 'roll', 'generate', 45, { min: 0, max: 180 });
  const t0 = Date.now();
  const meta = await generateDataset({ variant, count, size, seed, out, split, workers, shardSize: shard, sampling: { supersample, maxRotationDeg, rollDeg }, quiet: flags.values.quiet === true, resume: flags.values.resume === true });
  const dt = (Date.now() - t0) / 1000;
  console.log(`${out}: ${meta.count} images (${meta.variant}, ${meta.split}, ${meta.size} px, seed ${meta.seed}), ${meta.numCategories} categories, ` +
    `${meta.numIdentities} identities, ${meta.shards.length} shards, ${dt.toFixed(1)} s (${(meta.count / dt).toFixed(0)} img/s)`);
  return 0;
}
