// Run directories for models that come from, or go to, PyTorch. An imported run is a finished run
// with no training: config.json (task 'imported', plus where the weights came from), weights.npz,
// DONE. extract/cka/decode/score read it like any other run.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { architecture, createResNet, disposeResNet, isRawMember, readNpz, writeNpzAtomic, writeWeights, type NpzEntries, type ResNet, type ResNetConfig } from '../models/index.js';
import { DEFAULTS, RunDir, type TrainConfig } from '../train/index.js';
import { batchNormNames, type ResNetWeights } from './resnet_layout.js';

export const IMPORTED_TASK = 'imported';

export interface ImportSource {
  from: 'pytorch';
  file: string;
  sha256: string;
  format: 'torch' | 'safetensors';
  /** Checkpoint entry that held the state_dict ('' = the file's top level). */
  entry: string;
  numBatchesTracked: Record<string, number>;
}

export type ImportedConfig = TrainConfig & { source: ImportSource };

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Writes (or, given the same file and options, recognises) an imported run; returns 'new' or 'existing'. */
export function writeImportedRun(out: string, w: ResNetWeights, size: number, source: ImportSource): 'new' | 'existing' {
  const config: ImportedConfig = {
    format: 1, arch: w.config.arch, width: w.config.width, size, task: IMPORTED_TASK, outputs: w.config.numOutputs,
    steps: 0, batch: DEFAULTS.batch, lr: DEFAULTS.lr, seed: 0, evalEvery: DEFAULTS.evalEvery, valN: DEFAULTS.valN,
    checkpointEvery: DEFAULTS.checkpointEvery, patience: 0, minDelta: 0, data: null, val: null, source,
  };
  const run = new RunDir(out);
  const state = run.claim(config);
  if (state === 'existing' && run.isDone()) return 'existing';
  const entries: NpzEntries = new Map();
  for (const p of architecture(w.config).params) entries.set(p.name, { dtype: '<f4', shape: p.shape, data: w.values.get(p.name)! });
  writeNpzAtomic(run.weightsFile, entries);
  run.markDone({ step: 0, reason: IMPORTED_TASK });
  return state;
}

/** A run's weights (final, or a kept checkpoint's) in lib/models layout, with each BN's update count. */
export function readRunWeights(dir: string, step?: number): ResNetWeights & { run: TrainConfig } {
  const run = new RunDir(dir);
  if (!existsSync(run.configFile)) throw new Error(`${dir}: not a run directory (no config.json)`);
  const config = JSON.parse(readFileSync(run.configFile, 'utf8')) as TrainConfig & { source?: ImportSource };
  const model: ResNetConfig = { arch: config.arch, width: config.width, numOutputs: config.outputs };
  let file: string, prefix: string, updates: number;
  if (step === undefined) {
    if (!run.isDone() || !existsSync(run.weightsFile)) throw new Error(`${dir}: run not finished (no DONE/weights.npz); finish it with 'whatwhere train' or pass --checkpoint STEP`);
    [file, prefix, updates] = [run.weightsFile, '', run.readDone().step];
  } else {
    file = run.checkpointFile(step);
    if (!existsSync(file)) throw new Error(`${file}: no checkpoint at step ${step} (kept steps: ${run.checkpoints().join(', ') || 'none'})`);
    [prefix, updates] = ['model/', step];
  }
  const entries = readNpz(file);
  const values = new Map<string, Float32Array>();
  const a = architecture(model);
  for (const p of a.params) {
    const e = entries.get(prefix + p.name);
    if (e === undefined || isRawMember(e) || e.dtype !== '<f4' || e.shape.join('x') !== p.shape.join('x')) {
      throw new Error(`${file}: tensor '${prefix}${p.name}' missing or not float32 [${p.shape.join(', ')}]`);
    }
    values.set(p.name, e.data as Float32Array);
  }
  // Training updates every BN's running statistics once per step; imported runs keep the file's counts.
  const numBatchesTracked = config.source?.numBatchesTracked ?? Object.fromEntries(batchNormNames(a).map((bn) => [bn, updates]));
  return { config: model, values, numBatchesTracked, run: config };
}

/** A tfjs model holding `w` (caller disposes). */
export function modelFromWeights(w: ResNetWeights, source: string): ResNet {
  const m = createResNet(w.config, 0);
  try {
    writeWeights(m, w.values, source);
  } catch (err) {
    disposeResNet(m);
    throw err;
  }
  return m;
}
