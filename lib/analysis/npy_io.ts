// .npy reading for analysis inputs: any numeric dtype numpy writes (int64 labels, bool, ...), large files
// viewed without copying. The header format itself is lib/data/npy.ts's (one implementation).
import { readFileSync } from 'node:fs';
import { writeAtomic } from '../atomic.js';
import { encodeNpy as encodeWith, parseNpyHeader } from '../data/npy.js';
import { verifyListed } from '../integrity.js';

export type NpyData = Float32Array | Float64Array | Int32Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Uint32Array | BigInt64Array;

export interface NpyArray {
  data: NpyData;
  shape: number[];
  dtype: string;
}

const CTORS: Record<string, { ctor: new (buf: ArrayBuffer, byteOffset?: number, length?: number) => NpyData; bytes: number }> = {
  f4: { ctor: Float32Array, bytes: 4 },
  f8: { ctor: Float64Array, bytes: 8 },
  i4: { ctor: Int32Array, bytes: 4 },
  u4: { ctor: Uint32Array, bytes: 4 },
  i2: { ctor: Int16Array, bytes: 2 },
  u2: { ctor: Uint16Array, bytes: 2 },
  i1: { ctor: Int8Array, bytes: 1 },
  u1: { ctor: Uint8Array, bytes: 1 },
  b1: { ctor: Uint8Array, bytes: 1 },
  i8: { ctor: BigInt64Array, bytes: 8 },
};

export function parseNpy(buf: Uint8Array, name = '<buffer>'): NpyArray {
  const info = parseNpyHeader(buf, name);
  if (info.fortranOrder) throw new Error(`${name}: Fortran-order arrays are not supported (save with np.ascontiguousarray)`);
  const descr = info.dtype;
  const shape = info.shape;
  const offset = info.dataOffset;
  const endian = descr[0];
  const kind = descr.slice(1);
  const spec = CTORS[kind];
  if (!spec) throw new Error(`${name}: dtype '${descr}' not supported (expected float32/float64/int/uint/bool)`);
  if (endian === '>' && spec.bytes > 1) throw new Error(`${name}: big-endian dtype '${descr}' not supported`);
  const count = shape.reduce((a, b) => a * b, 1);
  const found = buf.length - offset;
  if (found !== count * spec.bytes) {
    throw new Error(`${name}: ${found < count * spec.bytes ? 'truncated' : 'longer than its header says'}: shape (${shape.join(', ')}) needs ${count * spec.bytes} data bytes, found ${found}`);
  }
  // A file buffer of its own with aligned data (npy pads headers to 64 bytes) is viewed in place: no copy
  // of a 131 MB layer. Otherwise copy into a fresh aligned buffer (small Node Buffers share a pool).
  const start = buf.byteOffset + offset;
  if (buf.byteOffset === 0 && buf.buffer.byteLength === buf.length && start % spec.bytes === 0) {
    return { data: new spec.ctor(buf.buffer as ArrayBuffer, start, count), shape, dtype: kind };
  }
  const copy = new Uint8Array(count * spec.bytes);
  copy.set(buf.subarray(offset, offset + count * spec.bytes));
  return { data: new spec.ctor(copy.buffer), shape, dtype: kind };
}

/** Reads a .npy; one listed in a SHA256SUMS beside it (extracted activations) is verified first. */
export function readNpy(path: string): NpyArray {
  verifyListed(path);
  return parseNpy(readFileSync(path), path);
}

/** Any numeric .npy as Float64Array (int64 via Number). */
export function toFloat64(a: NpyArray): Float64Array {
  if (a.data instanceof Float64Array) return a.data;
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Number(a.data[i]);
  return out;
}

/** A 2-D float matrix (1-D becomes n x 1), keeping float32 as float32 so big activations stay compact. */
export function readMatrix(path: string): { data: Float32Array | Float64Array; rows: number; cols: number } {
  const a = readNpy(path);
  if (a.shape.length < 1 || a.shape.length > 2) throw new Error(`${path}: expected a 1-D or 2-D array (rows x features), got shape (${a.shape.join(', ')})`);
  const rows = a.shape[0];
  const cols = a.shape.length === 2 ? a.shape[1] : 1;
  const data = a.data instanceof Float32Array ? a.data : toFloat64(a);
  return { data, rows, cols };
}

/** A 1-D vector (or n x 1 matrix) as Float64Array. */
export function readVector(path: string): Float64Array {
  const a = readNpy(path);
  if (a.shape.length > 2 || (a.shape.length === 2 && a.shape[1] !== 1)) {
    throw new Error(`${path}: expected a 1-D array, got shape (${a.shape.join(', ')})`);
  }
  return toFloat64(a);
}

export function encodeNpy(data: Float64Array | Float32Array | Int32Array, shape: number[]): Uint8Array {
  return encodeWith(data instanceof Float64Array ? '<f8' : data instanceof Float32Array ? '<f4' : '<i4', shape, data);
}

/** Atomic write (temp file + rename) so a crash never leaves half an array behind. */
export function writeNpy(path: string, data: Float64Array | Float32Array | Int32Array, shape: number[]): void {
  writeAtomic(path, encodeNpy(data, shape));
}
