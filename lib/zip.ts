// Zip archives, the project's one reader and writer (no zip64). The reader walks the central directory,
// extracts stored and deflated members, and checks each member's size and CRC-32, so a damaged archive is
// named with the member, not half-used. It reads from memory (.npz, torch.save files) or from a file on
// demand (brainio's stimulus zips, too large to hold). The writer stores members uncompressed, optionally
// with each member's data aligned (torch.save pads the local header's extra field to 64 bytes).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';

const LOCAL = 0x04034b50, CENTRAL = 0x02014b50, END = 0x06054b50;
const STORED = 0, DEFLATE = 8;
/** The end record is 22 bytes plus a comment of at most 65535. */
const END_SEARCH = 22 + 0xffff;
/** Extra-field id PyTorch uses for its alignment padding ('FB'). */
const PAD_ID = 0x4246;

interface Entry { method: number; crc: number; compressedSize: number; size: number; localOffset: number }

/** Bytes at an offset: a slice of a buffer in memory, or read from an open file. */
type ReadAt = (offset: number, length: number) => Buffer;

export class ZipReader {
  private readonly entries = new Map<string, Entry>();

  /**
   * `source` names the archive in errors; `what` says what a damaged one is ('damaged zip archive',
   * or e.g. 'corrupt or truncated .npz').
   */
  private constructor(private readonly readAt: ReadAt, size: number, readonly source: string,
    private readonly what: string, private readonly onClose: () => void) {
    const tailLen = Math.min(size, END_SEARCH);
    const tail = readAt(size - tailLen, tailLen);
    let end = -1;
    for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === END) { end = i; break; }
    if (end < 0) throw this.damaged('no end-of-archive record; truncated?');
    const count = tail.readUInt16LE(end + 10);
    const cdSize = tail.readUInt32LE(end + 12);
    const cdOffset = tail.readUInt32LE(end + 16);
    if (count === 0xffff || cdOffset === 0xffffffff) throw new Error(`${source}: zip64 archives (over 4 GiB) are not supported; unzip it and pass the folder`);
    if (cdOffset + cdSize > size) throw this.damaged('central directory runs past the end of the file');
    const cd = readAt(cdOffset, cdSize);
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw this.damaged(`central directory entry ${i}`);
      const nameLen = cd.readUInt16LE(p + 28), extraLen = cd.readUInt16LE(p + 30), commentLen = cd.readUInt16LE(p + 32);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      if (!name.endsWith('/')) { // folders hold no data
        this.entries.set(name, {
          method: cd.readUInt16LE(p + 10), crc: cd.readUInt32LE(p + 16), compressedSize: cd.readUInt32LE(p + 20),
          size: cd.readUInt32LE(p + 24), localOffset: cd.readUInt32LE(p + 42),
        });
      }
      p += 46 + nameLen + extraLen + commentLen;
    }
  }

  /** An archive held in memory; extracted stored members are views into `buf`. */
  static fromBuffer(buf: Buffer, source: string, what = 'damaged zip archive'): ZipReader {
    const readAt: ReadAt = (offset, length) => buf.subarray(offset, offset + length);
    return new ZipReader(readAt, buf.length, source, what, () => {});
  }

  /** An archive on disk, its members read when asked for; close() it when done. */
  static open(path: string, what = 'damaged zip archive'): ZipReader {
    const fd = openSync(path, 'r');
    try {
      const readAt: ReadAt = (offset, length) => {
        const buf = Buffer.alloc(length);
        const n = readSync(fd, buf, 0, length, offset);
        return n === length ? buf : buf.subarray(0, n);
      };
      return new ZipReader(readAt, fstatSync(fd).size, path, what, () => closeSync(fd));
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  /** Member names in central-directory order (folders left out). */
  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** One member's bytes, inflated if need be, after checking its size and CRC-32. */
  get(name: string): Buffer {
    const e = this.entries.get(name);
    if (!e) throw new Error(`${this.source}: no member '${name}'`);
    if (e.method !== STORED && e.method !== DEFLATE) {
      throw new Error(`${this.source}: member '${name}' uses compression method ${e.method}; only stored and deflate are supported`);
    }
    const header = this.readAt(e.localOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw this.damaged(`local header of '${name}'`);
    const start = e.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const raw = this.readAt(start, e.compressedSize);
    if (raw.length !== e.compressedSize) throw this.damaged(`'${name}' runs past the end of the file`);
    let data = raw;
    if (e.method === DEFLATE) {
      try { data = inflateRawSync(raw); } catch (err) { throw this.damaged(`'${name}' does not inflate: ${(err as Error).message}`); }
    }
    if (data.length !== e.size) throw this.damaged(`'${name}' holds ${data.length} bytes, the directory says ${e.size}`);
    if (crc32(data) !== e.crc) throw this.damaged(`CRC-32 mismatch in '${name}'`);
    return data;
  }

  /** Every member by name, in central-directory order. */
  readAll(): Map<string, Buffer> {
    return new Map(this.names().map((n) => [n, this.get(n)]));
  }

  close(): void {
    this.onClose();
  }

  private damaged(why: string): Error {
    return new Error(`${this.source}: ${this.what} (${why})`);
  }
}

export interface ZipMember {
  name: string;
  /** The member's bytes, possibly in pieces (a .npy header and its data), which are not joined. */
  data: Uint8Array | readonly Uint8Array[];
}

export interface ZipWriteOptions {
  /** Start each member's data at a multiple of this many bytes (padding in the local header's extra field). */
  align?: number;
  /** MS-DOS date field of every member; 0x21 is 1980-01-01 (fixed, so equal contents give equal bytes). */
  dosDate?: number;
}

/** A stored (uncompressed) zip of `members` in order, as pieces to write one after another. */
export function zipParts(members: readonly ZipMember[], opts: ZipWriteOptions = {}): Uint8Array[] {
  const parts: Uint8Array[] = [];
  const central: Buffer[] = [];
  const date = opts.dosDate ?? 0;
  let offset = 0;
  for (const m of members) {
    const pieces = m.data instanceof Uint8Array ? [m.data] : m.data;
    const size = pieces.reduce((n, p) => n + p.length, 0);
    const crc = pieces.reduce((c, p) => crc32(p, c), 0);
    const name = Buffer.from(m.name, 'utf8');
    let extra = Buffer.alloc(0);
    if (opts.align) {
      // An extra field needs 4 bytes of its own header, so pad to the next boundary at least 4 away.
      const pad = (opts.align - ((offset + 30 + name.length + 4) % opts.align)) % opts.align;
      extra = Buffer.alloc(4 + pad);
      extra.writeUInt16LE(PAD_ID, 0); extra.writeUInt16LE(pad, 2);
    }
    if (offset + 30 + name.length + extra.length + size > 0xffffffff) throw new Error(`zip over 4 GiB is not supported (member '${m.name}')`);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(size, 18); local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26); local.writeUInt16LE(extra.length, 28);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(CENTRAL, 0); cen.writeUInt16LE(20, 4); cen.writeUInt16LE(20, 6); cen.writeUInt16LE(date, 14);
    cen.writeUInt32LE(crc, 16); cen.writeUInt32LE(size, 20); cen.writeUInt32LE(size, 24);
    cen.writeUInt16LE(name.length, 28); cen.writeUInt32LE(offset, 42);
    central.push(cen, name);
    parts.push(local, name, ...(extra.length ? [extra] : []), ...pieces);
    offset += 30 + name.length + extra.length + size;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(members.length, 8); end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  parts.push(cd, end);
  return parts;
}

/** The whole archive in one buffer. */
export function encodeZip(members: readonly ZipMember[], opts: ZipWriteOptions = {}): Buffer {
  return Buffer.concat(zipParts(members, opts));
}
