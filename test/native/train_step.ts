// One ResNet-18 training step (loss, gradients, Adam update, BN running statistics) on a given
// backend, and how two such steps differ. Shared by training.test.ts and the GPU check.
import * as tf from '@tensorflow/tfjs';
import { initEngine, type BackendName } from '../../lib/engine/index.js';
import { applyBatchStats, createResNet, disposeResNet, forward, type BnBatchStats, type ResNet } from '../../lib/models/index.js';
import { parseTaskSet, targetTensors, taskLosses, totalLoss, type Targets } from '../../lib/tasks/index.js';
import { Adam } from '../../lib/train/index.js';
import { rng } from './harness.js';

export const SET = parseTaskSet('all');
export const N = 4;
const SIZE = 32;

export function inputs(seed: number): { images: Float32Array; targets: Targets } {
  const r = rng(seed);
  const f = (k: number) => Float32Array.from({ length: N * k }, () => r() * 2 - 1);
  return {
    images: f(SIZE * SIZE * 3),
    targets: { n: N, distance: f(1), translation: f(2), rotation: f(6),
      category: Int32Array.from({ length: N }, () => Math.floor(r() * 117)), identity: Int32Array.from({ length: N }, () => Math.floor(r() * 548)) },
  };
}

export interface StepResult { loss: number; grads: Map<string, Float32Array>; after: Map<string, Float32Array> }

export async function oneStep(backend: BackendName): Promise<StepResult> {
  await initEngine({ backend });
  const model: ResNet = createResNet({ arch: 'resnet18', width: 0.25, numOutputs: SET.outputs }, 7);
  const { images, targets } = inputs(3);
  const x = tf.tensor4d(images, [N, SIZE, SIZE, 3]);
  const tt = targetTensors(targets, SET);
  const stats: BnBatchStats[] = [];
  const vars = model.trainable.map((n) => model.vars.get(n)!);
  const { value, grads } = tf.variableGrads(() => totalLoss(taskLosses(forward(model, x, { training: true, bnStats: stats }).output!, tt, SET)), vars);
  const loss = value.dataSync()[0];
  const g = new Map(model.trainable.map((n, i) => [n, grads[vars[i].name].dataSync() as Float32Array]));
  const adam = new Adam(model.vars, model.trainable, { lr: 1e-3 });
  adam.apply(model.vars, new Map(model.trainable.map((n, i) => [n, grads[vars[i].name]])));
  applyBatchStats(model, stats);
  const after = new Map([...model.vars].map(([n, v]) => [n, v.dataSync() as Float32Array]));
  tf.dispose([value, ...Object.values(grads), x, ...Object.values(tt).filter((t): t is tf.Tensor => t != null)]);
  adam.dispose();
  disposeResNet(model);
  return { loss, grads: g, after };
}

/** max |a-b| relative to the largest |b| of the tensor (gradients vary in scale across layers). */
export function relErr(a: Float32Array, b: Float32Array): number {
  let d = 0;
  let m = 1e-12;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return d / m;
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}


/** Differences between a step and its reference: loss (relative), worst gradient, worst weight and running stat. */
export function stepDiff(got: StepResult, ref: StepResult): { loss: number; grad: [string, number]; weight: [string, number]; running: [string, number] } {
  const worst = (pairs: [string, number][]): [string, number] => pairs.sort((p, q) => q[1] - p[1])[0] ?? ['', 0];
  return {
    loss: Math.abs(got.loss - ref.loss) / Math.abs(ref.loss),
    grad: worst([...ref.grads].map(([n, g]) => [n, relErr(got.grads.get(n)!, g)])),
    weight: worst([...ref.after].filter(([n]) => !n.includes('running_')).map(([n, v]) => [n, maxAbsDiff(got.after.get(n)!, v)])),
    running: worst([...ref.after].filter(([n]) => n.includes('running_')).map(([n, v]) => [n, relErr(got.after.get(n)!, v)])),
  };
}
