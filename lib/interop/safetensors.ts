// safetensors (Hugging Face's tensor file): an unsigned 64-bit little-endian header length N, N
// bytes of JSON {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}},
// then the data, offsets relative to its start. Read strictly (offsets must tile the data exactly).
import { DTYPE_BYTES, numel, Tensor, type DType, type RawTensor } from './tensor.js';

interface HeaderEntry { dtype: DType; shape: number[]; data_offsets: [number, number] }

export function readSafetensors(buf: Buffer, source: string): Map<string, Tensor> {
  const bad = (why: string) => new Error(`${source}: not a valid safetensors file (${why})`);
  if (buf.length < 8) throw bad('shorter than its 8-byte header length');
  const n = Number(buf.readBigUInt64LE(0));
  if (n < 2 || 8 + n > buf.length) throw bad(`header length ${n} does not fit a ${buf.length}-byte file`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(buf.toString('utf8', 8, 8 + n)) as Record<string, unknown>;
  } catch (err) {
    throw bad(`header is not JSON: ${(err as Error).message}`);
  }
  const data = buf.subarray(8 + n);
  const out = new Map<string, Tensor>();
  const spans: [number, number, string][] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const e = value as HeaderEntry;
    if (!e || !(e.dtype in DTYPE_BYTES)) throw bad(`tensor '${name}' has dtype ${JSON.stringify(e?.dtype)}`);
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0)) throw bad(`tensor '${name}' has shape ${JSON.stringify(e.shape)}`);
    const [b, f] = Array.isArray(e.data_offsets) ? e.data_offsets : [NaN, NaN];
    if (!(Number.isInteger(b) && Number.isInteger(f) && b >= 0 && f <= data.length && f - b === numel(e.shape) * DTYPE_BYTES[e.dtype])) {
      throw bad(`tensor '${name}' has data_offsets ${JSON.stringify(e.data_offsets)} for ${e.dtype} [${e.shape.join(', ')}] in ${data.length} data bytes`);
    }
    spans.push([b, f, name]);
    out.set(name, new Tensor(e.dtype, e.shape, Buffer.from(data.subarray(b, f))));
  }
  spans.sort((x, y) => x[0] - y[0]);
  let at = 0;
  for (const [b, f, name] of spans) {
    if (b !== at) throw bad(`tensor '${name}' starts at ${b}, expected ${at} (gap or overlap)`);
    at = f;
  }
  if (at !== data.length) throw bad(`${data.length - at} data bytes after the last tensor`);
  return out;
}

/** Tensors in the given order; the header is padded with spaces to a multiple of 8 bytes. */
export function encodeSafetensors(tensors: ReadonlyArray<{ name: string; tensor: RawTensor }>, metadata: Record<string, string> = {}): Buffer {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const { name, tensor } of tensors) {
    header[name] = { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, offset + tensor.bytes.length] };
    offset += tensor.bytes.length;
  }
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  json = Buffer.concat([json, Buffer.alloc((8 - (json.length % 8)) % 8, 0x20)]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, ...tensors.map((t) => t.tensor.bytes)]);
}
