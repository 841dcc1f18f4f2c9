// The kernel parity cases: tfjs code run on the cpu backend (reference) and on torch. Shared by
// test/native/parity.test.ts and the GPU check (bench/torch_gpu_check.ts). Every registered torch
// kernel is reached by at least one case.
import * as tf from '@tensorflow/tfjs';
import { batchNormTrain, convBnTrain, foldBatchStatsAll } from '../../lib/engine/fused.js';
import type { Fn, InputSpec } from './harness.js';

export interface Case {
  name: string;
  inputs: InputSpec[];
  fn: Fn;
  atol?: number;
  rtol?: number;
}

const f = (...shape: number[]): InputSpec => ({ shape });
const pos = (...shape: number[]): InputSpec => ({ shape, range: [0.1, 3] });
const i32 = (...shape: number[]): InputSpec => ({ shape, dtype: 'int32' });
const bool = (...shape: number[]): InputSpec => ({ shape, dtype: 'bool' });
const idx = (n: number, ...shape: number[]): InputSpec => ({ shape, dtype: 'int32', range: [0, n] });

const img = [2, 9, 7, 3];

/** lib/train's Adam update written op by op (the reference for the fused WhatwhereAdam kernel). */
function adamRef(p: tf.Tensor, m: tf.Tensor, v: tf.Tensor, g: tf.Tensor): tf.Tensor[] {
  const m2 = tf.add(tf.mul(m, 0.9), tf.mul(g, 0.1));
  const v2 = tf.add(tf.mul(v, 0.999), tf.mul(tf.square(g), 1 - 0.999));
  const denom = tf.add(tf.mul(tf.sqrt(v2), 1 / Math.sqrt(1e-3)), 1e-8);
  return [tf.sub(p, tf.mul(tf.div(m2, denom), 1e-3 / 0.1)), m2, v2];
}
export const CASES: Case[] = [
  // unary math
  ...(['abs', 'neg', 'exp', 'expm1', 'sigmoid', 'tanh', 'sin', 'cos', 'atan', 'asinh', 'erf', 'relu', 'relu6', 'elu', 'selu',
    'softplus', 'square', 'sign', 'floor', 'ceil', 'round', 'isNaN', 'isInf', 'isFinite', 'sinh', 'cosh', 'tan'] as const)
    .map((op): Case => ({ name: op, inputs: [f(3, 5)], fn: (a) => (tf[op] as (t: tf.Tensor) => tf.Tensor)(a), rtol: 2e-6, atol: 1e-6 })),
  ...(['log', 'log1p', 'sqrt', 'rsqrt', 'reciprocal', 'acosh'] as const)
    .map((op): Case => ({ name: op, inputs: [{ shape: [4, 3], range: [1.01, 4] }], fn: (a) => (tf[op] as (t: tf.Tensor) => tf.Tensor)(a), rtol: 2e-6 })),
  ...(['asin', 'acos', 'atanh'] as const)
    .map((op): Case => ({ name: op, inputs: [{ shape: [7], range: [-0.9, 0.9] }], fn: (a) => (tf[op] as (t: tf.Tensor) => tf.Tensor)(a), rtol: 2e-6 })),
  { name: 'int unary', inputs: [i32(6)], fn: (a) => [tf.abs(a), tf.neg(a), tf.square(a), tf.sign(a)] },
  { name: 'logicalNot', inputs: [bool(5)], fn: (a) => tf.logicalNot(a) },
  { name: 'step/leakyRelu/prelu/elu grad', inputs: [f(4, 6), f(6)], fn: (a, al) => [tf.step(a, 0.3), tf.leakyRelu(a, 0.1), tf.prelu(a, al),
    tf.grad((t: tf.Tensor) => tf.elu(t).sum() as tf.Scalar)(a), tf.grad((t: tf.Tensor) => tf.relu(t).square().sum() as tf.Scalar)(a)], rtol: 1e-6 },
  { name: 'clip', inputs: [f(10)], fn: (a) => tf.clipByValue(a, -0.5, 0.7) },
  { name: 'cast', inputs: [f(8), i32(8), bool(8)], fn: (a, b, c) => [tf.cast(a, 'int32'), tf.cast(a, 'bool'), tf.cast(b, 'float32'), tf.cast(c, 'float32'), tf.cast(c, 'int32')] },
  { name: 'identity/clone', inputs: [f(2, 3)], fn: (a) => tf.clone(a) },
  // binary with broadcasting
  ...(['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'squaredDifference', 'atan2', 'mod', 'floorDiv'] as const)
    .map((op): Case => ({ name: op, inputs: [f(2, 3, 4), { shape: [3, 1], range: [0.5, 2] }],
      fn: (a, b) => (tf[op] as (x: tf.Tensor, y: tf.Tensor) => tf.Tensor)(a, b), rtol: 2e-6, atol: 1e-6 })),
  { name: 'pow', inputs: [pos(3, 4), f(4)], fn: (a, b) => tf.pow(a, b), rtol: 1e-5 },
  { name: 'int binary', inputs: [i32(3, 4), { shape: [4], dtype: 'int32', range: [1, 6] }],
    fn: (a, b) => [tf.add(a, b), tf.sub(a, b), tf.mul(a, b), tf.floorDiv(a, b), tf.mod(a, b), tf.maximum(a, b), tf.div(a, b)] },
  { name: 'scalar operands', inputs: [f(3, 3)], fn: (a) => [tf.add(a, 2), tf.mul(a, 0.5), tf.sub(1, a), tf.div(a, 3)] },
  ...(['equal', 'notEqual', 'greater', 'greaterEqual', 'less', 'lessEqual'] as const)
    .map((op): Case => ({ name: op, inputs: [i32(3, 4), i32(4)], fn: (a, b) => (tf[op] as (x: tf.Tensor, y: tf.Tensor) => tf.Tensor)(a, b) })),
  { name: 'logical and/or', inputs: [bool(6), bool(6)], fn: (a, b) => [tf.logicalAnd(a, b), tf.logicalOr(a, b), tf.logicalXor(a, b)] },
  { name: 'bitwiseAnd', inputs: [idx(64, 8), idx(64, 8)], fn: (a, b) => tf.bitwiseAnd(a, b) },
  { name: 'addN', inputs: [f(2, 2), f(2, 2), f(2, 2)], fn: (a, b, c) => tf.addN([a, b, c]) },
  { name: 'where', inputs: [bool(3, 4), f(3, 4), f(3, 4), bool(3)], fn: (c, a, b, r) => [tf.where(c, a, b), tf.where(tf.reshape(r, [3, 1]), a, b)] },
  // reductions
  { name: 'mean/square grads', inputs: [f(3, 4, 5)], fn: (a) => [tf.grad((t: tf.Tensor) => tf.mean(tf.square(t), [0, 2]).sum() as tf.Scalar)(a), tf.grad((t: tf.Tensor) => tf.mean(t).mul(tf.mean(t, 1, true).sum()) as tf.Scalar)(a)], rtol: 1e-5, atol: 1e-6 },
  { name: 'sum/mean/max/min', inputs: [f(3, 4, 5)],
    fn: (a) => [tf.sum(a), tf.sum(a, 1), tf.sum(a, [0, 2], true), tf.mean(a, -1), tf.max(a, [1, 2]), tf.min(a, 0), tf.mean(a)], rtol: 1e-5, atol: 1e-5 },
  { name: 'int/bool reductions', inputs: [i32(4, 5), bool(4, 5)],
    fn: (a, b) => [tf.sum(a, 1), tf.max(a), tf.prod(a, 0), tf.all(b, 1), tf.any(b), tf.sum(b), tf.mean(a)], rtol: 1e-6 },
  { name: 'prod', inputs: [{ shape: [3, 4], range: [0.5, 1.5] }], fn: (a) => [tf.prod(a, [0, 1]), tf.prod(a, 1)], rtol: 1e-5 },
  { name: 'argMax/argMin', inputs: [f(4, 6)], fn: (a) => [tf.argMax(a, 1), tf.argMin(a, 0), tf.argMax(a)] },
  { name: 'cumsum/cumprod', inputs: [f(3, 5)],
    fn: (a) => [tf.cumsum(a, 1), tf.cumsum(a, 0, true), tf.cumsum(a, 1, false, true), tf.cumsum(a, 1, true, true), tf.cumprod(a, 1)], rtol: 1e-5, atol: 1e-5 },
  { name: 'topk', inputs: [f(3, 10)], fn: (a) => { const r = tf.topk(a, 4); return [r.values, r.indices]; } },
  // shapes and indexing
  { name: 'reshape/expandDims/squeeze', inputs: [f(2, 3, 4)], fn: (a) => [tf.reshape(a, [6, -1]), tf.expandDims(a, 1), tf.expandDims(a, -1), tf.squeeze(tf.reshape(a, [1, 24, 1]))] },
  { name: 'transpose', inputs: [f(2, 3, 4)], fn: (a) => [tf.transpose(a), tf.transpose(a, [1, 0, 2]), tf.add(tf.transpose(a, [2, 0, 1]), 1)] },
  { name: 'slice', inputs: [f(4, 5, 6)], fn: (a) => [tf.slice(a, [1, 0, 2], [2, -1, 3]), tf.slice(a, 2), tf.slice(a, [0, 1, 1], [4, 1, 1])] },
  { name: 'stridedSlice', inputs: [f(5, 6, 4)],
    fn: (a) => [tf.stridedSlice(a, [1, 0, 0], [4, 6, 4], [2, 1, 1]), tf.stridedSlice(a, [4, 5, 0], [0, 0, 4], [-1, -2, 1]),
      tf.stridedSlice(a, [0, 2, 0], [0, 3, 0], [1, 1, 1], 5, 5, 0, 0, 2), tf.stridedSlice(a, [1, 0, 0], [3, 6, 4], [1, 1, 1])] },
  { name: 'concat/stack/unstack/split', inputs: [f(2, 3), f(2, 4), f(2, 3)],
    fn: (a, b, c) => [tf.concat([a, b], 1), tf.concat([a, c], 0), tf.stack([a, c], 1), ...tf.unstack(b, 1), ...tf.split(b, 2, 1), ...tf.split(b, [1, 3], 1)] },
  { name: 'tile/pad/reverse/mirrorPad', inputs: [f(2, 3)],
    fn: (a) => [tf.tile(a, [2, 3]), tf.pad(a, [[1, 0], [2, 1]], 0.5), tf.reverse(a, 1), tf.reverse(a),
      tf.mirrorPad(a, [[1, 1], [2, 2]], 'reflect'), tf.mirrorPad(a, [[1, 1], [2, 2]], 'symmetric')] },
  { name: 'fill/zeros/ones/range/linspace', inputs: [f(2, 2)],
    fn: (a) => [tf.fill([2, 3], 4.5), tf.fill([3], 2, 'int32'), tf.zerosLike(a), tf.onesLike(a), tf.range(0, 10, 3), tf.range(5, 0, -1.5),
      tf.range(0, 7, 2, 'int32'), tf.linspace(0, 1, 5)] },
  { name: 'gather', inputs: [f(5, 4, 3), idx(5, 2, 3), idx(4, 4)],
    fn: (a, i, j) => [tf.gather(a, i), tf.gather(a, j, 1), tf.gather(tf.reshape(a, [5, 12]), tf.reshape(tf.slice(j, 0, 2), [1, 2]), 1, 0)] },
  { name: 'gather batchDims', inputs: [f(3, 5, 2), idx(5, 3, 4)], fn: (a, i) => tf.gather(a, i, 1, 1) },
  { name: 'gatherND', inputs: [f(4, 3, 2), idx(3, 5, 2)], fn: (a, i) => tf.gatherND(a, i) },
  { name: 'oneHot', inputs: [{ shape: [6], dtype: 'int32', values: [0, 2, 4, -1, 7, 3] }], fn: (i) => [tf.oneHot(i, 5), tf.oneHot(i, 5, 2, -1, 'float32')] },
  { name: 'unsortedSegmentSum', inputs: [f(6, 3), { shape: [6], dtype: 'int32', values: [0, 2, 1, 2, 0, 3] }], fn: (a, s) => tf.unsortedSegmentSum(a, s as tf.Tensor1D, 4) },
  { name: 'diag/einsum/searchSorted', inputs: [f(3), f(3, 4), f(4, 2), { shape: [2, 5], values: [1, 2, 3, 4, 5, 0, 2, 4, 6, 8] }, f(2, 3)],
    fn: (d, a, b, s, v) => [tf.diag(d), tf.einsum('ij,jk->ik', a, b), tf.searchSorted(s, v), tf.searchSorted(s, v, 'right')], rtol: 1e-5 },
  { name: 'broadcastTo', inputs: [f(3, 1)], fn: (a) => tf.broadcastTo(a, [2, 3, 4]) },
  // dense layers and classification
  { name: 'matMul', inputs: [f(5, 7), f(7, 3), f(3, 7), f(2, 4, 5)],
    fn: (a, b, c, d) => [tf.matMul(a, b), tf.matMul(a, c, false, true), tf.matMul(c, b, true, true), tf.matMul(d, a)], rtol: 1e-5, atol: 1e-5 },
  { name: 'fused matMul', inputs: [f(4, 6), f(6, 5), f(5)],
    fn: (a, b, bias) => [tf.fused.matMul({ a, b, bias, activation: 'relu' }), tf.fused.matMul({ a, b: tf.transpose(b), transposeB: true, bias, activation: 'elu' })], rtol: 1e-5, atol: 1e-5 },
  { name: 'fused Adam kernel', inputs: [f(50), f(50), pos(50), f(50)],
    fn: (p, m, v, g) => (tf.getBackend() === 'torch' ? tf.engine().runKernel('WhatwhereAdam', { param: p, m, v, grad: g },
      { beta1: 0.9, beta2: 0.999, eps: 1e-8, stepSize: 1e-3 / 0.1, invSqrtBc2: 1 / Math.sqrt(1e-3) }) as tf.Tensor[] : adamRef(p, m, v, g)), rtol: 1e-5, atol: 1e-7 },
  { name: 'multi-tensor Adam kernel', inputs: [f(50), f(3, 4), f(50), f(3, 4), pos(50), pos(3, 4), f(50), f(3, 4)],
    fn: (p0, p1, m0, m1, v0, v1, g0, g1) => {
      const h = { beta1: 0.9, beta2: 0.999, eps: 1e-8, stepSize: 1e-3 / 0.1, invSqrtBc2: 1 / Math.sqrt(1e-3) };
      if (tf.getBackend() !== 'torch') return [...adamRef(p0, m0, v0, g0), ...adamRef(p1, m1, v1, g1)];
      const out = tf.engine().runKernel('WhatwhereAdamAll', { p0, p1, m0, m1, v0, v1, g0, g1 }, { n: 2, ...h }) as tf.Tensor[];
      return [out[0]!, out[2]!, out[4]!, out[1]!, out[3]!, out[5]!]; // [p0', m0', v0', p1', m1', v1']
    }, rtol: 1e-5, atol: 1e-7 },
  { name: 'flat-moment Adam kernel', inputs: [f(5), f(2, 3), f(5), f(2, 3), f(11), pos(11)],
    fn: (p0, p1, g0, g1, m, v) => {
      const h = { beta1: 0.9, beta2: 0.999, eps: 1e-8, stepSize: 1e-3 / 0.1, invSqrtBc2: 1 / Math.sqrt(1e-3) };
      if (tf.getBackend() !== 'torch') {
        const [pf, m2, v2] = adamRef(tf.concat([p0!.reshape([-1]), p1!.reshape([-1])]), m!, v!, tf.concat([g0!.reshape([-1]), g1!.reshape([-1])]));
        const [q0, q1] = tf.split(pf!, [5, 6]);
        return [q0!, q1!.reshape([2, 3]), m2!, v2!];
      }
      return tf.engine().runKernel('WhatwhereAdamFlat', { p0, p1, g0, g1, m, v }, { n: 2, ...h }) as tf.Tensor[];
    }, rtol: 1e-5, atol: 1e-7 },
  { name: 'softmax/logSoftmax', inputs: [f(4, 10)], fn: (a) => [tf.softmax(a), tf.logSoftmax(a), tf.softmax(a.reshape([2, 2, 10]))], rtol: 1e-5, atol: 1e-6 },
  { name: 'softmax cross-entropy grad', inputs: [f(4, 6), { shape: [4, 6], range: [0, 1] }],
    fn: (l, y) => tf.grad((t: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, t) as tf.Scalar)(l), rtol: 1e-4, atol: 1e-6 },
  // convolutions: strides 1-2, kernels 1/3/5/7, same/valid/explicit padding, and their gradients
  ...([[1, 1, 'valid'], [3, 1, 'same'], [3, 2, 'same'], [5, 2, 'valid'], [7, 2, 3], [3, 2, 1], [1, 2, 0]] as const).map(([k, s, p]): Case => ({
    name: `conv2d k${k} s${s} ${p}`, inputs: [f(...img), f(k, k, 3, 4)],
    fn: (x, w) => [tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, p as 'same'),
      ...tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, p as 'same').square().sum())([x, w])],
    rtol: 1e-4, atol: 1e-4,
  })),
  { name: 'conv2d dilated, fused', inputs: [f(...img), f(3, 3, 3, 2), f(2)],
    fn: (x, w, b) => [tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same', 'NHWC', 2),
      tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: 1, pad: 'same', bias: b, activation: 'relu' }),
      tf.fused.depthwiseConv2d({ x: x as tf.Tensor4D, filter: tf.slice(w, [0, 0, 0, 0], [3, 3, 3, 1]) as tf.Tensor4D, strides: 2, pad: 'same',
        bias: tf.slice(b, 0, 1), activation: 'relu6' })], rtol: 1e-4, atol: 1e-4 },
  { name: 'conv2dTranspose', inputs: [f(2, 4, 4, 3), f(3, 3, 5, 3)], fn: (x, w) => tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [2, 8, 8, 5], 2, 'same'), rtol: 1e-4, atol: 1e-4 },
  { name: 'depthwise conv + grads', inputs: [f(...img), f(3, 3, 3, 2)],
    fn: (x, w) => [tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'),
      ...tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'valid').square().sum())([x, w])],
    rtol: 1e-4, atol: 1e-4 },
  // pooling and its gradients
  ...([[3, 2, 1], [3, 2, 'same'], [2, 2, 'valid'], [3, 1, 'same']] as const).map(([k, s, p]): Case => ({
    name: `pool k${k} s${s} ${p}`, inputs: [f(...img)],
    fn: (x) => [tf.maxPool(x as tf.Tensor4D, k, s, p), tf.avgPool(x as tf.Tensor4D, k, s, p),
      ...tf.grads((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, k, s, p).square().sum())([x]),
      ...tf.grads((a: tf.Tensor) => tf.avgPool(a as tf.Tensor4D, k, s, p).square().sum())([x])],
    rtol: 1e-5, atol: 1e-5,
  })),
  { name: 'batchNorm + grads', inputs: [f(...img), f(3), pos(3), f(3), f(3)],
    fn: (x, m, v, o, s) => [tf.batchNorm(x, m, v, o, s, 1e-5),
      ...tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
        const mom = tf.moments(a, [0, 1, 2]);
        return tf.batchNorm(a, mom.mean, mom.variance, b, c, 1e-5).square().sum() as tf.Scalar;
      })([x, o, s])], rtol: 1e-4, atol: 1e-4 },
  { name: 'batchNormTrain + grads', inputs: [f(...img), pos(3), f(3)],
    fn: (x, g, b) => {
      const r = batchNormTrain(x as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D, 1e-5);
      return [r.y, r.mean, r.variance, ...tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => {
        const q = batchNormTrain(a as tf.Tensor4D, c as tf.Tensor1D, d as tf.Tensor1D, 1e-5);
        tf.dispose([q.mean, q.variance]);
        return q.y.square().sum() as tf.Scalar;
      })([x, g, b])];
    }, rtol: 1e-4, atol: 1e-4 },
  // the fused conv -> batch norm -> ReLU unit (torch: one kernel each way; cpu: tf.conv2d, batchNormTrain, tf.relu)
  ...([[1, 1, true, true], [2, 0, false, true], [2, 3, true, false]] as const).map(([stride, pad, relu, inputGrad]): Case => ({
    name: `convBnTrain s${stride} p${pad}${relu ? ' relu' : ''}${inputGrad ? '' : ' no input grad'} + grads`,
    inputs: [f(...img), f(pad === 3 ? 7 : pad === 0 ? 1 : 3, pad === 3 ? 7 : pad === 0 ? 1 : 3, 3, 4), pos(4), f(4)],
    fn: (x, w, g, b) => {
      const o = { stride, pad, eps: 1e-5, relu, inputGrad };
      const r = convBnTrain(x as tf.Tensor4D, w as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D, o);
      return [r.y, r.mean, r.variance, ...tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor, e: tf.Tensor) => {
        const q = convBnTrain(a as tf.Tensor4D, c as tf.Tensor4D, d as tf.Tensor1D, e as tf.Tensor1D, o);
        tf.dispose([q.mean, q.variance]);
        return q.y.square().sum() as tf.Scalar;
      })([x, w, g, b])];
    }, rtol: 1e-4, atol: 1e-4,
  })),
  { name: 'foldBatchStatsAll', inputs: [f(3), pos(3), f(3), pos(3), f(5), pos(5), f(5), pos(5)],
    fn: (rm0, rv0, m0, v0, rm1, rv1, m1, v1) => foldBatchStatsAll([
      { runningMean: rm0 as tf.Tensor1D, runningVar: rv0 as tf.Tensor1D, mean: m0 as tf.Tensor1D, variance: v0 as tf.Tensor1D, count: 7 },
      { runningMean: rm1 as tf.Tensor1D, runningVar: rv1 as tf.Tensor1D, mean: m1 as tf.Tensor1D, variance: v1 as tf.Tensor1D, count: 1 },
    ], 0.1).flat() },
  { name: 'resize', inputs: [f(1, 5, 4, 2)],
    fn: (x) => [tf.image.resizeBilinear(x as tf.Tensor4D, [8, 7]), tf.image.resizeBilinear(x as tf.Tensor4D, [3, 3], true),
      tf.image.resizeBilinear(x as tf.Tensor4D, [9, 6], false, true), tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [8, 7]),
      tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [3, 2], true), tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [7, 9], false, true)],
    rtol: 1e-5, atol: 1e-5 },
];

/** Kernels registered for torch that no case can reach through the public tfjs API. */
export const UNREACHED = new Set(['BroadcastTo']);
