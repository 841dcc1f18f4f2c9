// One optimisation step: forward in training mode, the task-set loss (Appendix B), gradients of every
// trainable parameter, an Adam update, then the BatchNorm running statistics. A non-finite loss
// changes nothing (no update, no new running statistics) and is reported to the caller.
//
// Where the backend can trace (torch), the forward and backward pass (up to the gradients and the new
// running statistics) is recorded on the first two steps of each batch shape and, once both recordings
// agree, replayed in one native call (lib/engine/trace.ts): the same ATen calls in the same order, so
// results are bit-identical to the eager path, without tfjs's per-kernel dispatch, tape and clones.
// Inference (inferOutput) is replayed the same way. WHATWHERE_TRACE=0 turns traces off.
import * as tf from '@tensorflow/tfjs';
import { ReplayCache } from '../engine/trace.js';
import { assignRunningStats, foldedRunningStats, forward, type BnBatchStats, type ResNet, type RunningStats } from '../models/index.js';
import { targetTensors, taskLosses, totalLoss, type Targets, type TaskSet } from '../tasks/index.js';
import type { Adam } from './adam.js';

export class NonFiniteLossError extends Error {
  constructor(readonly loss: number, message: string) { super(message); }
}

/**
 * The forward/backward pass of one step: the loss, one gradient per trainable, and the running statistics with
 * this batch's folded in (new tensors, assigned only once the loss is known to be finite).
 */
interface Pass {
  value: tf.Scalar;
  grads: tf.Tensor[];
  running: RunningStats;
}

/** Per model: its traced passes (one per batch shape and task set, and inference), dropped with the model. */
const caches = new WeakMap<ResNet, ReplayCache<string[]>>();
const dropCaches = new FinalizationRegistry<ReplayCache<string[]>>((c) => c.dispose());

function cacheOf(model: ResNet): ReplayCache<string[]> {
  let c = caches.get(model);
  if (!c) {
    c = new ReplayCache<string[]>();
    caches.set(model, c);
    dropCaches.register(model, c);
  }
  return c;
}

/** How the training steps of this model ran, per batch shape: replayed, recording, or eager and why. */
export function stepTraceStatus(model: ResNet): string[] {
  return caches.get(model)?.status() ?? [];
}

function eagerPass(model: ResNet, set: TaskSet, x: tf.Tensor4D, tt: ReturnType<typeof targetTensors>, vars: tf.Variable[],
  stats: BnBatchStats[]): Pass {
  const { value, grads } = tf.variableGrads(() => {
    const out = forward(model, x, { training: true, bnStats: stats }).output!;
    return totalLoss(taskLosses(out, tt, set));
  }, vars);
  const g = vars.map((v) => grads[v.name]!);
  try {
    return { value, grads: g, running: foldedRunningStats(model, stats) };
  } catch (err) {
    tf.dispose([value, ...g]);
    throw err;
  }
}

/** The pass, replayed from a trace where two recordings agreed, else run eagerly (and recorded). */
function pass(model: ResNet, set: TaskSet, x: tf.Tensor4D, tt: ReturnType<typeof targetTensors>, vars: tf.Variable[],
  stats: BnBatchStats[]): Pass {
  const targets = Object.keys(tt).sort() as (keyof typeof tt)[];
  // Every model variable is a parameter, not only the trainable ones: the running statistics are read by the
  // fold, and one the pass reads but does not train (a frozen layer) would otherwise be captured as recorded.
  const trained = new Set<tf.Tensor>(vars);
  const others = [...model.vars.values()].filter((v) => !trained.has(v));
  const params: tf.Tensor[] = [x, ...targets.map((k) => tt[k]!), ...vars, ...others];
  const key = `${tf.getBackend()} train ${x.shape.join('x')} ${targets.join(',')} ${vars.length}`;
  let eager: Pass | undefined;
  const { outputs: out, meta: names } = cacheOf(model).run(key, params, () => {
    eager = eagerPass(model, set, x, tt, vars, stats);
    return { outputs: [eager.value, ...eager.grads, ...eager.running.means, ...eager.running.vars], meta: eager.running.names };
  });
  if (eager) return eager;
  const n = vars.length;
  const k = names.length;
  return {
    value: out[0] as tf.Scalar,
    grads: out.slice(1, 1 + n),
    running: { names, means: out.slice(1 + n, 1 + n + k) as tf.Tensor1D[], vars: out.slice(1 + n + k) as tf.Tensor1D[] },
  };
}

/**
 * The model's output in eval mode (BatchNorm running statistics) for model-sized NHWC images, replayed from a
 * trace where the backend can (as training steps are): a new tensor the caller disposes.
 */
export function inferOutput(model: ResNet, x: tf.Tensor4D): tf.Tensor2D {
  const vars = [...model.vars.values()];
  const key = `${tf.getBackend()} infer ${x.shape.join('x')} ${vars.length}`;
  const { outputs } = cacheOf(model).run(key, [x, ...vars], () => ({ outputs: [tf.tidy(() => forward(model, x).output!)], meta: [] as string[] }));
  return outputs[0] as tf.Tensor2D;
}

/** Runs one step on `x` (model-sized NHWC images) at learning rate `lr` (default: Adam's); returns the batch loss. */
export function trainStep(model: ResNet, adam: Adam, set: TaskSet, x: tf.Tensor4D, targets: Targets, lr?: number): number {
  const vars = model.trainable.map((n) => model.vars.get(n)!);
  const tt = targetTensors(targets, set);
  const eagerStats: BnBatchStats[] = []; // filled as the eager forward runs, so a throw still frees them
  let p: Pass | undefined;
  let assigned = false;
  try {
    p = pass(model, set, x, tt, vars, eagerStats);
    const loss = p.value.dataSync()[0]!;
    if (!Number.isFinite(loss)) throw new NonFiniteLossError(loss, `training loss is ${loss}`);
    const byName = new Map(model.trainable.map((n, i) => [n, p!.grads[i]!]));
    adam.apply(model.vars, byName, lr);
    assignRunningStats(model, p.running);
    assigned = true;
    return loss;
  } finally {
    if (p) {
      p.value.dispose();
      for (const g of p.grads) g.dispose();
      if (!assigned) tf.dispose([...p.running.means, ...p.running.vars]);
    }
    for (const s of eagerStats) { s.mean.dispose(); s.variance.dispose(); } // left only if the forward threw
    for (const t of Object.values(tt)) t?.dispose();
  }
}
