// Scoring a model on Brain-Score public benchmarks (what `whatwhere score` runs): activations come
// from a whatwhere run (its final weights or one kept checkpoint) run on each benchmark's stimuli, or
// from a folder of per-layer .npy computed elsewhere on the exported stimuli. Neural benchmarks: PLS,
// ceiling and layer selection; behavioural ones: the i2n readout.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeAtomic } from '../atomic.js';
import { readNpy, writeNpy } from '../npy.js';
import { initEngine } from '../engine/index.js';
import { createResNet, disposeResNet, loadWeightEntries, readNpz, type ResNet } from '../models/index.js';
import { loadRun, RunDir, type TrainConfig } from '../train/index.js';
import { checkpointName } from '../train/run_dir.js';
import { behaviourImages, loadBehaviourBenchmark, scoreBehaviour, type BehaviourData } from './behaviour_benchmark.js';
import { benchmark, type BehaviourBenchmarkSpec, type NeuralBenchmarkSpec } from './benchmarks.js';
import type { CeilingMode } from './ceiling.js';
import type { ActivationSource, Activations } from './layer_selection.js';
import { candidateLayers, resnetActivations } from './model_activations.js';
import { benchmarkImages, loadNeuralBenchmark, scoreNeural } from './neural_benchmark.js';

/** A problem with what the caller passed (a folder without ids or layers): the CLI reports it as a usage error. */
export class ScoreInputError extends Error {}

/** A loaded model, the input side it expects and where it came from. */
export interface ModelSource { model: ResNet; size: number; run: string; step?: number }

/** Where activations come from: a model run on the stimuli, or a folder (per benchmark: DIR/<name>/ when present). */
export type ActivationInput = { model: ModelSource } | { folder: string };

export interface ScoreSettings {
  /** Folder holding the Brain-Score files. */
  dataDir: string;
  ceilingMode: CeilingMode;
  /** PCA components of the layer choice. */
  pca: number;
  /** Neural benchmarks' candidate layers (default: every tap but maxpool, or every .npy of the folder). */
  layers?: string[];
  /** Behavioural benchmarks' readout layer (default: the benchmark's). */
  readout?: string;
  /** Progress lines (without newline). */
  log: (line: string) => void;
}

/** Layers stored in an activations folder, rows realigned to `ids`. */
export function folderActivations(dir: string): { layers: string[]; rows: string[]; load(layer: string, ids: readonly string[]): Activations } {
  const idFile = join(dir, 'stimulus_ids.txt');
  if (!existsSync(idFile)) throw new ScoreInputError(`${idFile} missing; expected one stimulus id per line giving the row order of the .npy files`);
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

/** Writes each benchmark's stimuli (stimuli.npy NHWC, stimulus_ids.txt) under outDir/<name>/ for another framework. */
export async function exportBenchmarkStimuli(names: readonly string[], dataDir: string, outDir: string, size: number,
  log: (line: string) => void): Promise<void> {
  for (const name of names) {
    const spec = benchmark(name);
    const dir = join(outDir, spec.name);
    if (spec.kind === 'neural') {
      const data = await loadNeuralBenchmark(spec, dataDir, log);
      try {
        log(neuralSummary(spec, data));
        writeStimuli(dir, data.ids, benchmarkImages(data, { size }), size, spec.name, log);
      } finally {
        data.stimuli.close();
      }
    } else {
      const data = await loadBehaviourBenchmark(spec, dataDir, log);
      try {
        const { ids, images } = behaviourImages(data, { size });
        writeStimuli(dir, ids, images, size, spec.name, log);
      } finally {
        closeBehaviour(data);
      }
    }
  }
}

/** Scores every benchmark in `names` (in order). Benchmarks on the same assembly (MajajHong V4 and IT;
 * FreemanZiemba V1 and V2) see the same stimuli: their layer-selection PCA is computed once. */
export async function scoreBenchmarks(names: readonly string[], input: ActivationInput, s: ScoreSettings): Promise<unknown[]> {
  const results: unknown[] = [];
  const pcaCaches = new Map<string, PcaCache>();
  for (const name of names) {
    const spec = benchmark(name);
    if (spec.kind === 'neural') {
      if (!pcaCaches.has(spec.assemblyFile)) pcaCaches.set(spec.assemblyFile, new Map());
      results.push(await scoreNeuralBenchmark(spec, input, s, pcaCaches.get(spec.assemblyFile)!));
    } else {
      results.push(await scoreBehaviourBenchmark(spec, input, s));
    }
  }
  return results;
}

/** Loads a run (or one of its checkpoints), scores it on `names` and frees it. */
export async function scoreRun(runDir: string, step: number | undefined, names: readonly string[], s: ScoreSettings): Promise<unknown[]> {
  await initEngine();
  const loaded = loadModel(runDir, step);
  const { config } = loaded;
  s.log(`[score] ${runDir}${step !== undefined ? ` @ step ${step}` : ''}: ${config.arch} width ${config.width}, task ${config.task}, ${config.size} px input`);
  try {
    return await scoreBenchmarks(names, { model: { model: loaded.model, size: config.size, run: resolve(runDir), step } }, s);
  } finally {
    disposeResNet(loaded.model);
  }
}

/** Scores every kept checkpoint of a run into outDir/step-NNNNNNNN.json (resumable: existing files are
 * kept), then writes outDir/DONE listing the steps (Fig 3, C.7). */
export async function scoreCheckpoints(runDir: string, names: readonly string[], outDir: string, s: ScoreSettings): Promise<number[]> {
  const steps = new RunDir(runDir).checkpoints();
  if (steps.length === 0) throw new Error(`${runDir}: the run keeps no checkpoints to score`);
  await initEngine();
  mkdirSync(outDir, { recursive: true });
  const t0 = Date.now();
  for (const [i, step] of steps.entries()) {
    const file = join(outDir, `${checkpointName(step).replace(/\.npz$/, '')}.json`);
    if (!existsSync(file)) writeAtomic(file, JSON.stringify(await scoreRun(runDir, step, names, s), null, 2) + '\n');
    const el = (Date.now() - t0) / 1000;
    s.log(`[score] checkpoint ${i + 1}/${steps.length} (step ${step}) ETA ${Math.round(el / (i + 1) * (steps.length - i - 1))}s`);
  }
  writeAtomic(join(outDir, 'DONE'), JSON.stringify({ steps }) + '\n');
  return steps;
}

type PcaCache = Map<string, { data: Float64Array; features: number; original: number }>;

function neuralSummary(spec: NeuralBenchmarkSpec, data: Awaited<ReturnType<typeof loadNeuralBenchmark>>): string {
  return `[score] ${spec.name}: ${data.ids.length} stimuli, ${data.neuroids} neuroids, ceiling ${data.ceiling.center.toFixed(4)} +- ${data.ceiling.error.toFixed(4)}`;
}

function writeStimuli(dir: string, ids: string[], images: Float32Array, size: number, name: string, log: (line: string) => void): void {
  mkdirSync(dir, { recursive: true });
  writeNpy(join(dir, 'stimuli.npy'), images, [ids.length, size, size, 3]);
  writeFileSync(join(dir, 'stimulus_ids.txt'), ids.join('\n') + '\n');
  log(`[score] ${name}: wrote ${dir}/stimuli.npy (${ids.length} x ${size} x ${size} x 3, NHWC, ImageNet-normalised) and stimulus_ids.txt`);
}

function closeBehaviour(data: BehaviourData): void {
  data.fitting.close();
  if (data.test !== data.fitting) data.test.close();
}

/** The folder for one benchmark: DIR/<name>/ when present, else DIR. */
function benchmarkFolder(dir: string, name: string): ReturnType<typeof folderActivations> {
  return folderActivations(existsSync(join(dir, name)) ? join(dir, name) : dir);
}

/** Where the result says its activations came from. */
function sourceOf(input: ActivationInput): { run: string; step?: number } | { activations: string } {
  return 'model' in input ? { run: input.model.run, step: input.model.step } : { activations: input.folder };
}

async function scoreNeuralBenchmark(spec: NeuralBenchmarkSpec, input: ActivationInput, s: ScoreSettings, pcaCache: PcaCache): Promise<unknown> {
  const data = await loadNeuralBenchmark(spec, s.dataDir, s.log);
  try {
    s.log(neuralSummary(spec, data));
    let layers: string[];
    let source: ActivationSource;
    if ('model' in input) {
      const { model, size } = input.model;
      source = resnetActivations(model, benchmarkImages(data, { size }), data.ids.length, size);
      layers = s.layers ?? candidateLayers(model);
    } else {
      const folder = benchmarkFolder(input.folder, spec.name);
      source = async (layer) => folder.load(layer, data.ids);
      layers = s.layers ?? folder.layers;
      if (layers.length === 0) throw new ScoreInputError(`no <layer>.npy files in ${input.folder}`);
    }
    const r = await scoreNeural(data, { layers, activations: source, ceilingMode: s.ceilingMode, pcaComponents: s.pca, pcaCache, log: s.log });
    s.log(`[score] ${spec.name}: layer ${r.layer}, raw r ${r.raw.toFixed(4)}, ceiled ${r.score.toFixed(4)}`);
    return { ...r, dataDir: s.dataDir, source: sourceOf(input), pcaComponents: s.pca,
      note: `layer choice on ${s.pca} PCA components fit on the benchmark stimuli themselves (Brain-Score fits them on ImageNet images)` };
  } finally {
    data.stimuli.close();
  }
}

async function scoreBehaviourBenchmark(spec: BehaviourBenchmarkSpec, input: ActivationInput, s: ScoreSettings): Promise<unknown> {
  const data = await loadBehaviourBenchmark(spec, s.dataDir, s.log);
  try {
    const layer = s.readout ?? spec.layer;
    const { fit, test } = 'model' in input ? await modelReadout(data, input.model, layer) : folderReadout(data, input.folder, spec.name, layer);
    const r = scoreBehaviour(data, fit, test, layer);
    s.log(`[score] ${spec.name}: ${layer}, raw r ${r.raw.toFixed(4)}, ceiling ${r.ceiling.toFixed(4)}, ceiled ${r.center.toFixed(4)}`);
    return { ...r, dataDir: s.dataDir, source: sourceOf(input) };
  } finally {
    closeBehaviour(data);
  }
}

/** The readout layer's activations of the fitting and test stimuli, from the model. */
async function modelReadout(data: BehaviourData, m: ModelSource, layer: string): Promise<{ fit: Activations; test: Activations }> {
  const { ids, images } = behaviourImages(data, { size: m.size });
  const all = await resnetActivations(m.model, images, ids.length, m.size)(layer);
  const rowOf = new Map(ids.map((id, i) => [id, i]));
  const take = (want: string[]): Activations => {
    const out = new Float32Array(want.length * all.features);
    want.forEach((id, i) => out.set(all.data.subarray(rowOf.get(id)! * all.features, (rowOf.get(id)! + 1) * all.features), i * all.features));
    return { data: out, features: all.features };
  };
  return { fit: take(data.fitIds), test: take(data.testIds) };
}

function folderReadout(data: BehaviourData, dir: string, name: string, layer: string): { fit: Activations; test: Activations } {
  const folder = benchmarkFolder(dir, name);
  return { fit: folder.load(layer, data.fitIds), test: folder.load(layer, data.testIds) };
}
