// A tensor as it sits in a checkpoint file: a dtype name, a shape and its contiguous little-endian
// bytes (C order). Both file formats (torch zip, safetensors) read into this and write from it.

/** safetensors' dtype names; torch storage classes map onto them (lib/interop/torch_file.ts). */
export type DType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

export const DTYPE_BYTES: Record<DType, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

export interface RawTensor {
  dtype: DType;
  shape: number[];
  /** numel * DTYPE_BYTES[dtype] bytes, C order, little-endian. */
  bytes: Buffer;
}

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** IEEE half -> float. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? Number.NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** The values as float32 (floating dtypes only: weights are never integers). `what` names it in errors. */
export function toFloat32(t: RawTensor, what: string): Float32Array {
  const n = numel(t.shape);
  const b = t.bytes;
  const out = new Float32Array(n);
  switch (t.dtype) {
    case 'F32': new Uint8Array(out.buffer).set(b.subarray(0, 4 * n)); return out; // little-endian host, as tfjs assumes
    case 'F64': for (let i = 0; i < n; i++) out[i] = b.readDoubleLE(8 * i); return out;
    case 'F16': for (let i = 0; i < n; i++) out[i] = halfToFloat(b.readUInt16LE(2 * i)); return out;
    case 'BF16': {
      const word = Buffer.alloc(4);
      for (let i = 0; i < n; i++) { word.writeUInt32LE(b.readUInt16LE(2 * i) << 16 >>> 0, 0); out[i] = word.readFloatLE(0); }
      return out;
    }
    default: throw new Error(`${what}: dtype ${t.dtype}, expected a floating-point tensor (F32, F64, F16, BF16)`);
  }
}

/** An integer scalar (e.g. num_batches_tracked). */
export function toInteger(t: RawTensor, what: string): number {
  if (numel(t.shape) !== 1) throw new Error(`${what}: expected a scalar, got shape [${t.shape.join(', ')}]`);
  switch (t.dtype) {
    case 'I64': return Number(t.bytes.readBigInt64LE(0));
    case 'I32': return t.bytes.readInt32LE(0);
    default: throw new Error(`${what}: dtype ${t.dtype}, expected an integer scalar (I64 or I32)`);
  }
}

export function float32Tensor(shape: number[], data: Float32Array): RawTensor {
  return { dtype: 'F32', shape, bytes: Buffer.from(data.buffer, data.byteOffset, data.byteLength) };
}

export function int64Scalar(v: number): RawTensor {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64LE(BigInt(v));
  return { dtype: 'I64', shape: [], bytes };
}

/** A tensor read from a file (a class, so readers can tell it from the other values of a pickle). */
export class Tensor implements RawTensor {
  constructor(readonly dtype: DType, readonly shape: number[], readonly bytes: Buffer) {}
}
