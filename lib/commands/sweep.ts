// `whatwhere sweep --runs 'runs/mine/*'[,'ckpts/*.pth'] --data D --reference RUN --out sweep.csv
//   [--n 500] [--layers a,b] [--targets category,x,y,z] [--folds 5] [--size PX] [--arch A]
//   [--benchmarks NAME,... [--data-dir DIR]]`: every run directory or PyTorch checkpoint file
// (.pth/.pt/.safetensors, imported in memory; --size is their input side, default D's) measured on
// the same n images of D: CKA to the reference's matching layer, decoding of each latent and, with
// --benchmarks, Brain-Score neural alignment per layer. One tidy CSV: run,layer,measure,target,value.
import { join, resolve } from 'node:path';
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
import { repoRoot } from '../paths.js';
import { formatDuration } from '../train/progress.js';
import { num, optStr, parseFlags, str, UsageError } from './args.js';

export const summary = 'score many runs or PyTorch checkpoints (CKA to a reference, latent decoding, alignment) into one tidy CSV';

const list = (s: string | undefined) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);

export async function run(argv: string[]): Promise<number> {
  const c = 'sweep';
  const f = parseFlags(argv, { runs: { type: 'string' }, data: { type: 'string' }, reference: { type: 'string' }, out: { type: 'string' },
    n: { type: 'string' }, layers: { type: 'string' }, targets: { type: 'string' }, folds: { type: 'string' }, size: { type: 'string' },
    arch: { type: 'string' }, benchmarks: { type: 'string' }, 'data-dir': { type: 'string' } }, c);
  const data = openDataset(resolve(str(f, 'data', c)));
  const out = str(f, 'out', c);
  const n = num(f, 'n', c, Math.min(500, data.length), { integer: true, min: 10, max: data.length });
  const folds = num(f, 'folds', c, 5, { integer: true, min: 2 });
  const size = num(f, 'size', c, data.meta.size, { integer: true, min: 8 });
  const arch = optStr(f, 'arch') as Arch | undefined;
  if (arch && !ARCHS.includes(arch)) throw new UsageError(`whatwhere sweep: --arch expected ${ARCHS.join(' or ')}, got '${arch}'`);
  const targets = (optStr(f, 'targets') ? list(optStr(f, 'targets')) : ['category', 'x', 'y', 'z']) as LatentTarget[];
  const badT = targets.filter((t) => !LATENT_TARGETS.includes(t));
  if (badT.length) throw new UsageError(`whatwhere sweep: --targets: unknown latent(s) ${badT.join(', ')}; expected ${LATENT_TARGETS.join(', ')}`);
  const paths = expandSweepPatterns(list(str(f, 'runs', c)));
  const benchmarks = list(optStr(f, 'benchmarks')).map((b) => benchmark(b));
  const badB = benchmarks.filter((b) => b.kind !== 'neural');
  if (badB.length) throw new UsageError(`whatwhere sweep: --benchmarks: ${badB.map((b) => b.name).join(', ')} is behavioural; sweep scores neural benchmarks (use 'whatwhere score')`);
  const dataDir = resolve(optStr(f, 'data-dir') ?? join(repoRoot(), 'data', 'brainscore'));
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
  for (const b of benchmarks) if (b.kind === 'neural') benchData.push(await loadNeuralBenchmark(b, dataDir));

  const rows: SweepRow[] = [];
  const t0 = Date.now();
  try {
    for (const [i, path] of paths.entries()) {
      const { model, size: s } = loadSweepModel(path, size, arch);
      try {
        const layers = layersFlag.length ? layersFlag : defaultSweepLayers(model);
        const bad = layers.filter((l) => !model.arch.layerNames.includes(l));
        if (bad.length) throw new UsageError(`whatwhere sweep: ${path}: unknown layer(s) ${bad.join(', ')}; it has ${model.arch.layerNames.join(', ')}`);
        const acts = activationsOf(model, data, layers, s, n);
        rows.push(...measureModel(path, acts, { label: refPath, acts: refActs, layerFor: (l) => referenceLayer(l, Object.keys(refActs.layers)) }, { n, folds, targets }));
        for (const bd of benchData) rows.push(...await alignmentRows(path, model, s, bd, layers));
      } finally {
        disposeResNet(model);
      }
      const el = (Date.now() - t0) / 1000;
      process.stderr.write(`[sweep] ${i + 1}/${paths.length} ${path}; ${formatDuration(el)} elapsed, ETA ${formatDuration((el / (i + 1)) * (paths.length - i - 1))}\n`);
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
