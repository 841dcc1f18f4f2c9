// `whatwhere sweep --runs 'runs/mine/*'[,'ckpts/*.pth'] --data D --reference RUN --out sweep.csv
//   [--n 500] [--layers a,b] [--targets category,x,y,z] [--folds 5] [--size PX] [--arch A]
//   [--benchmarks NAME,... [--data-dir DIR]]`: every run directory or PyTorch checkpoint file
// (.pth/.pt/.safetensors, imported in memory; --size is their input side, default D's) measured on
// the same n images of D: CKA to the reference's matching layer, decoding of each latent and, with
// --benchmarks, Brain-Score neural alignment per layer. One tidy CSV: run,layer,measure,target,value.
import { resolve } from 'node:path';
import { writeAtomic } from '../atomic.js';
import { benchmark } from '../alignment/benchmarks.js';
import { resnetActivations } from '../alignment/model_activations.js';
import { benchmarkImages, loadNeuralBenchmark, scoreNeural } from '../alignment/neural_benchmark.js';
import { openDataset } from '../data/index.js';
import { initEngine } from '../engine/index.js';
import {
  activationsOf, defaultSweepLayers, expandSweepPatterns, LATENT_TARGETS, loadSweepModel, measureModel, referenceLayer,
  sweepCsv, type LatentTarget, type SweepRow,
} from '../interop/sweep.js';
import { ARCHS, disposeResNet, type Arch, type ResNet } from '../models/index.js';
import { progressPrinter, ProgressReporter } from '../progress.js';
import { num, optStr, str, UsageError } from './args.js';
import { brainscoreDataDir, DATA_DIR_OPTION } from './brainscore_dir.js';
import { parseOptions, type Options } from './options.js';

export const summary = 'score many runs or PyTorch checkpoints (CKA to a reference, latent decoding, alignment) into one tidy CSV';

/** Images measured when --data holds more. */
const SWEEP_N = 500;
const DEFAULT_TARGETS: readonly LatentTarget[] = ['category', 'x', 'y', 'z'];

export const options = {
  runs: { value: 'GLOB,...', help: 'run folders or PyTorch checkpoint files (.pth/.pt/.safetensors), comma-separated patterns', required: true },
  data: { value: 'DIR', help: 'dataset whose images every model sees', required: true },
  reference: { value: 'RUN', help: 'run or checkpoint file the CKA compares each layer to', required: true },
  out: { value: 'FILE.csv', help: 'tidy CSV to write: run,layer,measure,target,value', required: true },
  n: { value: 'N', help: 'images measured (10 at least)', default: `${SWEEP_N}, or every image of --data if fewer` },
  layers: { value: 'a,b', help: 'layers measured', default: 'the last block of each stage and avgpool' },
  targets: { value: 'LATENT,...', help: `latents decoded (${LATENT_TARGETS.join(', ')})`, default: DEFAULT_TARGETS.join(',') },
  folds: { value: 'K', help: 'cross-validation folds of the decoding', default: 5 },
  size: { value: 'PX', help: 'input side of checkpoint files (run folders record theirs)', default: "--data's image side" },
  arch: { value: ARCHS.join('|'), help: 'check checkpoint files are this architecture', default: 'read from the tensors' },
  benchmarks: { value: 'NAME,...', help: 'neural Brain-Score benchmarks to score each layer on, as whatwhere score does', default: 'none' },
  'data-dir': DATA_DIR_OPTION,
} as const satisfies Options;

const list = (s: string | undefined) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);

export async function run(argv: string[]): Promise<number> {
  const c = 'sweep';
  const f = parseOptions(argv, options, c);
  const data = openDataset(resolve(str(f, 'data', c)));
  const out = str(f, 'out', c);
  const n = num(f, 'n', c, Math.min(SWEEP_N, data.length), { integer: true, min: 10, max: data.length });
  const folds = num(f, 'folds', c, options.folds.default, { integer: true, min: 2 });
  const size = num(f, 'size', c, data.meta.size, { integer: true, min: 8 });
  const arch = optStr(f, 'arch') as Arch | undefined;
  if (arch && !ARCHS.includes(arch)) throw new UsageError(`whatwhere sweep: --arch expected ${ARCHS.join(' or ')}, got '${arch}'`);
  const targets = (optStr(f, 'targets') ? list(optStr(f, 'targets')) : [...DEFAULT_TARGETS]) as LatentTarget[];
  const badT = targets.filter((t) => !LATENT_TARGETS.includes(t));
  if (badT.length) throw new UsageError(`whatwhere sweep: --targets: unknown latent(s) ${badT.join(', ')}; expected ${LATENT_TARGETS.join(', ')}`);
  const paths = expandSweepPatterns(list(str(f, 'runs', c)));
  const benchmarks = list(optStr(f, 'benchmarks')).map((b) => benchmark(b));
  const badB = benchmarks.filter((b) => b.kind !== 'neural');
  if (badB.length) throw new UsageError(`whatwhere sweep: --benchmarks: ${badB.map((b) => b.name).join(', ')} is behavioural; sweep scores neural benchmarks (use 'whatwhere score')`);
  const dataDir = brainscoreDataDir(f);
  await initEngine();

  const refPath = str(f, 'reference', c);
  const ref = loadSweepModel(refPath, size, arch);
  const layersFlag = list(optStr(f, 'layers'));
  let refActs;
  try {
    refActs = activationsOf(ref.model, data, [...new Set([...layersFlag.map((l) => referenceLayer(l, ref.model.arch.layerNames)).filter((l): l is string => !!l), ...defaultSweepLayers(ref.model)])], ref.size, n);
  } finally {
    disposeResNet(ref.model);
  }
  const benchData = [];
  for (const b of benchmarks) if (b.kind === 'neural') benchData.push(await loadNeuralBenchmark(b, dataDir, (line) => process.stderr.write(`${line}\n`)));

  const rows: SweepRow[] = [];
  const progress = new ProgressReporter({ label: 'sweep', total: paths.length, unit: 'models' });
  const onProgress = progressPrinter();
  try {
    for (const [i, path] of paths.entries()) {
      const { model, size: s } = loadSweepModel(path, size, arch);
      try {
        const layers = layersFlag.length ? layersFlag : defaultSweepLayers(model);
        const bad = layers.filter((l) => !model.arch.layerNames.includes(l));
        if (bad.length) throw new UsageError(`whatwhere sweep: ${path}: unknown layer(s) ${bad.join(', ')}; it has ${model.arch.layerNames.join(', ')}`);
        const acts = activationsOf(model, data, layers, s, n);
        rows.push(...measureModel(path, acts, { label: refPath, acts: refActs, layerFor: (l) => referenceLayer(l, Object.keys(refActs.layers)) }, { n, folds, targets, onProgress }));
        for (const bd of benchData) rows.push(...await alignmentRows(path, model, s, bd, layers));
      } finally {
        disposeResNet(model);
      }
      progress.update(i + 1, path, true);
    }
  } finally {
    for (const bd of benchData) bd.stimuli.close();
  }
  writeAtomic(out, sweepCsv(rows));
  process.stderr.write(`[sweep] wrote ${rows.length} rows for ${paths.length} model(s) to ${out}\n`);
  return 0;
}

async function alignmentRows(label: string, model: ResNet, size: number, data: Awaited<ReturnType<typeof loadNeuralBenchmark>>, layers: string[]): Promise<SweepRow[]> {
  const images = benchmarkImages(data, { size });
  const r = await scoreNeural(data, { layers, activations: resnetActivations(model, images, data.ids.length, size) });
  return r.layerScores.map((l) => ({ run: label, layer: l.layer, measure: 'alignment' as const, target: data.spec.name, value: l.score }));
}
