// Rajalingham2018public-i2n from the files on disk (Brain-Score benchmarks/rajalingham2018): a
// logistic readout of one layer (the paper: avgpool) is fit on the fitting stimuli's `image_label`s,
// predicts object probabilities for the test images, and i2n compares the model's normalised d'
// with the human trials (BehavioralAssembly: one presentation per trial; the chosen object, the
// image's object (truth, or sample_obj), the distractor (dist_obj)).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readStimulusSet, requireFile, type StimulusSet } from './brainio.js';
import type { BehaviourBenchmarkSpec } from './benchmarks.js';
import { i2n, responseMatrixFromProbabilities, type I2nResult, type Trials } from './i2n.js';
import type { Activations } from './layer_selection.js';
import { fitReadout, READOUT_C } from './logistic.js';
import { NetcdfFile } from './netcdf.js';
import { decodeImage, prepareStimulus, type ModelInput } from './stimuli.js';

/** Read human trials from a brainio BehavioralAssembly NetCDF4 file. */
export async function readTrials(path: string): Promise<Trials> {
  const nc = await NetcdfFile.open(path);
  try {
    const coordNames = new Set(nc.coordinatesOn('presentation'));
    const onPresentation = [...nc.variables.values()].filter((v) => coordNames.has(v.name));
    const get = (...names: string[]): string[] | null => {
      for (const n of names) if (nc.variables.has(n) && onPresentation.some((v) => v.name === n)) return nc.coord(n).map(String);
      return null;
    };
    // The assembly's values are the choices; files also carry them as a `choice` coordinate. The data
    // variable is the one that lists its coordinates (xarray writes that attribute on it).
    let choice = get('choice');
    if (!choice) {
      const dataVar = onPresentation.find((v) => v.name === 'data' || v.name === '__xarray_dataarray_variable__')
        ?? onPresentation.find((v) => typeof v.attrs.coordinates === 'string');
      if (dataVar) choice = nc.coord(dataVar.name).map(String);
    }
    const stimulus = get('stimulus_id', 'image_id');
    const truth = get('truth', 'sample_obj');
    const distractor = get('dist_obj', 'distractor');
    const missing = [['choice', choice], ['stimulus_id (or image_id)', stimulus], ['truth (or sample_obj)', truth], ['dist_obj', distractor]]
      .filter(([, v]) => !v).map(([n]) => n);
    if (missing.length) throw new Error(`${path}: not a behavioural assembly: no ${missing.join(', ')} on presentation`);
    // Drop trials without a recorded choice.
    const keep = choice!.map((c, i) => (c !== '' && c !== 'nan' ? i : -1)).filter((i) => i >= 0);
    const pick = (xs: string[]): string[] => keep.map((i) => xs[i]);
    return { stimulus: pick(stimulus!), truth: pick(truth!), distractor: pick(distractor!), choice: pick(choice!) };
  } finally {
    nc.close();
  }
}

export interface BehaviourData {
  spec: BehaviourBenchmarkSpec;
  trials: Trials;
  /** Test images: the distinct stimuli of the trials (sorted) and their objects. */
  testIds: string[];
  testTruth: string[];
  fitting: StimulusSet;
  fitIds: string[];
  fitLabels: string[];
  test: StimulusSet;
}

function imagesPath(dataDir: string, zip: string, publishedAt: string): string {
  const unzipped = join(dataDir, zip.replace(/\.zip$/, ''));
  return existsSync(unzipped) && statSync(unzipped).isDirectory() ? unzipped : requireFile(zip, dataDir, `${publishedAt}/${zip}`);
}

export async function loadBehaviourBenchmark(spec: BehaviourBenchmarkSpec, dataDir: string, log: (line: string) => void = () => {}): Promise<BehaviourData> {
  const assy = requireFile(spec.assemblyFile, dataDir, `${spec.publishedAt}/${spec.assemblyFile}`);
  const trials = await readTrials(assy);
  const truthOf = new Map<string, string>();
  trials.stimulus.forEach((s, i) => truthOf.set(s, trials.truth[i]));
  const testIds = [...truthOf.keys()].sort();
  const fitCsv = requireFile(spec.fittingCsv, dataDir, `${spec.publishedAt}/${spec.fittingCsv}`);
  const fitting = readStimulusSet(fitCsv, imagesPath(dataDir, spec.fittingZip, spec.publishedAt));
  // ProbabilitiesMapping fits on the `image_label` column; object_name carries the same objects.
  const labels = fitting.columns.image_label ?? fitting.columns.object_name;
  if (!labels) throw new Error(`${fitCsv}: no image_label (or object_name) column (the objects the readout is fit on)`);
  const testCsv = requireFile(spec.stimulusCsv, dataDir, `${spec.publishedAt}/${spec.stimulusCsv}`);
  const test = testCsv === fitCsv ? fitting : readStimulusSet(testCsv, imagesPath(dataDir, spec.stimulusZip, spec.publishedAt));
  const known = new Set(test.ids);
  const missing = testIds.filter((s) => !known.has(s));
  if (missing.length) throw new Error(`${testCsv}: ${missing.length} stimuli with human trials are not in the stimulus set (first: ${missing[0]})`);
  log(`[score] ${spec.name}: ${trials.stimulus.length} trials on ${testIds.length} images; readout fit on ${fitting.ids.length} images`);
  return { spec, trials, testIds, testTruth: testIds.map((s) => truthOf.get(s)!), fitting, fitIds: fitting.ids, fitLabels: labels, test };
}

/** Every image the model must see (fitting first, then test images not among them), prepared. */
export function behaviourImages(data: BehaviourData, model: ModelInput): { ids: string[]; images: Float32Array } {
  const ids = [...data.fitIds, ...data.testIds.filter((s) => !new Set(data.fitIds).has(s))];
  const S = model.size;
  const images = new Float32Array(ids.length * S * S * 3);
  const fitSet = new Set(data.fitIds);
  ids.forEach((id, i) => {
    const set = fitSet.has(id) ? data.fitting : data.test;
    images.set(prepareStimulus(decodeImage(set.load(id), id), data.spec.visualDegrees, model), i * S * S * 3);
  });
  return { ids, images };
}

export interface BehaviourScoreResult extends I2nResult {
  benchmark: string;
  layer: string;
  ceiledScore: number;
  images: number;
  trials: number;
  classes: string[];
}

/** Score from `layer` activations of the fitting images (rows = fitIds) and test images (rows = testIds). */
export function scoreBehaviour(data: BehaviourData, fit: Activations, test: Activations, layer: string, C = READOUT_C): BehaviourScoreResult {
  if (fit.features !== test.features) throw new Error(`i2n: fitting activations have ${fit.features} features, test ${test.features}`);
  const r = fitReadout(fit.data, data.fitLabels, test.data, data.testIds.length, fit.features, C);
  const model = responseMatrixFromProbabilities(data.testIds, data.testTruth, r.classes, r.proba);
  const res = i2n(model, data.trials);
  return { ...res, benchmark: data.spec.name, layer, ceiledScore: res.center, images: data.testIds.length, trials: data.trials.stimulus.length, classes: r.classes };
}
