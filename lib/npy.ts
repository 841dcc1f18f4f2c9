// NumPy .npy files, the project's one reader and writer. Writes format 1.0 exactly as numpy.save does
// (uint8, float32, int32, float64; C order; header padded with spaces to a multiple of 64 bytes), and
// reads any little-endian numeric dtype numpy writes (int64 labels, bool, ...), viewing a large file's
// data in place instead of copying it. Files are written through lib/atomic.ts.
import { readFileSync } from 'node:fs';
import { writeAtomic } from './atomic.js';
import { verifyListed } from './integrity.js';

/** The dtypes written (numpy's `descr` strings). */
export type NpyDtype = '|u1' | '<f4' | '<i4' | '<f8';
export type NpyWritable = Uint8Array | Float32Array | Int32Array | Float64Array;
export type NpyData = NpyWritable | Int8Array | Int16Array | Uint16Array | Uint32Array | BigInt64Array;

export interface NpyArray {
  /** numpy's `descr` as in the header: '<f4', '|u1', '<i8', '|b1', ... */
  dtype: string;
  shape: number[];
  data: NpyData;
}

export interface NpyInfo {
  dtype: string;
  shape: number[];
  fortranOrder: boolean;
  /** byte offset of the data */
  dataOffset: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

type TypedArrayClass = new (buf: ArrayBuffer, byteOffset?: number, length?: number) => NpyData;
/** Element type by numpy kind+size (the descr without its byte-order character). */
const KINDS: Record<string, { ctor: TypedArrayClass; bytes: number }> = {
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

/** The dtype a typed array is written as. */
export function dtypeOf(data: NpyWritable): NpyDtype {
  if (data instanceof Uint8Array) return '|u1';
  if (data instanceof Float32Array) return '<f4';
  if (data instanceof Int32Array) return '<i4';
  if (data instanceof Float64Array) return '<f8';
  throw new Error(`.npy: cannot write a ${(data as object).constructor.name} (uint8, float32, int32 or float64 only)`);
}

/** Header bytes (magic, version 1.0, length, dict padded with spaces to a multiple of 64, '\n'). */
export function npyHeader(dtype: NpyDtype, shape: readonly number[]): Buffer {
  const shp = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shp}, }`;
  const total = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = Buffer.alloc(10 + dict.length);
  out.set(MAGIC, 0);
  out[6] = 1; out[7] = 0;
  out.writeUInt16LE(dict.length, 8);
  out.write(dict, 10, 'latin1');
  return out;
}

/** Parse the header at the start of `bytes` (at least the first 10 + header length bytes). `name` goes in errors. */
export function parseNpyHeader(bytes: Uint8Array, name: string): NpyInfo {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) throw new Error(`${name}: not a .npy file (bad magic)`);
  const major = bytes[6];
  const hlen = major === 1 ? bytes[8] | (bytes[9] << 8) : bytes[8] | (bytes[9] << 8) | (bytes[10] << 16) | (bytes[11] << 24);
  const start = major === 1 ? 10 : 12;
  if (bytes.length < start + hlen) throw new Error(`${name}: truncated .npy header`);
  const text = String.fromCharCode(...bytes.subarray(start, start + hlen));
  const descr = /'descr':\s*'([^']+)'/.exec(text)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(text)?.[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(text)?.[1];
  if (!descr || !fortran || shape === undefined) throw new Error(`${name}: unreadable .npy header '${text.trim()}'`);
  return {
    dtype: descr,
    fortranOrder: fortran === 'True',
    shape: shape.split(',').map((s) => s.trim()).filter((s) => s.length).map(Number),
    dataOffset: start + hlen,
  };
}

/** A header and the data's own bytes (not copied): the pieces of a .npy file, for writers that stream. */
export function npyParts(data: NpyWritable, shape: readonly number[]): [Buffer, Uint8Array] {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new Error(`.npy: shape (${shape.join(', ')}) holds ${size} values, data has ${data.length}`);
  return [npyHeader(dtypeOf(data), shape), new Uint8Array(data.buffer, data.byteOffset, data.byteLength)];
}

/** A whole .npy file in memory, its dtype following the typed array. */
export function encodeNpy(data: NpyWritable, shape: readonly number[]): Buffer {
  return Buffer.concat(npyParts(data, shape));
}

/**
 * Decode a .npy file's bytes. A buffer that is the whole file on its own (readFileSync's) with aligned data
 * is viewed in place: no copy of a 131 MB layer. Anything else (a member inside a zip, a pooled small Buffer)
 * is copied into a fresh aligned buffer.
 */
export function decodeNpy(bytes: Uint8Array, name = 'array.npy'): NpyArray {
  const info = parseNpyHeader(bytes, name);
  if (info.fortranOrder) throw new Error(`${name}: Fortran-order arrays are not supported (save with np.ascontiguousarray)`);
  const { dtype, shape, dataOffset } = info;
  const kind = KINDS[dtype.slice(1)];
  if (!kind) throw new Error(`${name}: dtype '${dtype}' not supported (expected float32/float64/int/uint/bool)`);
  if (dtype[0] === '>' && kind.bytes > 1) throw new Error(`${name}: big-endian dtype '${dtype}' not supported`);
  const count = shape.reduce((a, b) => a * b, 1);
  const need = count * kind.bytes;
  const found = bytes.length - dataOffset;
  if (found !== need) {
    throw new Error(`${name}: ${found < need ? 'truncated' : 'longer than its header says'}: shape (${shape.join(', ')}) needs ${need} data bytes, found ${found}`);
  }
  const start = bytes.byteOffset + dataOffset;
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length && start % kind.bytes === 0) {
    return { dtype, shape, data: new kind.ctor(bytes.buffer as ArrayBuffer, start, count) };
  }
  const copy = new Uint8Array(need);
  copy.set(bytes.subarray(dataOffset, dataOffset + need));
  return { dtype, shape, data: new kind.ctor(copy.buffer) };
}

/** Reads a .npy; one listed in a SHA256SUMS beside it (extracted activations) is verified first. */
export function readNpy(path: string): NpyArray {
  verifyListed(path);
  return decodeNpy(readFileSync(path), path);
}

/** Atomic write (temp file + rename) so a crash never leaves half an array behind. */
export function writeNpy(path: string, data: NpyWritable, shape: readonly number[]): void {
  writeAtomic(path, npyParts(data, shape));
}

/** Any numeric array as Float64Array (int64 via Number). */
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
