// Shape and indexing kernels. Most are ATen views (reshape, permute, slice, expand), so they cost
// no copy; the next compute op or a read makes data contiguous when it needs to.
import * as tf from '@tensorflow/tfjs';
import type { DataType, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { scalarType } from '../dtypes.js';
import type { Desc, Exec } from '../exec.js';
import { torchKernel } from '../exec.js';
import { cast, castIfNeeded, h, type Ref } from './util.js';

const sizeOf = (s: number[]) => s.reduce((a, b) => a * b, 1);
const norm = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

/** Elements start, start+step, ... (count of them) along dim; negative steps go through a flip. */
function stridedDim(x: Exec, t: Ref, dim: number, n: number, start: number, count: number, step: number): Desc {
  if (count <= 0) return x.run('slice.Tensor', [h(t), dim, 0, 0, 1]);
  if (step > 0) return x.run('slice.Tensor', [h(t), dim, start, start + (count - 1) * step + 1, step]);
  const flipped = x.run('flip', [h(t), [dim]]);
  const s = n - 1 - start;
  return x.run('slice.Tensor', [flipped.h, dim, s, s + (count - 1) * -step + 1, -step]);
}

function fill(x: Exec, shape: number[], value: number, dtype: DataType): Desc {
  return x.run('full', [shape, dtype === 'bool' ? Boolean(value) : value, scalarType(dtype)]);
}

function gatherAxis(x: Exec, t: Ref, xShape: number[], axis: number, indices: Ref, indicesShape: number[]): Desc {
  const flatIdx = x.run('reshape', [h(indices), [-1]]);
  const picked = x.run('index_select', [h(t), axis, flatIdx.h]);
  return x.run('reshape', [picked.h, [...xShape.slice(0, axis), ...indicesShape, ...xShape.slice(axis + 1)]]);
}

export const ARRAY_KERNELS: KernelConfig[] = [
  torchKernel('Reshape', (x, { x: a }, { shape }) =>
    x.run('reshape', [x.in(a), tf.util.inferFromImplicitShape(shape as number[], sizeOf(a.shape))])),
  torchKernel('ExpandDims', (x, { input }, { dim }) => {
    const rank = input.shape.length;
    const d = (dim as number) < 0 ? (dim as number) + rank + 1 : (dim as number);
    return x.run('unsqueeze', [x.in(input), d]);
  }),
  torchKernel('Transpose', (x, { x: a }, { perm }) => x.run('permute', [x.in(a), perm as number[]])),
  torchKernel('Slice', (x, { x: a }, { begin, size }) => {
    const [b, s] = tf.slice_util.parseSliceParams(a, begin as number[], size as number[]);
    let t: Ref = x.in(a);
    for (let d = 0; d < b.length; d++) {
      if (b[d] !== 0 || s[d] !== a.shape[d]) t = x.run('slice.Tensor', [h(t), d, b[d], b[d] + s[d], 1]);
    }
    return typeof t === 'number' ? x.run('alias', [t]) : t;
  }),
  torchKernel('StridedSlice', (x, { x: a }, attrs) => {
    const info = tf.slice_util.sliceInfo(a.shape, attrs.begin as number[], attrs.end as number[], attrs.strides as number[],
      attrs.beginMask as number, attrs.endMask as number, attrs.ellipsisMask as number, attrs.newAxisMask as number,
      attrs.shrinkAxisMask as number);
    let t: Ref = x.in(a);
    if (!info.isIdentity) {
      // per-dimension element counts before shrink/new axes are applied by the final reshape
      const counts = tf.slice_util.computeOutShape(info.begin, info.end, info.strides);
      for (let d = 0; d < a.shape.length; d++) {
        const count = Math.max(0, counts[d]);
        if (count === a.shape[d] && info.begin[d] === 0 && info.strides[d] === 1) continue;
        t = stridedDim(x, t, d, a.shape[d], info.begin[d], count, info.strides[d]);
      }
    }
    return x.run('reshape', [h(t), info.finalShape]);
  }),
  torchKernel('Concat', (x, inputs, { axis }) => {
    const ts = Object.values(inputs) as TensorInfo[];
    const ax = tf.util.parseAxisParam(axis as number, ts[0].shape)[0];
    const nonEmpty = ts.filter((t) => sizeOf(t.shape) > 0);
    if (nonEmpty.length === 0) {
      const shape = [...ts[0].shape];
      shape[ax] = ts.reduce((s, t) => s + t.shape[ax], 0);
      return fill(x, shape, 0, ts[0].dtype);
    }
    return x.run('cat', [nonEmpty.map((t) => x.in(t)), ax]);
  }),
  torchKernel('Pack', (x, inputs, { axis }) => {
    const ts = Object.values(inputs) as TensorInfo[];
    return x.run('stack', [ts.map((t) => x.in(t)), norm(axis as number, ts[0].shape.length + 1)]);
  }),
  torchKernel('Unpack', (x, { value }, { axis }) => x.runMany('unbind.int', [x.in(value), norm(axis as number, value.shape.length)])),
  torchKernel('Tile', (x, { x: a }, { reps }) => x.run('repeat', [x.in(a), reps as number[]])),
  torchKernel('PadV2', (x, { x: a }, { paddings, constantValue }) => {
    // ATen lists pads from the last dimension backwards: [lastBefore, lastAfter, ...].
    const pads = (paddings as [number, number][]).slice().reverse().flat();
    return x.run('constant_pad_nd', [x.in(a), pads, constantValue as number]);
  }),
  torchKernel('MirrorPad', (x, { x: a }, { paddings, mode }) => {
    // Index arithmetic per dimension covers both tfjs modes ('reflect' skips the edge, 'symmetric' repeats it).
    const off = mode === 'reflect' ? 0 : 1;
    let t: Ref = x.in(a);
    (paddings as [number, number][]).forEach(([before, after], d) => {
      if (before === 0 && after === 0) return;
      const n = a.shape[d];
      const idx = new Int32Array(n + before + after);
      for (let i = 0; i < idx.length; i++) {
        let j = i - before;
        if (j < 0) j = -j - off;
        else if (j >= n) j = 2 * n - j - 2 + off;
        idx[i] = j;
      }
      t = x.run('index_select', [h(t), d, x.constant(idx, [idx.length]).h]);
    });
    return typeof t === 'number' ? x.run('alias', [t]) : t;
  }),
  torchKernel('Reverse', (x, { x: a }, { dims }) =>
    x.run('flip', [x.in(a), tf.util.parseAxisParam(dims as number[], a.shape)])),
  torchKernel('Fill', (x, _inputs, { shape, value, dtype }) => fill(x, shape as number[], value as number, dtype as DataType)),
  torchKernel('ZerosLike', (x, { x: a }) => x.run('zeros_like', [x.in(a)])),
  torchKernel('OnesLike', (x, { x: a }) => x.run('ones_like', [x.in(a)])),
  torchKernel('GatherV2', (x, { x: a, indices }, { axis, batchDims }) => {
    const ax = tf.util.parseAxisParam(axis as number, a.shape)[0];
    if ((batchDims as number) !== 0) {
      // tfjs: batch dims are leading dims shared by x and indices; gather per batch element.
      const bd = batchDims as number;
      const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(a as tf.Tensor, indices as tf.Tensor, ax, bd);
      const xr = x.run('reshape', [x.in(a), [info.batchSize, info.outerSize, info.dimSize, info.sliceSize]]);
      const ir = x.run('reshape', [x.in(indices), [info.batchSize, -1, 1]]);
      const nIdx = sizeOf(indices.shape) / info.batchSize;
      const idx = x.run('expand', [x.run('reshape', [ir.h, [info.batchSize, 1, nIdx, 1]]).h,
        [info.batchSize, info.outerSize, nIdx, info.sliceSize]]);
      const g = x.run('gather', [xr.h, 2, x.run('to.dtype', [idx.h, 4]).h]);
      return x.run('reshape', [g.h, info.outputShape]);
    }
    const idx = x.run('to.dtype', [x.in(indices), 4]);
    return gatherAxis(x, x.in(a), a.shape, ax, idx, indices.shape);
  }),
  torchKernel('GatherNd', (x, { params, indices }) => {
    const k = indices.shape[indices.shape.length - 1];
    const outer = indices.shape.slice(0, -1);
    const sliceShape = params.shape.slice(k);
    const strides = new Int32Array(k);
    let s = 1;
    for (let i = k - 1; i >= 0; i--) { strides[i] = s; s *= params.shape[i]; }
    const idx = x.run('to.dtype', [x.in(indices), 4]);
    const flat = x.run('sum.dim_IntList', [x.run('mul.Tensor', [idx.h, x.constant(strides, [k]).h]).h, [-1]]);
    const p = x.run('reshape', [x.in(params), [s, ...sliceShape]]);
    return gatherAxis(x, p, [s, ...sliceShape], 0, flat, outer);
  }),
  torchKernel('OneHot', (x, { indices }, { depth, onValue, offValue, dtype }) => {
    // Comparison against 0..depth-1 gives tfjs semantics for out-of-range indices (all off).
    const range = x.run('arange', [depth as number, scalarType('int32')]);
    const hit = x.run('eq.Tensor', [x.run('unsqueeze', [x.in(indices), -1]).h, range.h]);
    const r = x.run('where.Scalar', [hit.h, onValue as number, offValue as number]);
    return cast(x, r, (dtype as DataType) ?? 'int32');
  }),
  torchKernel('Range', (x, _inputs, { start, stop, step, dtype }) => {
    // Computed like tfjs (start + i*step, count = ceil((stop-start)/step)) so values match bit for bit.
    const [a, b, c] = [start as number, stop as number, step as number];
    const n = Math.max(0, Math.ceil((b - a) / c));
    const vals = dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++) vals[i] = a + i * c;
    return x.run('alias', [x.constant(vals, [n]).h]);
  }),
  torchKernel('LinSpace', (x, _inputs, { start, stop, num }) => {
    const n = num as number;
    const vals = new Float32Array(n);
    const step = n > 1 ? ((stop as number) - (start as number)) / (n - 1) : 0;
    for (let i = 0; i < n; i++) vals[i] = (start as number) + i * step;
    return x.run('alias', [x.constant(vals, [n]).h]);
  }),
  torchKernel('SplitV', (x, { x: a }, { numOrSizeSplits, axis }) => {
    const ax = tf.util.parseAxisParam(axis as number, a.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(a as tf.Tensor, numOrSizeSplits as number[], ax);
    return x.runMany('split_with_sizes', [x.in(a), sizes, ax]);
  }),
  torchKernel('Diag', (x, { x: a }) => {
    const n = sizeOf(a.shape);
    const d = x.run('diag', [x.run('reshape', [x.in(a), [n]]).h]);
    return x.run('reshape', [d.h, [...a.shape, ...a.shape]]);
  }),
  torchKernel('TopK', (x, { x: a }, { k, sorted }) => {
    const [values, indices] = x.runMany('topk', [x.in(a), k as number, -1, true, sorted !== false]);
    return [values, indices];
  }),
  torchKernel('Cumsum', (x, { x: a }, { axis, exclusive, reverse }) => cumulative(x, a, 'cumsum', axis as number, !!exclusive, !!reverse)),
  torchKernel('Cumprod', (x, { x: a }, { axis, exclusive, reverse }) => cumulative(x, a, 'cumprod', axis as number, !!exclusive, !!reverse)),
  torchKernel('UnsortedSegmentSum', (x, { x: a, segmentIds }, { numSegments }) => {
    const ids = x.run('to.dtype', [x.run('reshape', [x.in(segmentIds), [-1]]).h, 4]);
    const rest = a.shape.slice(segmentIds.shape.length);
    const src = x.run('reshape', [x.in(a), [-1, ...rest]]);
    const zeros = fill(x, [numSegments as number, ...rest], 0, a.dtype);
    return x.run('index_add', [zeros.h, 0, ids.h, src.h]);
  }),
  torchKernel('SearchSorted', (x, { sortedSequence, values }, { side }) =>
    x.run('searchsorted.Tensor', [x.in(sortedSequence), x.in(values), true, side === 'right'])),
  torchKernel('Einsum', (x, inputs, { equation }) =>
    x.run('einsum', [equation as string, (Object.values(inputs) as TensorInfo[]).map((t) => x.in(t))])),
  torchKernel('BroadcastTo', (x, { x: a }, { shape }) => x.run('expand', [x.in(a), shape as number[]])),
];

function cumulative(x: Exec, a: TensorInfo, op: 'cumsum' | 'cumprod', axis: number, exclusive: boolean, reverse: boolean): Desc {
  const ax = norm(axis, a.shape.length);
  let t: Ref = castIfNeeded(x, a, a.dtype === 'bool' ? 'int32' : a.dtype);
  if (reverse) t = x.run('flip', [h(t), [ax]]);
  let r = x.run(op, [h(t), ax]);
  if (exclusive) {
    // shift by one along the axis, filling with the identity (0 for sums, 1 for products)
    const n = a.shape[ax];
    const pads = new Array(2 * (a.shape.length - ax)).fill(0);
    pads[pads.length - 2] = 1;
    const padded = x.run('constant_pad_nd', [r.h, pads, op === 'cumsum' ? 0 : 1]);
    r = x.run('slice.Tensor', [padded.h, ax, 0, n, 1]);
  }
  if (reverse) r = x.run('flip', [r.h, [ax]]);
  return r;
}
