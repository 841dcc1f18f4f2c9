// Reading members of a .zip (brainio packs stimulus images in one; stored or deflated members,
// no zip64). Reads the central directory at the end of the file, then each member on demand.
import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

interface Entry { method: number; compressedSize: number; size: number; localOffset: number }

export class ZipReader {
  private readonly entries = new Map<string, Entry>();
  private readonly fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
    const size = fstatSync(this.fd).size;
    const tailLen = Math.min(size, 65_557);
    const tail = this.read(size - tailLen, tailLen);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
    if (eocd < 0) throw new Error(`${path}: not a zip file (no end-of-central-directory record)`);
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff || count === 0xffff) throw new Error(`${path}: zip64 archives are not supported; unzip it and pass the folder`);
    const cd = this.read(cdOffset, cdSize);
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error(`${path}: corrupt central directory entry ${k}`);
      const method = cd.readUInt16LE(p + 10);
      const compressedSize = cd.readUInt32LE(p + 20);
      const sz = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const localOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      if (!name.endsWith('/')) this.entries.set(name, { method, compressedSize, size: sz, localOffset });
      p += 46 + nameLen + extraLen + commentLen;
    }
  }

  private read(offset: number, length: number): Buffer {
    const buf = Buffer.alloc(length);
    readSync(this.fd, buf, 0, length, offset);
    return buf;
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  get(name: string): Buffer {
    const e = this.entries.get(name);
    if (!e) throw new Error(`${this.path}: no member '${name}'`);
    const header = this.read(e.localOffset, 30);
    if (header.readUInt32LE(0) !== 0x04034b50) throw new Error(`${this.path}: corrupt local header for '${name}'`);
    const start = e.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const raw = this.read(start, e.compressedSize);
    if (e.method === 0) return raw;
    if (e.method === 8) return inflateRawSync(raw);
    throw new Error(`${this.path}: member '${name}' uses compression method ${e.method}; only stored and deflate are supported`);
  }

  close(): void {
    closeSync(this.fd);
  }
}
