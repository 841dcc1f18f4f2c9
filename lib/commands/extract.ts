// `whatwhere extract --run DIR --data DIR --n 2000 --layers L1,L2 --out DIR`: one float32 .npy per
// layer ([n, features], flattened per image in NHWC order) plus latents.csv and meta.json, streamed in
// batches so memory stays bounded. An existing output with the same request is left as is; a different one is refused.
// `--images X.npy` instead of --data: float32 [n, H, W, 3] model inputs used as is (no latents.csv).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeAtomic } from '../atomic.js';
import { join, resolve } from 'node:path';
import { LayerFiles } from '../analysis/activation_files.js';
import { forEachActivationBatch, layerShapes } from '../analysis/activations.js';
import { contractCsvHeader, contractCsvRow } from '../data/csv.js';
import { openDataset } from '../data/index.js';
import { initEngine } from '../engine/index.js';
import { ensureDir, removeDeadTemps } from '../fs_guard.js';
import { disposeResNet } from '../models/index.js';
import { openImageArray } from '../interop/image_array.js';
import { ProgressReporter } from '../progress.js';
import { fingerprint, loadRun } from '../train/index.js';
import { num, optStr, str, UsageError } from './args.js';
import { parseOptions, type Options } from './options.js';

export const summary = 'write activations of chosen layers (one .npy per layer) and the latents of the images';

export const options = {
  run: { value: 'DIR', help: 'a finished (or imported) run', required: true },
  data: { value: 'DIR', help: 'dataset whose images to pass through', required: 'unless --images' },
  images: { value: 'X.npy', help: 'float32 [n, H, W, 3] model inputs used as is, instead of --data (no latents.csv)' },
  layers: { value: 'L1,L2', help: 'layer names, comma-separated', required: true },
  out: { value: 'DIR', help: 'output folder (new or empty; the same request again does nothing)', required: true },
  n: { value: 'N', help: 'images', default: 2000 },
  start: { value: 'I', help: 'index of the first image', default: 0 },
  batch: { value: 'B', help: 'images per forward pass', default: 64 },
} as const satisfies Options;

export async function run(argv: string[]): Promise<number> {
  const f = parseOptions(argv, options, 'extract');
  const c = 'extract';
  const runDir = str(f, 'run', c);
  const images = optStr(f, 'images');
  const data = images ? openImageArray(images) : openDataset(resolve(str(f, 'data', c)));
  const out = str(f, 'out', c);
  const n = num(f, 'n', c, options.n.default, { integer: true, min: 1 });
  const start = num(f, 'start', c, options.start.default, { integer: true, min: 0 });
  const batch = num(f, 'batch', c, options.batch.default, { integer: true, min: 1 });
  const layers = str(f, 'layers', c).split(',').map((s) => s.trim()).filter(Boolean);
  if (layers.length === 0) throw new UsageError('whatwhere extract: --layers expected a comma-separated list of layer names');
  if (start + n > data.length) throw new UsageError(`whatwhere extract: --start ${start} --n ${n} exceeds the ${data.length} images of ${data.dir}`);
  await initEngine();
  const { config, model } = loadRun(runDir);
  const size = images ? data.meta.size : config.size; // an image array is used as is
  try {
    const bad = layers.filter((l) => !model.arch.layerNames.includes(l));
    if (bad.length) throw new UsageError(`whatwhere extract: unknown layer(s) ${bad.join(', ')}; ${config.arch} has ${model.arch.layerNames.join(', ')}`);
    const shapes = layerShapes(model, layers, size);
    const meta = { run: resolve(runDir), config, data: fingerprint(data.meta), start, n, size, flatten: 'NHWC (h, w, c) per image',
      layers: Object.fromEntries(layers.map((l) => [l, { file: `${l}.npy`, shape: shapes[l], features: shapes[l]!.reduce((a, b) => a * b, 1) }])) };
    const metaFile = join(out, 'meta.json');
    if (existsSync(metaFile)) {
      if (readFileSync(metaFile, 'utf8') === JSON.stringify(meta, null, 2) + '\n') {
        process.stderr.write(`[extract] ${out} already holds this extraction; nothing to do\n`);
        return 0;
      }
      throw new Error(`${metaFile}: holds a different extraction; use another --out or remove it`);
    }
    removeDeadTemps(out); // a failed or killed earlier attempt's
    if (existsSync(out) && readdirSync(out).length > 0) throw new Error(`${out}: exists and is not empty; refusing to write into it`);
    ensureDir(out);
    const files = new LayerFiles(out, n, Object.fromEntries(layers.map((l) => [l, meta.layers[l]!.features])));
    const csv: string[] = [contractCsvHeader()];
    const progress = new ProgressReporter({ label: 'extract', total: n, unit: 'images', rateUnit: { name: 'img', per: 1 } });
    files.guard(() => forEachActivationBatch(model, data, { layers, n, start, batch, size }, (b) => {
      for (const l of layers) files.write(l, b.values[l]!);
      for (let i = 0; i < b.count; i++) csv.push(contractCsvRow(b.indices[i]!, b.latents, i));
      progress.update(b.offset + b.count);
    }));
    if (images) {
      files.commit({});
    } else {
      const latents = csv.join('');
      files.guard(() => writeAtomic(join(out, 'latents.csv'), latents, { durable: true }));
      files.commit({ 'latents.csv': createHash('sha256').update(latents).digest('hex') });
    }
    writeAtomic(metaFile, JSON.stringify(meta, null, 2) + '\n', { durable: true }); // last: its presence means the extraction is complete
    process.stderr.write(`[extract] wrote ${layers.length} layer(s) x ${n} images to ${out}\n`);
    return 0;
  } finally {
    disposeResNet(model);
  }
}
