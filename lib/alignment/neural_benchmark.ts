// One public neural benchmark end to end, from the files on disk: read the assembly (region, time
// window), its ceiling from the trials, the stimuli the model must see, the model's activations per
// candidate layer, layer selection, and the ceiled score (Brain-Score NeuralBenchmark.__call__).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { averageRepetitions, readNeuroidAssembly, readStimulusSet, requireFile, stimulusIndex, stimulusLabels, type StimulusSet } from './brainio.js';
import type { NeuralBenchmarkSpec } from './benchmarks.js';
import { ceiledScore, splitHalfCeiling, type CeilingMode, type CeilingResult } from './ceiling.js';
import { selectLayer, type ActivationSource, type LayerScore } from './layer_selection.js';
import { crossRegressedCorrelation, type RegressionScore } from './regression_correlation.js';
import { decodeImage, prepareStimulus, type ModelInput } from './stimuli.js';

export interface NeuralScoreResult {
  benchmark: string;
  region: string;
  stimuli: number;
  neuroids: number;
  /** Raw Pearson r of the committed layer (mean over splits of the median over neuroids). */
  raw: number;
  rawError: number;
  ceiling: number;
  ceilingError: number;
  ceilingMode: CeilingMode;
  score: number;
  layer: string;
  layerScores: LayerScore[];
  perSplit: number[];
}

export interface BenchmarkData {
  spec: NeuralBenchmarkSpec;
  ids: string[];
  /** stimuli x neuroids, repetition-averaged. */
  target: Float64Array;
  neuroids: number;
  labels: string[];
  ceiling: CeilingResult;
  stimuli: StimulusSet;
}

/** Where status lines go; library code never prints, the score and sweep commands pass stderr. */
export type StatusLog = (line: string) => void;
const silent: StatusLog = () => {};

/** Load what a benchmark needs from `dataDir`: assembly, ceiling, labels, stimulus set. */
export async function loadNeuralBenchmark(spec: NeuralBenchmarkSpec, dataDir: string, log: StatusLog = silent): Promise<BenchmarkData> {
  const assyPath = requireFile(spec.assemblyFile, dataDir, `${spec.publishedAt}/${spec.assemblyFile}`);
  const csv = requireFile(spec.stimulusCsv, dataDir, `${spec.publishedAt}/${spec.stimulusCsv}`);
  // The stimulus zip, or the folder it unzips to.
  const unzipped = join(dataDir, spec.stimulusZip.replace(/\.zip$/, ''));
  const images = existsSync(unzipped) && statSync(unzipped).isDirectory() ? unzipped
    : requireFile(spec.stimulusZip, dataDir, `${spec.publishedAt}/${spec.stimulusZip}`);
  const t0 = Date.now();
  const assembly = await readNeuroidAssembly(assyPath, {
    region: spec.region, timeWindow: spec.timeWindow,
    onProgress: (d, n) => { if (n > 50_000 && (d === n || d % 50_000 < 5_000)) log(`[score] ${spec.assemblyFile}: ${d}/${n} presentations`); },
  });
  log(`[score] ${spec.name}: ${assembly.presentations} presentations x ${assembly.neuroids} ${spec.region} neuroids, ${assembly.timeBins.length} time bin(s), read in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const { ids, data } = averageRepetitions(assembly);
  const { index } = stimulusIndex(assembly);
  const repetition = assembly.presentation.repetition;
  if (!repetition) throw new Error(`${assyPath}: no 'repetition' coordinate on presentation (needed for the ceiling)`);
  const ceiling = splitHalfCeiling({ data: assembly.data, neuroids: assembly.neuroids, stimulus: index, stimuli: ids.length, repetition: repetition.map(Number) });
  const stimuli = readStimulusSet(csv, images);
  const known = new Set(stimuli.ids);
  const missing = ids.filter((s) => !known.has(s));
  if (missing.length) throw new Error(`${csv}: ${missing.length} stimuli of the assembly are not in the stimulus set (first: ${missing[0]})`);
  const labels = stimulusLabels(spec.stratify, ids, assembly, stimuli);
  return { spec, ids, target: data, neuroids: assembly.neuroids, labels, ceiling, stimuli };
}

/** The benchmark's stimuli prepared for the model (n x size x size x 3, NHWC). */
export function benchmarkImages(data: BenchmarkData, model: ModelInput): Float32Array {
  const S = model.size;
  const out = new Float32Array(data.ids.length * S * S * 3);
  data.ids.forEach((id, i) => {
    const img = decodeImage(data.stimuli.load(id), `${data.spec.stimulusZip}:${id}`);
    out.set(prepareStimulus(img, data.spec.visualDegrees, model), i * S * S * 3);
  });
  return out;
}

export interface ScoreOptions {
  layers: readonly string[];
  activations: ActivationSource;
  ceilingMode?: CeilingMode;
  pcaComponents?: number;
  /** PCA-reduced activations by layer, shared between benchmarks on the same stimuli. */
  pcaCache?: Map<string, { data: Float64Array; features: number; original: number }>;
  /** Status lines (one per layer scored); default: none. */
  log?: StatusLog;
}

export async function scoreNeural(data: BenchmarkData, opts: ScoreOptions): Promise<NeuralScoreResult> {
  const n = data.ids.length;
  const regress = (source: ArrayLike<number>, features: number): RegressionScore =>
    crossRegressedCorrelation(source, features, data.target, data.neuroids, { stratify: data.labels });
  const t0 = Date.now();
  const mode = opts.ceilingMode ?? 'squared';
  const sel = await selectLayer(opts.layers, n, opts.activations, regress, {
    // Brain-Score's LayerSelection takes the argmax of the ceiled benchmark score
    rank: (s) => ceiledScore(s.center, data.ceiling.center, mode),
    pcaComponents: opts.pcaComponents,
    cache: opts.pcaCache,
    onLayer: (l, i, total) => {
      const el = (Date.now() - t0) / 1000;
      (opts.log ?? silent)(`[score] ${data.spec.name}: layer ${i}/${total} ${l.layer} (${l.scoredFeatures} of ${l.features} features) r=${l.score.toFixed(4)}; ${el.toFixed(0)} s, ETA ${((el / i) * (total - i + 1)).toFixed(0)} s`);
    },
  });
  return {
    benchmark: data.spec.name, region: data.spec.region, stimuli: n, neuroids: data.neuroids,
    raw: sel.final.center, rawError: sel.final.error,
    ceiling: data.ceiling.center, ceilingError: data.ceiling.error, ceilingMode: mode,
    score: ceiledScore(sel.final.center, data.ceiling.center, mode),
    layer: sel.layer, layerScores: sel.layerScores, perSplit: sel.final.perSplit,
  };
}
