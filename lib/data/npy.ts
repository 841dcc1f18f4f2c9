// NumPy .npy (format version 1.0) headers: write uint8/float32/int32 arrays that numpy.load reads,
// and parse headers back (dtype, shape, where the data starts).

export type NpyDtype = '|u1' | '<f4' | '<i4' | '<f8';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** Header bytes (magic, version 1.0, length, dict padded with spaces to a multiple of 64, '\n'). */
export function npyHeader(dtype: NpyDtype, shape: readonly number[]): Uint8Array {
  const shp = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shp}, }`;
  const total = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + dict.length);
  out.set(MAGIC, 0);
  out[6] = 1; out[7] = 0;
  out[8] = dict.length & 255; out[9] = dict.length >> 8;
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  return out;
}

export interface NpyInfo {
  dtype: string;
  shape: number[];
  fortranOrder: boolean;
  /** byte offset of the data */
  dataOffset: number;
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

/** A whole .npy file in memory. */
export function encodeNpy(dtype: NpyDtype, shape: readonly number[], data: ArrayBufferView): Uint8Array {
  const h = npyHeader(dtype, shape);
  const out = new Uint8Array(h.length + data.byteLength);
  out.set(h, 0);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), h.length);
  return out;
}

/** Decode a small .npy file (tests and fixtures) into a typed array. */
export function decodeNpy(bytes: Uint8Array, name = 'array.npy'): { shape: number[]; data: Uint8Array | Float32Array | Int32Array | Float64Array } {
  const info = parseNpyHeader(bytes, name);
  if (info.fortranOrder) throw new Error(`${name}: fortran_order arrays are not supported`);
  const n = info.shape.reduce((a, b) => a * b, 1);
  const body = Uint8Array.prototype.slice.call(bytes, info.dataOffset); // a copy, aligned at 0 (Buffer.slice would share)
  const make = { '|u1': () => new Uint8Array(body.buffer, 0, n), '<f4': () => new Float32Array(body.buffer, 0, n), '<i4': () => new Int32Array(body.buffer, 0, n), '<f8': () => new Float64Array(body.buffer, 0, n) }[info.dtype as NpyDtype];
  if (!make) throw new Error(`${name}: dtype ${info.dtype} not supported (expected |u1, <f4, <i4 or <f8)`);
  const bytesPer = { '|u1': 1, '<f4': 4, '<i4': 4, '<f8': 8 }[info.dtype as NpyDtype];
  if (body.length !== n * bytesPer) {
    throw new Error(`${name}: ${body.length < n * bytesPer ? 'truncated' : 'longer than its header says'}: shape (${info.shape.join(', ')}) needs ${n * bytesPer} data bytes, found ${body.length}`);
  }
  return { shape: info.shape, data: make() };
}
