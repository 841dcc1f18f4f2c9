// .npz archives (what numpy.savez writes: an uncompressed zip of .npy members), written and read
// whole. Members are stored (no compression) with fixed timestamps, so equal arrays give equal bytes,
// and every member's CRC-32 is checked on read (lib/zip.ts), so a truncated or corrupted file is reported, not used.
// Non-.npy members (e.g. `state.json`) are allowed; numpy.load returns them as bytes.
import { readFileSync } from 'node:fs';
import { writeAtomic } from '../atomic.js';
import { decodeNpy, npyParts, type NpyArray, type NpyWritable } from '../npy.js';
import { zipParts, ZipReader } from '../zip.js';

const DOS_DATE_1980_01_01 = 0x21;

export type NpzEntries = Map<string, NpyArray | Buffer>;

/** A raw (non-.npy) member such as `state.json`. */
export function isRawMember(v: NpyArray | Buffer | undefined): v is Buffer {
  return Buffer.isBuffer(v);
}

/** Writes `entries` as an .npz at `file` atomically and durably: a temp file, fsync, then rename over the target. */
export function writeNpzAtomic(file: string, entries: NpzEntries): void {
  const members = [...entries].map(([key, value]) => isRawMember(value)
    ? { name: key, data: value }
    : { name: `${key}.npy`, data: npyParts(value.data as NpyWritable, value.shape) });
  let parts: Uint8Array[];
  try { parts = zipParts(members, { dosDate: DOS_DATE_1980_01_01 }); } catch (err) { throw new Error(`${file}: ${(err as Error).message}`); }
  writeAtomic(file, parts, { durable: true });
}

/** Reads every member of an .npz; `.npy` members are decoded (key without the suffix), others are raw bytes. */
export function readNpz(file: string): NpzEntries {
  const zip = ZipReader.fromBuffer(readFileSync(file), file, 'corrupt or truncated .npz');
  const out: NpzEntries = new Map();
  for (const name of zip.names()) {
    const data = zip.get(name);
    if (name.endsWith('.npy')) out.set(name.slice(0, -4), decodeNpy(data, `${file}:${name}`));
    else out.set(name, Buffer.from(data));
  }
  return out;
}
