// Training losses, Appendix B eqs. 1-13 (the printed minus signs on the squared errors are typos:
// the square loss is minimised). Each task loss is a batch mean; a task set's loss is the arithmetic
// mean of its task losses (eqs. 11-13).
import * as tf from '@tensorflow/tfjs';
import { TASK_UNITS, type TaskName, type TaskSet } from './spec.js';
import type { TargetTensors } from './targets.js';

function head(output: tf.Tensor2D, set: TaskSet, task: TaskName): tf.Tensor2D {
  const s = set.slices[task];
  if (!s) throw new Error(`task set '${set.name}' has no '${task}' head`);
  return tf.slice(output, [0, s.start], [-1, s.size]);
}

/** Mean over the batch of the squared error per unit, then mean over units: eqs. 3-10. */
function meanSquaredError(pred: tf.Tensor2D, target: tf.Tensor): tf.Scalar {
  return tf.mean(tf.squaredDifference(pred, target)) as tf.Scalar;
}

/** Eqs. 1-2: mean negative log softmax probability of the true class. */
function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor, classes: number): tf.Scalar {
  const onehot = tf.oneHot(labels as tf.Tensor1D, classes);
  return tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), 1))) as tf.Scalar;
}

/**
 * Per-task losses. Translation (eq. 4) is (L_x + L_y)/2 = the mean over its 2 units; rotation
 * (eqs. 7-10) is (1/3) sum over angles of (1/2)(sin error + cos error) = the mean over its 6 units.
 */
export function taskLosses(output: tf.Tensor2D, targets: TargetTensors, set: TaskSet): Record<string, tf.Scalar> {
  const out: Record<string, tf.Scalar> = {};
  for (const task of set.tasks) {
    const t = targets[task];
    if (!t) throw new Error(`no targets for task '${task}'`);
    const pred = head(output, set, task);
    out[task] = task === 'category' || task === 'identity'
      ? crossEntropy(pred, t, TASK_UNITS[task])
      : meanSquaredError(pred, t);
  }
  return out;
}

/** Eqs. 11-13: arithmetic mean of the task losses. */
export function totalLoss(losses: Record<string, tf.Scalar>): tf.Scalar {
  const values = Object.values(losses);
  return values.length === 1 ? values[0]! : tf.div(tf.addN(values), values.length) as tf.Scalar;
}
