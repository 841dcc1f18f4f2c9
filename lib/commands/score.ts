// `whatwhere score --benchmark NAME[,NAME...] (--run runs/ID [--checkpoint STEP|all] | --activations DIR | --export-stimuli DIR --size N)
//   [--data-dir DIR] [--layers a,b] [--readout avgpool] [--ceiling squared|r2-over-ceiling] [--pca 1000] [--out FILE.json]`
// Brain-Score public benchmark scores from the real files (placed in --data-dir, default
// data/brainscore): the raw r, ceiling, ceiled score, chosen layer and every layer's score (neural:
// --layers are the candidates, default every tap but maxpool); i2n reads out --readout (avgpool).
// --run scores a trained (or untrained) whatwhere model directly; --checkpoint all scores every kept
// checkpoint into --out DIR (step-NNNNNNNN.json each, resumable; DONE last: Fig 3, C.7). --activations DIR instead holds
// stimulus_ids.txt (one id per line: the row order) and one <layer>.npy (stimuli x ...) per layer,
// computed on the stimuli as --export-stimuli writes them (placed in visual degrees, resized,
// ImageNet-normalised, NHWC float32). A DIR/<benchmark name>/ subfolder is used when present.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { behaviourImages, loadBehaviourBenchmark, scoreBehaviour, type BehaviourData } from '../alignment/behaviour_benchmark.js';
import { benchmark, BENCHMARKS, type BehaviourBenchmarkSpec, type NeuralBenchmarkSpec } from '../alignment/benchmarks.js';
import type { CeilingMode } from '../alignment/ceiling.js';
import { LAYER_SELECTION_PCA, type ActivationSource, type Activations } from '../alignment/layer_selection.js';
import { candidateLayers, resnetActivations } from '../alignment/model_activations.js';
import { benchmarkImages, loadNeuralBenchmark, scoreNeural } from '../alignment/neural_benchmark.js';
import { readNpy, writeNpy } from '../npy.js';
import { initEngine } from '../engine/index.js';
import { createResNet, disposeResNet, loadWeightEntries, readNpz, type ResNet } from '../models/index.js';
import { loadRun, RunDir, type TrainConfig } from '../train/index.js';
import { checkpointName } from '../train/run_dir.js';
import { writeAtomic } from '../atomic.js';
import { num, optStr, str, UsageError, type ParsedFlags } from './args.js';
import { brainscoreDataDir, DATA_DIR_OPTION } from './brainscore_dir.js';
import { parseOptions, type Options } from './options.js';

export const summary = 'score a model on Brain-Score public benchmarks (PLS, ceiling, layer selection; i2n) from the real data files';

const CMD = 'score';

const readoutLayers = [...new Set(Object.values(BENCHMARKS).flatMap((b) => (b.kind === 'behaviour' ? [b.layer] : [])))];

export const options = {
  benchmark: { value: 'NAME,...', help: `benchmarks, comma-separated: ${Object.keys(BENCHMARKS).join(', ')}`, required: true },
  run: { value: 'DIR', help: 'score this run (trained, untrained or imported)', required: 'unless --activations or --export-stimuli' },
  checkpoint: { value: 'STEP|all', help: 'score a kept checkpoint of --run; all: every one, into --out DIR', default: 'the final weights' },
  activations: { value: 'DIR', help: 'stimulus_ids.txt and one <layer>.npy per layer, computed on the exported stimuli (DIR/<benchmark>/ when present)' },
  'export-stimuli': { value: 'DIR', help: "write each benchmark's stimuli (stimuli.npy, stimulus_ids.txt) for another framework; scores nothing" },
  size: { value: 'PX', help: 'side of the exported stimuli', required: 'with --export-stimuli' },
  layers: { value: 'a,b', help: 'neural benchmarks: the candidate layers', default: 'every tap but maxpool with --run, every .npy with --activations' },
  readout: { value: 'LAYER', help: 'behaviour benchmarks: the layer read out', default: `the benchmark's: ${readoutLayers.join(', ')}` },
  ceiling: { value: 'squared|r2-over-ceiling', help: 'how the raw score is ceiled', default: 'squared' },
  pca: { value: 'N', help: 'PCA components of the layer choice', default: LAYER_SELECTION_PCA },
  out: { value: 'FILE.json', help: 'write the JSON here (a DIR with --checkpoint all)', default: 'stdout' },
  'data-dir': DATA_DIR_OPTION,
} as const satisfies Options;

/** Layers stored in an activations folder, rows realigned to `ids`. */
export function folderActivations(dir: string): { layers: string[]; rows: string[]; load(layer: string, ids: readonly string[]): Activations } {
  const idFile = join(dir, 'stimulus_ids.txt');
  if (!existsSync(idFile)) throw new UsageError(`whatwhere ${CMD}: ${idFile} missing; expected one stimulus id per line giving the row order of the .npy files`);
  const rows = readFileSync(idFile, 'utf8').split(/\r?\n/).filter((l) => l !== '');
  const rowOf = new Map(rows.map((id, i) => [id, i]));
  const layers = readdirSync(dir).filter((f) => f.endsWith('.npy') && f !== 'stimuli.npy').map((f) => f.slice(0, -4)).sort();
  return {
    layers, rows,
    load(layer, ids) {
      const missing = ids.filter((id) => !rowOf.has(id));
      if (missing.length) throw new Error(`${idFile}: ${missing.length} benchmark stimuli have no activations (first: ${missing[0]})`);
      const path = join(dir, `${layer}.npy`);
      if (!existsSync(path)) throw new Error(`${path}: no activations for layer '${layer}'`);
      const a = readNpy(path);
      if (a.shape[0] !== rows.length) throw new Error(`${path}: ${a.shape[0]} rows, stimulus_ids.txt lists ${rows.length}`);
      const d = a.shape.slice(1).reduce((x, y) => x * y, 1);
      const src = a.data;
      const out = new Float32Array(ids.length * d);
      ids.forEach((id, i) => { const r = rowOf.get(id)!; for (let c = 0; c < d; c++) out[i * d + c] = Number(src[r * d + c]); });
      return { data: out, features: d };
    },
  };
}

interface ModelSource { model: ResNet; size: number; run: string; step?: number }

/** A finished run's final weights, or (with `step`) the weights of one of its checkpoints (Fig C.7
 * scores models along training). */
export function loadModel(runDir: string, step?: number): { model: ResNet; config: TrainConfig } {
  if (step === undefined) return loadRun(runDir);
  const run = new RunDir(runDir);
  if (!existsSync(run.configFile)) throw new Error(`${runDir}: not a run directory (no config.json)`);
  const config = JSON.parse(readFileSync(run.configFile, 'utf8')) as TrainConfig;
  const file = run.checkpointFile(step);
  if (!existsSync(file)) {
    const have = run.checkpoints();
    throw new Error(`${file}: no checkpoint at step ${step} (${have.length ? `kept steps: ${have.join(', ')}` : 'the run keeps no checkpoints'})`);
  }
  const model = createResNet({ arch: config.arch, width: config.width, numOutputs: config.outputs }, config.seed);
  try {
    loadWeightEntries(model, readNpz(file), file, 'model/');
  } catch (err) {
    disposeResNet(model);
    throw err;
  }
  return { model, config };
}

function exportStimuli(dir: string, ids: string[], images: Float32Array, size: number, name: string): void {
  mkdirSync(dir, { recursive: true });
  writeNpy(join(dir, 'stimuli.npy'), images, [ids.length, size, size, 3]);
  writeFileSync(join(dir, 'stimulus_ids.txt'), ids.join('\n') + '\n');
  process.stderr.write(`[score] ${name}: wrote ${dir}/stimuli.npy (${ids.length} x ${size} x ${size} x 3, NHWC, ImageNet-normalised) and stimulus_ids.txt\n`);
}

type PcaCache = Map<string, { data: Float64Array; features: number; original: number }>;

async function neural(spec: NeuralBenchmarkSpec, dataDir: string, flags: ParsedFlags, model: ModelSource | null,
  ceilingMode: CeilingMode, pca: number, pcaCache: PcaCache): Promise<unknown> {
  const data = await loadNeuralBenchmark(spec, dataDir);
  try {
    process.stderr.write(`[score] ${spec.name}: ${data.ids.length} stimuli, ${data.neuroids} neuroids, ceiling ${data.ceiling.center.toFixed(4)} +- ${data.ceiling.error.toFixed(4)}\n`);
    const exportDir = optStr(flags, 'export-stimuli');
    if (exportDir) {
      const size = num(flags, 'size', CMD, undefined, { integer: true, min: 8 });
      exportStimuli(join(exportDir, spec.name), data.ids, benchmarkImages(data, { size }), size, spec.name);
      return null;
    }
    const layersFlag = optStr(flags, 'layers')?.split(',').map((s) => s.trim()).filter(Boolean);
    let layers: string[];
    let source: ActivationSource;
    if (model) {
      const images = benchmarkImages(data, { size: model.size });
      source = resnetActivations(model.model, images, data.ids.length, model.size);
      layers = layersFlag ?? candidateLayers(model.model);
    } else {
      const actDir = optStr(flags, 'activations');
      if (!actDir) throw new UsageError(`whatwhere ${CMD}: pass --run DIR or --activations DIR (or --export-stimuli DIR --size N to prepare the stimuli)`);
      const folder = folderActivations(existsSync(join(actDir, spec.name)) ? join(actDir, spec.name) : actDir);
      source = async (layer) => folder.load(layer, data.ids);
      layers = layersFlag ?? folder.layers;
      if (layers.length === 0) throw new UsageError(`whatwhere ${CMD}: no <layer>.npy files in ${actDir}`);
    }
    const r = await scoreNeural(data, { layers, activations: source, ceilingMode, pcaComponents: pca, pcaCache });
    process.stderr.write(`[score] ${spec.name}: layer ${r.layer}, raw r ${r.raw.toFixed(4)}, ceiled ${r.score.toFixed(4)}\n`);
    return { ...r, dataDir, source: model ? { run: model.run, step: model.step } : { activations: optStr(flags, 'activations') }, pcaComponents: pca,
      note: `layer choice on ${pca} PCA components fit on the benchmark stimuli themselves (Brain-Score fits them on ImageNet images)` };
  } finally {
    data.stimuli.close();
  }
}

async function behaviour(spec: BehaviourBenchmarkSpec, dataDir: string, flags: ParsedFlags, model: ModelSource | null): Promise<unknown> {
  const data: BehaviourData = await loadBehaviourBenchmark(spec, dataDir);
  try {
    const exportDir = optStr(flags, 'export-stimuli');
    if (exportDir) {
      const size = num(flags, 'size', CMD, undefined, { integer: true, min: 8 });
      const { ids, images } = behaviourImages(data, { size });
      exportStimuli(join(exportDir, spec.name), ids, images, size, spec.name);
      return null;
    }
    const layer = optStr(flags, 'readout') ?? spec.layer;
    let fit: Activations;
    let test: Activations;
    if (model) {
      const { ids, images } = behaviourImages(data, { size: model.size });
      const all = await resnetActivations(model.model, images, ids.length, model.size)(layer);
      const rowOf = new Map(ids.map((s, i) => [s, i]));
      const take = (want: string[]): Activations => {
        const out = new Float32Array(want.length * all.features);
        want.forEach((s, i) => out.set(all.data.subarray(rowOf.get(s)! * all.features, (rowOf.get(s)! + 1) * all.features), i * all.features));
        return { data: out, features: all.features };
      };
      fit = take(data.fitIds);
      test = take(data.testIds);
    } else {
      const actDir = optStr(flags, 'activations');
      if (!actDir) throw new UsageError(`whatwhere ${CMD}: pass --run DIR or --activations DIR (or --export-stimuli DIR --size N to prepare the stimuli)`);
      const folder = folderActivations(existsSync(join(actDir, spec.name)) ? join(actDir, spec.name) : actDir);
      fit = folder.load(layer, data.fitIds);
      test = folder.load(layer, data.testIds);
    }
    const r = scoreBehaviour(data, fit, test, layer);
    process.stderr.write(`[score] ${spec.name}: ${layer}, raw r ${r.raw.toFixed(4)}, ceiling ${r.ceiling.toFixed(4)}, ceiled ${r.center.toFixed(4)}\n`);
    return { ...r, dataDir, source: model ? { run: model.run, step: model.step } : { activations: optStr(flags, 'activations') } };
  } finally {
    data.fitting.close();
    if (data.test !== data.fitting) data.test.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  const flags = parseOptions(argv, options, CMD);
  const names = str(flags, 'benchmark', CMD).split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!BENCHMARKS[n]) throw new UsageError(`whatwhere ${CMD}: unknown benchmark '${n}' (known: ${Object.keys(BENCHMARKS).join(', ')})`);
  const dataDir = brainscoreDataDir(flags);
  const ceilingMode = str(flags, 'ceiling', CMD, options.ceiling.default);
  if (ceilingMode !== 'squared' && ceilingMode !== 'r2-over-ceiling') throw new UsageError(`whatwhere ${CMD}: --ceiling expected squared or r2-over-ceiling, got '${ceilingMode}'`);
  const pca = num(flags, 'pca', CMD, options.pca.default, { integer: true, min: 1 });
  const runDir = optStr(flags, 'run');
  const checkpointFlag = optStr(flags, 'checkpoint');
  if (checkpointFlag !== undefined && !runDir) throw new UsageError(`whatwhere ${CMD}: --checkpoint needs --run`);
  const scoreAll = async (model: ModelSource | null): Promise<unknown[]> => {
    const results: unknown[] = [];
    // Benchmarks on the same assembly (MajajHong V4 and IT; FreemanZiemba V1 and V2) see the same
    // stimuli: their layer-selection PCA is computed once.
    const pcaCaches = new Map<string, PcaCache>();
    for (const name of names) {
      const spec = benchmark(name);
      if (spec.kind === 'neural' && !pcaCaches.has(spec.assemblyFile)) pcaCaches.set(spec.assemblyFile, new Map());
      const r = spec.kind === 'neural'
        ? await neural(spec, dataDir, flags, model, ceilingMode as CeilingMode, pca, pcaCaches.get(spec.assemblyFile)!)
        : await behaviour(spec, dataDir, flags, model);
      if (r) results.push(r);
    }
    return results;
  };
  const withModel = async (dir: string, step: number | undefined): Promise<unknown[]> => {
    const loaded = loadModel(dir, step);
    process.stderr.write(`[score] ${dir}${step !== undefined ? ` @ step ${step}` : ''}: ${loaded.config.arch} width ${loaded.config.width}, task ${loaded.config.task}, ${loaded.config.size} px input\n`);
    try {
      return await scoreAll({ model: loaded.model, size: loaded.config.size, run: resolve(dir), step });
    } finally {
      disposeResNet(loaded.model);
    }
  };

  if (checkpointFlag === 'all') {
    const outDir = optStr(flags, 'out');
    if (!outDir) throw new UsageError(`whatwhere ${CMD}: --checkpoint all needs --out DIR (one JSON per checkpoint)`);
    const steps = new RunDir(runDir!).checkpoints();
    if (steps.length === 0) throw new Error(`${runDir}: the run keeps no checkpoints to score`);
    await initEngine();
    mkdirSync(outDir, { recursive: true });
    const t0 = Date.now();
    for (const [i, s] of steps.entries()) {
      const file = join(outDir, `${checkpointName(s).replace(/\.npz$/, '')}.json`);
      if (!existsSync(file)) writeAtomic(file, JSON.stringify(await withModel(runDir!, s), null, 2) + '\n');
      const el = (Date.now() - t0) / 1000;
      process.stderr.write(`[score] checkpoint ${i + 1}/${steps.length} (step ${s}) ETA ${Math.round(el / (i + 1) * (steps.length - i - 1))}s\n`);
    }
    writeAtomic(join(outDir, 'DONE'), JSON.stringify({ steps }) + '\n');
    return 0;
  }
  const step = checkpointFlag === undefined ? undefined : num(flags, 'checkpoint', CMD, undefined, { integer: true, min: 0 });
  let results: unknown[];
  if (runDir && !optStr(flags, 'export-stimuli')) {
    await initEngine();
    results = await withModel(runDir, step);
  } else {
    results = await scoreAll(null);
  }
  if (results.length === 0) return 0;
  const json = JSON.stringify(results.length === 1 ? results[0] : results, null, 2);
  const out = optStr(flags, 'out');
  if (out) writeAtomic(out, json + '\n'); else console.log(json); // whole or absent: the paper runner reads it as the job's marker
  return 0;
}
