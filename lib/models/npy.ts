// NumPy .npy arrays for weights and checkpoints: float32, float64 and int32, little-endian, C order.
// The header format lives in lib/data/npy.ts (one implementation for the whole project); this adds
// the Buffer-based, exact-size view the weight files need.
import { decodeNpy as decodeAny, npyHeader as header, parseNpyHeader, type NpyDtype as AnyDtype } from '../data/npy.js';

export type NpyDtype = Extract<AnyDtype, '<f4' | '<f8' | '<i4'>;
export type NpyData = Float32Array | Float64Array | Int32Array;

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: NpyData;
}

export function dtypeOf(a: NpyData): NpyDtype {
  if (a instanceof Float32Array) return '<f4';
  if (a instanceof Float64Array) return '<f8';
  return '<i4';
}

/** The header (magic through padding) for an array of `shape`; data follows it directly. */
export function npyHeader(dtype: NpyDtype, shape: readonly number[]): Buffer {
  return Buffer.from(header(dtype, shape));
}

export function encodeNpy(a: NpyArray): Buffer {
  const size = a.shape.reduce((x, y) => x * y, 1);
  if (size !== a.data.length) throw new Error(`encodeNpy: shape ${a.shape.join('x')} holds ${size} values, data has ${a.data.length}`);
  return Buffer.concat([npyHeader(a.dtype, a.shape), Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength)]);
}

/** Parses a .npy buffer (copying the data so it is aligned); the data must be exactly the shape's size. */
export function decodeNpy(buf: Buffer, what = 'npy'): NpyArray {
  const info = parseNpyHeader(buf, what);
  if (!['<f4', '<f8', '<i4'].includes(info.dtype)) throw new Error(`${what}: dtype ${info.dtype} not supported (expected <f4, <f8 or <i4)`);
  const size = info.shape.reduce((x, y) => x * y, 1);
  const need = size * (info.dtype === '<f8' ? 8 : 4);
  if (buf.length - info.dataOffset !== need) {
    throw new Error(`${what}: shape (${info.shape.join(', ')}) needs ${need} data bytes, file has ${buf.length - info.dataOffset}`);
  }
  const { shape, data } = decodeAny(buf, what);
  return { dtype: info.dtype as NpyDtype, shape, data: data as NpyData };
}
