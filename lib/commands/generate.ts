// `whatwhere generate`: render one split of a dataset into shards + latents.csv + meta.json.
import { generateDataset } from '../data/index.js';
import { defaultShardSize } from '../data/shard.js';
import { progressPrinter } from '../progress.js';
import { DEFAULT_SAMPLING } from '../render/sample.js';
import { num, optStr, str, UsageError } from './args.js';
import { parseOptions, type Options } from './options.js';

export const summary = 'render a dataset split (full, tdw-N or centered) into shards + latents.csv + meta.json';

export const options = {
  variant: { value: 'full|tdw-N|centered', help: 'every category, only the first N categories, or the object on the view axis', default: 'full' },
  n: { value: 'N', help: 'images to render', required: true },
  size: { value: 'PX', help: 'image side in pixels (8-1024)', default: 64 },
  seed: { value: 'S', help: 'seed of the latents and the rendering', default: 0 },
  out: { value: 'DIR', help: 'dataset folder to write (empty or new)', required: true },
  split: { value: 'NAME', help: 'split name (train, val, test); part of every image\'s seed', default: 'train' },
  workers: { value: 'K', help: 'rendering threads, each writing its own shards (1-64)', default: 1 },
  'shard-size': { value: 'M', help: 'images per shard file',
    default: `by --size: ${[64, 224, 512].map((px) => `${defaultShardSize(px)} at ${px} px`).join(', ')}` },
  supersample: { value: 'S', help: 'supersampling factor per axis (1-4; 2 = 4 samples per pixel)', default: DEFAULT_SAMPLING.supersample },
  'max-rotation': { value: 'DEG', help: 'largest rotation from the canonical pose (180 = all poses)', default: DEFAULT_SAMPLING.maxRotationDeg },
  roll: { value: 'DEG', help: 'camera roll uniform in [-DEG, DEG]', default: DEFAULT_SAMPLING.rollDeg },
  quiet: { help: 'no progress lines' },
  resume: { help: 'keep the finished shards of an interrupted run with the same settings' },
} as const satisfies Options;

export async function run(argv: string[]): Promise<number> {
  const flags = parseOptions(argv, options, 'generate');
  const variant = str(flags, 'variant', 'generate', options.variant.default);
  if (!/^(full|centered|tdw-\d+)$/.test(variant)) throw new UsageError(`whatwhere generate: --variant expected full, centered or tdw-N, got '${variant}'`);
  const count = num(flags, 'n', 'generate', undefined, { integer: true, min: 1 });
  const size = num(flags, 'size', 'generate', options.size.default, { integer: true, min: 8, max: 1024 });
  const seed = num(flags, 'seed', 'generate', options.seed.default, { integer: true, min: 0 });
  const out = str(flags, 'out', 'generate');
  const split = str(flags, 'split', 'generate', options.split.default);
  if (!/^[A-Za-z0-9_-]+$/.test(split)) throw new UsageError(`whatwhere generate: --split expected a plain name (train, val, test), got '${split}'`);
  const workers = num(flags, 'workers', 'generate', options.workers.default, { integer: true, min: 1, max: 64 });
  const shard = optStr(flags, 'shard-size') === undefined ? undefined : num(flags, 'shard-size', 'generate', undefined, { integer: true, min: 1 });
  const supersample = num(flags, 'supersample', 'generate', options.supersample.default, { integer: true, min: 1, max: 4 });
  const maxRotationDeg = num(flags, 'max-rotation', 'generate', options['max-rotation'].default, { min: 0, max: 180 });
  const rollDeg = num(flags, 'roll', 'generate', options.roll.default, { min: 0, max: 180 });
  const t0 = Date.now();
  const meta = await generateDataset({ variant, count, size, seed, out, split, workers, shardSize: shard, sampling: { supersample, maxRotationDeg, rollDeg }, resume: flags.values.resume === true,
    ...(flags.values.quiet === true ? {} : { onProgress: progressPrinter({ quietMs: 0, everyMs: 1000, rateUnit: { name: 'img', per: 1 } }), log: (line: string) => process.stderr.write(`${line}\n`) }),
  });
  const dt = (Date.now() - t0) / 1000;
  console.log(`${out}: ${meta.count} images (${meta.variant}, ${meta.split}, ${meta.size} px, seed ${meta.seed}), ${meta.numCategories} categories, ` +
    `${meta.numIdentities} identities, ${meta.shards.length} shards, ${dt.toFixed(1)} s (${(meta.count / dt).toFixed(0)} img/s)`);
  return 0;
}
