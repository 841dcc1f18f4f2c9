// Small helpers shared by kernel files: layout changes, casts, activations.
import type { DataType, TensorInfo } from '@tensorflow/tfjs';
import { scalarType } from '../dtypes.js';
import type { Desc, Exec } from '../exec.js';

/** A tensor handle or a kernel-local result. */
export type Ref = number | Desc;
export const h = (r: Ref): number => (typeof r === 'number' ? r : r.h);

/**
 * NHWC -> NCHW as a view: the data stay NHWC in memory, which is PyTorch's channels_last format,
 * so ATen's convolutions and pooling take it without a copy.
 */
export function toNCHW(x: Exec, t: Ref): Desc {
  return x.run('permute', [h(t), [0, 3, 1, 2]]);
}

/** NCHW(channels_last) -> NHWC view: contiguous again when the op preserved channels_last. */
export function toNHWC(x: Exec, t: Ref): Desc {
  return x.run('permute', [h(t), [0, 2, 3, 1]]);
}

export function cast(x: Exec, t: Ref, dtype: DataType): Desc {
  return x.run('to.dtype', [h(t), scalarType(dtype)]);
}

/** Casts only when needed; returns the input handle otherwise. */
export function castIfNeeded(x: Exec, t: TensorInfo, dtype: DataType): Ref {
  return t.dtype === dtype ? x.in(t) : cast(x, x.in(t), dtype);
}

/** Handles of the numbered inputs `${prefix}0` .. `${prefix}${n - 1}` of a multi-tensor kernel. */
export function inputList(x: Exec, inputs: Record<string, TensorInfo>, prefix: string, n: number): number[] {
  return Array.from({ length: n }, (_, i) => x.in(inputs[`${prefix}${i}`]!));
}

/**
 * The tensors flattened and concatenated into one new vector, which the kernel may update in place
 * (aten::flatten_dense_tensors returns a view of a lone tensor: that one is copied).
 */
export function flattenFresh(x: Exec, handles: number[]): number {
  const flat = x.run('flatten_dense_tensors', [handles]);
  return (handles.length === 1 ? x.run('clone', [flat.h]) : flat).h;
}

export function reshape(x: Exec, t: Ref, shape: number[]): Desc {
  return x.run('reshape', [h(t), shape]);
}

/** The activations of tfjs fused ops (fused_util.applyActivation). */
export function applyActivation(x: Exec, t: Desc, activation: string | undefined, prelu?: TensorInfo, leakyAlpha?: number): Desc {
  switch (activation ?? 'linear') {
    case 'linear': return t;
    case 'relu': return x.run('relu', [t.h]);
    case 'relu6': return x.run('hardtanh', [t.h, 0, 6]);
    case 'elu': return x.run('elu', [t.h]);
    case 'sigmoid': return x.run('sigmoid', [t.h]);
    case 'leakyrelu': return x.run('leaky_relu', [t.h, leakyAlpha ?? 0.2]);
    case 'prelu': {
      if (!prelu) throw new Error('torch backend: prelu activation without weights');
      const neg = x.run('mul.Tensor', [t.h, x.in(prelu)]);
      const pos = x.run('gt.Scalar', [t.h, 0]);
      return x.run('where.self', [pos.h, t.h, neg.h]);
    }
    default: throw new Error(`torch backend: unknown fused activation '${activation}'`);
  }
}

export function normAxes(axis: number | number[] | undefined, rank: number): number[] {
  const list = axis == null ? [...Array(rank).keys()] : Array.isArray(axis) ? axis : [axis];
  return list.map((a) => (a < 0 ? a + rank : a));
}
