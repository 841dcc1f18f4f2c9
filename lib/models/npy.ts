// NumPy .npy v1.0 encode/decode for float32, float64 and int32 little-endian C-order arrays.
// Format: \x93NUMPY, version 1.0, uint16 header length, a Python dict literal padded with spaces to
// a multiple of 64 bytes and ended by '\n', then the raw data (numpy/lib/format.py).

export type NpyDtype = '<f4' | '<f8' | '<i4';
export type NpyData = Float32Array | Float64Array | Int32Array;

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: NpyData;
}

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);

export function dtypeOf(a: NpyData): NpyDtype {
  if (a instanceof Float32Array) return '<f4';
  if (a instanceof Float64Array) return '<f8';
  return '<i4';
}

/** The header (magic through padding) for an array of `shape`; data follows it directly. */
export function npyHeader(dtype: NpyDtype, shape: readonly number[]): Buffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  MAGIC.copy(head, 0);
  head[6] = 1; head[7] = 0;
  head.writeUInt16LE(dict.length, 8);
  return Buffer.concat([head, Buffer.from(dict, 'latin1')]);
}

export function encodeNpy(a: NpyArray): Buffer {
  const size = a.shape.reduce((x, y) => x * y, 1);
  if (size !== a.data.length) throw new Error(`encodeNpy: shape ${a.shape.join('x')} holds ${size} values, data has ${a.data.length}`);
  return Buffer.concat([npyHeader(a.dtype, a.shape), Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength)]);
}

/** Parses a .npy buffer (copying the data so it is aligned). `what` names the source in errors. */
export function decodeNpy(buf: Buffer, what = 'npy'): NpyArray {
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC)) throw new Error(`${what}: not a .npy array (bad magic)`);
  const major = buf[6]!;
  const hlen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.subarray(start, start + hlen).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new Error(`${what}: unreadable .npy header ${JSON.stringify(header.trim())}`);
  if (fortran === 'True') throw new Error(`${what}: Fortran-order arrays are not supported`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const size = shape.reduce((x, y) => x * y, 1);
  const bytes = buf.subarray(start + hlen);
  const ctor = descr === '<f4' ? Float32Array : descr === '<f8' ? Float64Array : descr === '<i4' ? Int32Array : undefined;
  if (!ctor) throw new Error(`${what}: dtype ${descr} not supported (expected <f4, <f8 or <i4)`);
  if (bytes.length !== size * ctor.BYTES_PER_ELEMENT) {
    throw new Error(`${what}: shape (${shape.join(', ')}) needs ${size * ctor.BYTES_PER_ELEMENT} data bytes, file has ${bytes.length}`);
  }
  const data = new ctor(size);
  Buffer.from(data.buffer).set(bytes);
  return { dtype: descr as NpyDtype, shape, data };
}
