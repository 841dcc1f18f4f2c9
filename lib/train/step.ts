// One optimisation step: forward in training mode, the task-set loss (Appendix B), gradients of every
// trainable parameter, an Adam update, then the BatchNorm running statistics. A non-finite loss
// changes nothing (no update, no running-stat fold) and is reported to the caller.
//
// Where the backend can trace (torch), the forward and backward pass (everything up to the gradients)
// is recorded on the first two steps of each batch shape and, once both recordings agree, replayed in
// one native call: the same ATen calls in the same order, so results are bit-identical to the eager
// path, without tfjs's per-kernel dispatch, tape and clones (issue 14). WHATWHERE_TRACE=0 turns it off.
import * as tf from '@tensorflow/tfjs';
import { startTrace, type Trace } from '../engine/trace.js';
import { applyBatchStats, forward, type BnBatchStats, type ResNet } from '../models/index.js';
import { targetTensors, taskLosses, totalLoss, type Targets, type TaskSet } from '../tasks/index.js';
import type { Adam } from './adam.js';

export class NonFiniteLossError extends Error {
  constructor(readonly loss: number, message: string) { super(message); }
}

/** The forward/backward pass of one step: the loss, one gradient per trainable, the batch statistics. */
interface Pass {
  value: tf.Scalar;
  grads: tf.Tensor[];
  stats: BnBatchStats[];
}

/** Per model and batch shape: a recording waiting for its twin, the agreed trace, or why there is none. */
interface StepTraces {
  pending?: Trace;
  trace?: Trace;
  /** Names and counts of the batch statistics, in the order the trace returns them. */
  layout?: { name: string; count: number }[];
  off?: string;
}

const traces = new WeakMap<ResNet, Map<string, StepTraces>>();
const dropTraces = new FinalizationRegistry<Trace[]>((ts) => { for (const t of ts) t.dispose(); });

function tracesOf(model: ResNet, key: string): StepTraces {
  let byKey = traces.get(model);
  if (!byKey) {
    byKey = new Map();
    traces.set(model, byKey);
  }
  let s = byKey.get(key);
  if (!s) {
    s = {};
    byKey.set(key, s);
  }
  return s;
}

/** How the last steps ran for this model: 'replayed', 'recording', or why they cannot be replayed. */
export function stepTraceStatus(model: ResNet): string[] {
  return [...(traces.get(model)?.entries() ?? [])].map(([key, s]) =>
    `${key}: ${s.trace ? `replayed (${s.trace.instructions} calls)` : s.off ? `eager (${s.off})` : 'recording'}`);
}

function eagerPass(model: ResNet, set: TaskSet, x: tf.Tensor4D, tt: ReturnType<typeof targetTensors>, vars: tf.Variable[],
  stats: BnBatchStats[]): Pass {
  const { value, grads } = tf.variableGrads(() => {
    const out = forward(model, x, { training: true, bnStats: stats }).output!;
    return totalLoss(taskLosses(out, tt, set));
  }, vars);
  return { value, grads: vars.map((v) => grads[v.name]!), stats };
}

/** The pass, replayed from a trace where one agreed, else run eagerly (and recorded while tracing is possible). */
function pass(model: ResNet, set: TaskSet, x: tf.Tensor4D, tt: ReturnType<typeof targetTensors>, vars: tf.Variable[],
  stats: BnBatchStats[]): Pass {
  const targets = Object.keys(tt).sort() as (keyof typeof tt)[];
  const params: tf.Tensor[] = [x, ...targets.map((k) => tt[k]!), ...vars];
  const key = `${tf.getBackend()} ${x.shape.join('x')} ${targets.join(',')} ${vars.length}`;
  const s = tracesOf(model, key);
  if (s.trace && s.layout) {
    const out = s.trace.run(params);
    const n = vars.length;
    return {
      value: out[0] as tf.Scalar,
      grads: out.slice(1, 1 + n),
      stats: s.layout.map((l, i) => ({ ...l, mean: out[1 + n + 2 * i] as tf.Tensor1D, variance: out[2 + n + 2 * i] as tf.Tensor1D })),
    };
  }
  const rec = s.off ? undefined : startTrace();
  if (!rec && !s.off) s.off = process.env.WHATWHERE_TRACE === '0' ? 'WHATWHERE_TRACE=0' : `the ${tf.getBackend()} backend does not trace`;
  let p: Pass;
  try {
    p = eagerPass(model, set, x, tt, vars, stats);
  } catch (err) {
    rec?.abort();
    throw err;
  }
  if (rec) {
    const t = rec.end(params, [p.value, ...p.grads, ...p.stats.flatMap((b) => [b.mean, b.variance])]);
    if (typeof t === 'string') s.off = t;
    else if (!s.pending) s.pending = t;
    else {
      const why = s.pending.sameAs(t);
      s.pending.dispose();
      s.pending = undefined;
      if (why) {
        s.off = `two recorded steps differ: ${why}`;
        t.dispose();
      } else {
        s.trace = t;
        s.layout = p.stats.map((b) => ({ name: b.name, count: b.count }));
        dropTraces.register(model, [t]);
      }
    }
  }
  return p;
}

/** Runs one step on `x` (model-sized NHWC images) at learning rate `lr` (default: Adam's); returns the batch loss. */
export function trainStep(model: ResNet, adam: Adam, set: TaskSet, x: tf.Tensor4D, targets: Targets, lr?: number): number {
  const vars = model.trainable.map((n) => model.vars.get(n)!);
  const tt = targetTensors(targets, set);
  const eagerStats: BnBatchStats[] = []; // filled as the eager forward runs, so a throw still frees them
  let p: Pass | undefined;
  try {
    p = pass(model, set, x, tt, vars, eagerStats);
    const loss = p.value.dataSync()[0]!;
    if (!Number.isFinite(loss)) throw new NonFiniteLossError(loss, `training loss is ${loss}`);
    const byName = new Map(model.trainable.map((n, i) => [n, p!.grads[i]!]));
    adam.apply(model.vars, byName, lr);
    applyBatchStats(model, p.stats);
    return loss;
  } finally {
    if (p) {
      p.value.dispose();
      for (const g of p.grads) g.dispose();
    }
    for (const s of p?.stats ?? eagerStats) { s.mean.dispose(); s.variance.dispose(); }
    for (const t of Object.values(tt)) t?.dispose();
  }
}
