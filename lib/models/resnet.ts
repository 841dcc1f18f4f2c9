// ResNet-18 / ResNet-50 as a map of tf.Variables keyed by torchvision names, and a forward pass
// that returns any paper layer by name. Composition follows torchvision/models/resnet.py:
// stem (conv1 7x7/2, bn1, relu, maxpool 3x3/2), four stages of BasicBlock / Bottleneck,
// global average pool, fc. A block's tap `<block>.relu` is its last ReLU, after the skip add.
import * as tf from '@tensorflow/tfjs';
import { architecture, type Architecture, type BlockSpec, type ResNetConfig } from './architecture.js';
import { initialValuesFor } from './init.js';
import { foldBatchStatsAll } from '../engine/fused.js';
import { BN_MOMENTUM, convBn, globalAvgPool, linear, maxPool3x3s2, type BnBatchStats, type BnParams } from './ops.js';

export interface ResNet {
  readonly arch: Architecture;
  /** Every parameter and BN buffer, keyed by torchvision state_dict name. */
  readonly vars: Map<string, tf.Variable>;
  /** Names of the trainable parameters, in architecture order (the optimiser's order). */
  readonly trainable: string[];
}

/** A ResNet with seeded torchvision-style initial weights. */
export function createResNet(config: ResNetConfig, seed: number): ResNet {
  const arch = architecture(config);
  const values = initialValuesFor(arch.params, seed);
  const vars = new Map<string, tf.Variable>();
  for (const p of arch.params) {
    const init = tf.tensor(values.get(p.name)!, p.shape, 'float32');
    vars.set(p.name, tf.variable(init, p.trainable, `${p.name}#${nextId++}`));
    init.dispose(); // the variable holds its own reference to the data
  }
  return { arch, vars, trainable: arch.params.filter((p) => p.trainable).map((p) => p.name) };
}

// tfjs variable names must be unique per process; several models may coexist (tests, comparisons).
let nextId = 0;

export function disposeResNet(m: ResNet): void {
  for (const v of m.vars.values()) v.dispose();
  m.vars.clear();
}

export interface ForwardOptions {
  /** Batch statistics (and collect them for the running estimates) instead of running estimates. */
  training?: boolean;
  /** Paper layer names to return (see Architecture.layerNames). */
  taps?: readonly string[];
  /** Training mode: receives each BatchNorm's batch statistics, kept; fold with applyBatchStats. */
  bnStats?: BnBatchStats[];
  /** Stop as soon as every requested tap exists (output is then undefined). For feature extraction. */
  tapsOnly?: boolean;
}

export interface ForwardResult {
  output?: tf.Tensor2D;
  taps: Record<string, tf.Tensor>;
}

/** Runs the network on NHWC float32 images. Call inside tf.tidy (or dispose the returned tensors). */
export function forward(m: ResNet, x: tf.Tensor4D, opts: ForwardOptions = {}): ForwardResult {
  const training = opts.training ?? false;
  const wanted = new Set(opts.taps ?? []);
  for (const t of wanted) {
    if (!m.arch.layerNames.includes(t)) throw new Error(`unknown layer '${t}' for ${m.arch.config.arch}; expected one of ${m.arch.layerNames.join(', ')}`);
  }
  const taps: Record<string, tf.Tensor> = {};
  const tap = (name: string, t: tf.Tensor): boolean => {
    if (wanted.has(name)) taps[name] = t;
    return opts.tapsOnly === true && wanted.size > 0 && Object.keys(taps).length === wanted.size;
  };
  const v = (name: string) => {
    const t = m.vars.get(name);
    if (!t) throw new Error(`model has no parameter '${name}'`);
    return t;
  };
  const bnp = (name: string): BnParams => ({
    weight: v(`${name}.weight`) as tf.Tensor1D, bias: v(`${name}.bias`) as tf.Tensor1D,
    runningMean: v(`${name}.running_mean`) as tf.Tensor1D, runningVar: v(`${name}.running_var`) as tf.Tensor1D,
  });
  const unit: Unit = (h, conv, bn, stride, pad, relu, inputGrad = true) =>
    convBn(h, v(`${conv}.weight`) as tf.Tensor4D, stride, pad, bnp(bn), relu, training, bn, opts.bnStats, inputGrad);

  // The image needs no gradient: the stem's unit skips it.
  let h = unit(x, 'conv1', 'bn1', 2, 3, true, false);
  if (tap('relu', h)) return { taps };
  h = maxPool3x3s2(h);
  if (tap('maxpool', h)) return { taps };
  for (const b of m.arch.blocks) {
    h = block(h, b, unit);
    if (tap(`${b.name}.relu`, h)) return { taps };
  }
  const pooled = globalAvgPool(h);
  if (tap('avgpool', pooled)) return { taps };
  const output = linear(pooled, v('fc.weight') as tf.Tensor2D, v('fc.bias') as tf.Tensor1D);
  tap('fc', output);
  return { output, taps };
}

/** conv `conv` -> batch norm `bn` -> optional ReLU (ops.convBn with the model's parameters). */
type Unit = (h: tf.Tensor4D, conv: string, bn: string, stride: number, pad: number, relu: boolean, inputGrad?: boolean) => tf.Tensor4D;

function block(x: tf.Tensor4D, b: BlockSpec, unit: Unit): tf.Tensor4D {
  const n = b.name;
  let out: tf.Tensor4D;
  if (b.kind === 'basic') {
    out = unit(x, `${n}.conv1`, `${n}.bn1`, b.stride, 1, true);
    out = unit(out, `${n}.conv2`, `${n}.bn2`, 1, 1, false);
  } else {
    out = unit(x, `${n}.conv1`, `${n}.bn1`, 1, 0, true);
    out = unit(out, `${n}.conv2`, `${n}.bn2`, b.stride, 1, true);
    out = unit(out, `${n}.conv3`, `${n}.bn3`, 1, 0, false);
  }
  const identity = b.downsample ? unit(x, `${n}.downsample.0`, `${n}.downsample.1`, b.stride, 0, false) : x;
  return tf.relu(tf.add(out, identity)) as tf.Tensor4D;
}

/** Folds collected batch statistics into the running estimates (torch momentum 0.1) and disposes them. */
export function applyBatchStats(m: ResNet, stats: BnBatchStats[]): void {
  assignRunningStats(m, foldedRunningStats(m, stats));
}

/** Every batch-norm layer's running statistics after one batch: new tensors, in the order of the batch statistics. */
export interface RunningStats { names: string[]; means: tf.Tensor1D[]; vars: tf.Tensor1D[] }

/** The running statistics with one batch's folded in (torch's update, BN_MOMENTUM); disposes the batch statistics. */
export function foldedRunningStats(m: ResNet, stats: BnBatchStats[]): RunningStats {
  const layers = stats.map((s) => ({ ...s, runningMean: m.vars.get(`${s.name}.running_mean`) as tf.Variable<tf.Rank.R1>,
    runningVar: m.vars.get(`${s.name}.running_var`) as tf.Variable<tf.Rank.R1> }));
  try {
    const [means, vars] = foldBatchStatsAll(layers, BN_MOMENTUM);
    return { names: stats.map((s) => s.name), means, vars };
  } finally {
    for (const s of stats) { s.mean.dispose(); s.variance.dispose(); }
    stats.length = 0;
  }
}

/** Makes `r` the model's running statistics and disposes its tensors. */
export function assignRunningStats(m: ResNet, r: RunningStats): void {
  r.names.forEach((name, i) => {
    (m.vars.get(`${name}.running_mean`) as tf.Variable).assign(r.means[i]!);
    (m.vars.get(`${name}.running_var`) as tf.Variable).assign(r.vars[i]!);
  });
  tf.dispose([...r.means, ...r.vars]);
}

/** Copies of every variable's values (weights + buffers), keyed by name, in architecture order. */
export function readWeights(m: ResNet): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const p of m.arch.params) out.set(p.name, m.vars.get(p.name)!.dataSync() as Float32Array);
  return out;
}

/** Sets variables from values keyed by name; every parameter must be present with the right size. */
export function writeWeights(m: ResNet, values: Map<string, Float32Array>, source = 'weights'): void {
  for (const p of m.arch.params) {
    const a = values.get(p.name);
    const size = p.shape.reduce((x, y) => x * y, 1);
    if (!a) throw new Error(`${source}: missing tensor '${p.name}'`);
    if (a.length !== size) throw new Error(`${source}: tensor '${p.name}' has ${a.length} values, expected ${size} (shape ${p.shape.join('x')})`);
  }
  for (const p of m.arch.params) {
    const t = tf.tensor(values.get(p.name)!, p.shape, 'float32');
    m.vars.get(p.name)!.assign(t);
    t.dispose();
  }
}
