// One optimisation step: forward in training mode, the task-set loss (Appendix B), gradients of every
// trainable parameter, an Adam update, then the BatchNorm running statistics. A non-finite loss
// changes nothing (no update, no running-stat fold) and is reported to the caller.
import * as tf from '@tensorflow/tfjs';
import { applyBatchStats, forward, type BnBatchStats, type ResNet } from '../models/index.js';
import { targetTensors, taskLosses, totalLoss, type Targets, type TaskSet } from '../tasks/index.js';
import type { Adam } from './adam.js';

export class NonFiniteLossError extends Error {
  constructor(readonly loss: number, message: string) { super(message); }
}

/** Runs one step on `x` (model-sized NHWC images) at learning rate `lr` (default: Adam's); returns the batch loss. */
export function trainStep(model: ResNet, adam: Adam, set: TaskSet, x: tf.Tensor4D, targets: Targets, lr?: number): number {
  const stats: BnBatchStats[] = [];
  const vars = model.trainable.map((n) => model.vars.get(n)!);
  const tt = targetTensors(targets, set);
  let value: tf.Scalar | undefined;
  let grads: tf.NamedTensorMap | undefined;
  try {
    ({ value, grads } = tf.variableGrads(() => {
      const out = forward(model, x, { training: true, bnStats: stats }).output!;
      return totalLoss(taskLosses(out, tt, set));
    }, vars));
    const loss = value.dataSync()[0]!;
    if (!Number.isFinite(loss)) throw new NonFiniteLossError(loss, `training loss is ${loss}`);
    const byName = new Map(model.trainable.map((n, i) => [n, grads![vars[i]!.name]!]));
    adam.apply(model.vars, byName, lr);
    applyBatchStats(model, stats);
    return loss;
  } finally {
    value?.dispose();
    if (grads) for (const g of Object.values(grads)) g.dispose();
    for (const t of Object.values(tt)) t?.dispose();
    for (const s of stats) { s.mean.dispose(); s.variance.dispose(); }
  }
}
