// .npz archives (what numpy.savez writes: an uncompressed zip of .npy members), written and read
// whole. Members are stored (no compression) with fixed timestamps, so equal arrays give equal bytes,
// and every member's CRC-32 is checked on read, so a truncated or corrupted file is reported, not used.
// Non-.npy members (e.g. `state.json`) are allowed; numpy.load returns them as bytes.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { removeQuietly } from '../atomic.js';
import { describeFsError, tempName } from '../fs_guard.js';
import { decodeNpy, encodeNpy, type NpyArray } from './npy.js';

const DOS_DATE_1980_01_01 = 0x21;

export type NpzEntries = Map<string, NpyArray | Buffer>;

/** A raw (non-.npy) member such as `state.json`. */
export function isRawMember(v: NpyArray | Buffer | undefined): v is Buffer {
  return Buffer.isBuffer(v);
}

/** Writes `entries` as an .npz at `file` atomically: a temp file, fsync, then rename over the target. */
export function writeNpzAtomic(file: string, entries: NpzEntries): void {
  const tmp = tempName(file);
  try {
    writeNpzTo(tmp, file, entries);
    renameSync(tmp, file);
  } catch (err) {
    removeQuietly(tmp);
    throw describeFsError(err, file, 'cannot write');
  }
}

function writeNpzTo(tmp: string, file: string, entries: NpzEntries): void {
  const fd = openSync(tmp, 'w');
  try {
    const central: Buffer[] = [];
    let offset = 0;
    for (const [key, value] of entries) {
      const raw = isRawMember(value);
      const name = Buffer.from(raw ? key : `${key}.npy`, 'utf8');
      const data = isRawMember(value) ? value : encodeNpy(value);
      if (offset + data.length > 0xffffffff) throw new Error(`${file}: archive over 4 GiB is not supported`);
      const crc = crc32(data);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0, 6);
      local.writeUInt16LE(0, 8); local.writeUInt16LE(0, 10); local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
      local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22);
      local.writeUInt16LE(name.length, 26); local.writeUInt16LE(0, 28);
      const cen = Buffer.alloc(46);
      cen.writeUInt32LE(0x02014b50, 0); cen.writeUInt16LE(20, 4); cen.writeUInt16LE(20, 6);
      cen.writeUInt16LE(0, 8); cen.writeUInt16LE(0, 10); cen.writeUInt16LE(0, 12); cen.writeUInt16LE(DOS_DATE_1980_01_01, 14);
      cen.writeUInt32LE(crc, 16); cen.writeUInt32LE(data.length, 20); cen.writeUInt32LE(data.length, 24);
      cen.writeUInt16LE(name.length, 28); cen.writeUInt32LE(offset, 42);
      central.push(cen, name);
      writeSync(fd, local); writeSync(fd, name); writeSync(fd, data);
      offset += local.length + name.length + data.length;
    }
    const cd = Buffer.concat(central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.size, 8); end.writeUInt16LE(entries.size, 10);
    end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
    writeSync(fd, cd); writeSync(fd, end);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Reads every member of an .npz; `.npy` members are decoded (key without the suffix), others are raw bytes. */
export function readNpz(file: string): NpzEntries {
  const buf = readFileSync(file);
  const bad = (why: string) => new Error(`${file}: corrupt or truncated .npz (${why})`);
  const endAt = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0 || endAt + 22 > buf.length) throw bad('no end-of-archive record');
  const count = buf.readUInt16LE(endAt + 10);
  let p = buf.readUInt32LE(endAt + 16);
  const out: NpzEntries = new Map();
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw bad(`central directory entry ${i}`);
    if (buf.readUInt16LE(p + 10) !== 0) throw bad('compressed members are not supported');
    const crc = buf.readUInt32LE(p + 16);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw bad(`local header of ${name}`);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (dataAt + size > buf.length) throw bad(`${name} runs past the end of the file`);
    const data = buf.subarray(dataAt, dataAt + size);
    if (crc32(data) !== crc) throw bad(`${name} fails its CRC-32 check`);
    if (name.endsWith('.npy')) out.set(name.slice(0, -4), decodeNpy(data, `${file}:${name}`));
    else out.set(name, Buffer.from(data));
  }
  return out;
}
