// Checkpoints: one .npz holding everything a run needs to continue bit-identically:
//   model/<name>     every parameter and BN running statistic (float32)
//   adam/m/<name>, adam/v/<name>   Adam moments
//   state.json       step, Adam step, RNG (seed; data order is a pure function of (seed, step)),
//                    data position, plateau tracker and the train-loss accumulator of the open metrics row.
// Written atomically (temp + fsync + rename); CRC-checked on read, so a damaged file is reported.
import { createHash } from 'node:crypto';
import { isRawMember, loadWeightEntries, readNpz, weightEntries, writeNpzAtomic, type NpzEntries, type ResNet } from '../models/index.js';
import type { Adam } from './adam.js';
import type { TrainConfig } from './config.js';
import type { DivergenceBaseline } from './divergence.js';

export interface TrainState {
  format: 1;
  /** Completed optimisation steps. */
  step: number;
  adamStep: number;
  rng: { seed: number };
  /** The next batch is Dataset.batchAt(nextStep, batch, seed). */
  data: { nextStep: number; batch: number; seed: number };
  plateau: { best: number | null; bad: number };
  /** Running sum/count of training losses since the last metrics row (float64). */
  trainLoss: { sum: number; count: number };
  /** Set when the run ended early (plateau): a resume then only finishes the run directory. */
  stopReason?: string;
  /** First loss and weight RMS of the run, for the divergence check (lib/train/divergence.ts). */
  divergence?: DivergenceBaseline;
  configSha256: string;
}

export function configHash(c: TrainConfig): string {
  return createHash('sha256').update(JSON.stringify(c)).digest('hex');
}

export function saveCheckpoint(file: string, model: ResNet, adam: Adam, state: TrainState): void {
  const entries: NpzEntries = weightEntries(model, 'model/');
  const s = adam.state();
  for (const name of model.trainable) {
    const shape = model.arch.params.find((p) => p.name === name)!.shape;
    entries.set(`adam/m/${name}`, { dtype: '<f4', shape, data: s.m.get(name)! });
    entries.set(`adam/v/${name}`, { dtype: '<f4', shape, data: s.v.get(name)! });
  }
  entries.set('state.json', Buffer.from(JSON.stringify(state)));
  writeNpzAtomic(file, entries);
}

/** Restores model and optimiser from `file`; throws a message naming the file on any damage or mismatch. */
export function loadCheckpoint(file: string, model: ResNet, adam: Adam, config: TrainConfig): TrainState {
  const entries = readNpz(file);
  const raw = entries.get('state.json');
  if (!isRawMember(raw)) throw new Error(`${file}: no state.json member`);
  const state = JSON.parse(raw.toString('utf8')) as TrainState;
  if (state.configSha256 !== configHash(config)) throw new Error(`${file}: written for a different config.json`);
  loadWeightEntries(model, entries, file, 'model/');
  const get = (k: string) => {
    const e = entries.get(k);
    if (!e || isRawMember(e)) throw new Error(`${file}: missing tensor '${k}'`);
    return e.data as Float32Array;
  };
  adam.load({
    step: state.adamStep,
    m: new Map(model.trainable.map((n) => [n, get(`adam/m/${n}`)])),
    v: new Map(model.trainable.map((n) => [n, get(`adam/v/${n}`)])),
  }, file);
  return state;
}
