// A run that diverged but stayed finite (say --lr 1e6: held-out loss 1e41) must not end as DONE.
// At each evaluation the loss (held-out when there is a validation set, else training) and the RMS of
// the trainable weights are compared with their first values in this run; far above either one stops
// the run with one line and a non-zero exit. The thresholds are far from anything healthy training does:
// a fresh ResNet starts at its highest loss, and Adam moves weights by about lr per step.
import * as tf from '@tensorflow/tfjs';
import type { ResNet } from '../models/index.js';

/** Stop when the loss exceeds LOSS_FACTOR x its first value, or the weight RMS WEIGHT_FACTOR x its first. */
export const LOSS_FACTOR = 100;
export const WEIGHT_FACTOR = 1000;

/** First values of the run (kept in the checkpoint's state, so a resumed run compares with the same). */
export interface DivergenceBaseline {
  loss?: { value: number; step: number };
  weightRms?: { value: number; step: number };
}

export class DivergedError extends Error {}

/** Root mean square over every trainable parameter. */
export function weightRms(model: ResNet): number {
  let sumSq = 0, count = 0;
  for (const name of model.trainable) {
    const v = model.vars.get(name)!;
    sumSq += tf.tidy(() => tf.sum(tf.square(v)).dataSync()[0]!);
    count += v.size;
  }
  return Math.sqrt(sumSq / Math.max(1, count));
}

/**
 * Records the first values, then throws DivergedError when the run has diverged. `row` is the metrics
 * row of this evaluation (step, train_loss, val_loss when there is a validation set); `where` names the
 * run directory in the message.
 */
export function checkDivergence(baseline: DivergenceBaseline, row: Record<string, number | undefined>, model: ResNet, where: string): void {
  const step = row.step ?? 0;
  const rms = weightRms(model);
  const stop = (what: string) => {
    throw new DivergedError(`${where}: diverged at step ${step}: ${what}; the run is not marked done. ` +
      'Lower --lr (or check the data) and start it again in a fresh --out');
  };
  if (!Number.isFinite(rms)) stop(`the weights are not finite (RMS ${rms})`);
  baseline.weightRms ??= { value: rms, step };
  if (rms > WEIGHT_FACTOR * baseline.weightRms.value) {
    stop(`weight RMS ${rms.toPrecision(3)} is over ${WEIGHT_FACTOR}x its value ${baseline.weightRms.value.toPrecision(3)} at step ${baseline.weightRms.step}`);
  }
  // held-out loss when evaluated (NaN there is divergence); else the training loss (NaN: no steps yet)
  const held = 'val_loss' in row;
  const loss = held ? row.val_loss! : row.train_loss ?? Number.NaN;
  if (!held && Number.isNaN(loss)) return;
  if (!Number.isFinite(loss)) stop(`the ${held ? 'held-out' : 'training'} loss is ${loss}`);
  baseline.loss ??= { value: loss, step };
  if (loss > LOSS_FACTOR * baseline.loss.value) {
    stop(`${held ? 'held-out' : 'training'} loss ${loss.toPrecision(3)} is over ${LOSS_FACTOR}x its value ${baseline.loss.value.toPrecision(3)} at step ${baseline.loss.step}`);
  }
}
