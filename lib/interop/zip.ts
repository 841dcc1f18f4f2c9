// The zip container of torch.save (since PyTorch 1.6): stored members, the data ones aligned to 64
// bytes by padding the local header's extra field, as PyTorch's writer does. Read whole from memory
// with every member's CRC-32 checked, so a damaged file is named, not half-used.
import { crc32 } from 'node:zlib';

const LOCAL = 0x04034b50, CENTRAL = 0x02014b50, END = 0x06054b50;
const ALIGN = 64;
/** Extra-field id PyTorch uses for its alignment padding ('FB'). */
const PAD_ID = 0x4246;

/** Members by name (stored, CRC-checked); `source` names the file in errors. */
export function readZip(buf: Buffer, source: string): Map<string, Buffer> {
  const bad = (why: string) => new Error(`${source}: damaged zip archive (${why})`);
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) if (buf.readUInt32LE(i) === END) { end = i; break; }
  if (end < 0) throw bad('no end-of-archive record; truncated?');
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  if (count === 0xffff || p === 0xffffffff) throw new Error(`${source}: zip64 archives (over 4 GiB) are not supported`);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw bad(`central directory entry ${i}`);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (method !== 0) throw new Error(`${source}: member '${name}' is compressed (method ${method}); torch.save stores members uncompressed`);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw bad(`local header of '${name}'`);
    const at = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (at + size > buf.length) throw bad(`'${name}' runs past the end of the file`);
    const data = buf.subarray(at, at + size);
    if (crc32(data) !== crc) throw bad(`CRC-32 mismatch in '${name}'`);
    out.set(name, data);
  }
  return out;
}

/** A stored zip of `members` in order, each member's data starting at a multiple of 64 bytes. */
export function encodeZip(members: ReadonlyArray<{ name: string; data: Buffer }>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of members) {
    const nameBytes = Buffer.from(name, 'utf8');
    const headerEnd = offset + 30 + nameBytes.length;
    // An extra field needs 4 bytes of its own header, so pad to the next boundary at least 4 away.
    const pad = (ALIGN - ((headerEnd + 4) % ALIGN)) % ALIGN;
    const extra = Buffer.alloc(4 + pad);
    extra.writeUInt16LE(PAD_ID, 0); extra.writeUInt16LE(pad, 2);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0); local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26); local.writeUInt16LE(extra.length, 28);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(CENTRAL, 0); cen.writeUInt16LE(20, 4); cen.writeUInt16LE(20, 6);
    cen.writeUInt32LE(crc, 16); cen.writeUInt32LE(data.length, 20); cen.writeUInt32LE(data.length, 24);
    cen.writeUInt16LE(nameBytes.length, 28); cen.writeUInt32LE(offset, 42);
    central.push(cen, nameBytes);
    parts.push(local, nameBytes, extra, data);
    offset += 30 + nameBytes.length + extra.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(members.length, 8); end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  if (offset > 0xffffffff) throw new Error(`zip over 4 GiB is not supported`);
  return Buffer.concat([...parts, cd, end]);
}
