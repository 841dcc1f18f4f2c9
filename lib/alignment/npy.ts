// Small local .npy reader/writer (C-order little-endian numeric arrays) for the score/pls commands.
// Stand-in until the shared lib/data/npy.ts exists (lib/analysis/npy_io.ts currently returns the
// header bytes too when given a Buffer from readFileSync: it views `buf.slice(...).buffer`, and a
// Node Buffer's slice shares, not copies, the whole underlying ArrayBuffer).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface NpyArray {
  data: Float32Array | Float64Array | Int32Array | Uint8Array | BigInt64Array;
  shape: number[];
}

const KINDS: Record<string, { bytes: number; make: (b: ArrayBuffer) => NpyArray['data'] }> = {
  '<f4': { bytes: 4, make: (b) => new Float32Array(b) },
  '<f8': { bytes: 8, make: (b) => new Float64Array(b) },
  '<i4': { bytes: 4, make: (b) => new Int32Array(b) },
  '<i8': { bytes: 8, make: (b) => new BigInt64Array(b) },
  '|u1': { bytes: 1, make: (b) => new Uint8Array(b) },
  '|b1': { bytes: 1, make: (b) => new Uint8Array(b) },
};

export function readNpy(path: string): NpyArray {
  const buf = readFileSync(path);
  if (buf.length < 10 || buf.readUInt32BE(0) !== 0x934e554d || buf[4] !== 0x50 || buf[5] !== 0x59) throw new Error(`${path}: not a .npy file`);
  const major = buf[6];
  const hlen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', start, start + hlen);
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1] ?? '';
  const kind = KINDS[descr === '<u1' ? '|u1' : descr];
  if (!kind) throw new Error(`${path}: dtype '${descr}' not supported (expected <f4, <f8, <i4, <i8 or uint8)`);
  if (/'fortran_order'\s*:\s*True/.test(header)) throw new Error(`${path}: Fortran-order arrays are not supported (save with np.ascontiguousarray)`);
  const shape = (/'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const off = start + hlen;
  if (buf.length < off + count * kind.bytes) throw new Error(`${path}: truncated (${buf.length - off} data bytes, shape needs ${count * kind.bytes})`);
  const copy = new ArrayBuffer(count * kind.bytes);
  new Uint8Array(copy).set(buf.subarray(off, off + count * kind.bytes));
  return { data: kind.make(copy), shape };
}

/** A 2-D (or 1-D as n x 1) numeric matrix, float32 kept, everything else as float64. */
export function readMatrix(path: string): { data: Float32Array | Float64Array; rows: number; cols: number } {
  const a = readNpy(path);
  if (a.shape.length < 1 || a.shape.length > 2) throw new Error(`${path}: expected a 1-D or 2-D array (rows x features), got shape (${a.shape.join(', ')})`);
  const data = a.data instanceof Float32Array || a.data instanceof Float64Array ? a.data : Float64Array.from(a.data as ArrayLike<number | bigint>, Number);
  return { data, rows: a.shape[0], cols: a.shape[1] ?? 1 };
}

/** Atomic write (temp file + rename). */
export function writeNpy(path: string, data: Float32Array | Float64Array, shape: number[]): void {
  const descr = data instanceof Float64Array ? '<f8' : '<f4';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const head = Buffer.alloc(10 + header.length);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  head.writeUInt16LE(header.length, 8);
  head.write(header, 10, 'latin1');
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, Buffer.concat([head, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
  renameSync(tmp, path);
}
