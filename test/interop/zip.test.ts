// lib/zip.ts: the one zip reader (in memory or from a file, stored and deflated members, size and CRC-32
// checked) and writer (stored, optionally aligned), used by .npz, torch.save files and brainio stimuli.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeZip, zipParts, ZipReader } from '../../lib/zip.js';

const dir = mkdtempSync(join(tmpdir(), 'ww-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TINY = join('data', 'fixtures', 'alignment', 'image_test_tiny.zip'); // im_a.png deflated, im_b.png stored

const members = [
  { name: 'a/first.bin', data: Buffer.from('hello, zip') },
  { name: 'a/pieces.bin', data: [Buffer.from('head|'), Uint8Array.from([1, 2, 3]), Buffer.alloc(0)] },
  { name: 'a/empty', data: Buffer.alloc(0) },
];
const whole = (d: Uint8Array | readonly Uint8Array[]) => Buffer.concat(d instanceof Uint8Array ? [d] : [...d]);

/** Offset of the central directory entry of member `k` (entries are 46 bytes plus the name). */
function centralEntry(zip: Buffer, k: number): number {
  let p = zip.readUInt32LE(zip.length - 22 + 16);
  for (let i = 0; i < k; i++) p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  return p;
}

describe('zip writer and reader', () => {
  it('round-trips members (pieces joined) in order, from memory and from a file', () => {
    const zip = encodeZip(members, { dosDate: 0x21 });
    expect(Buffer.concat(zipParts(members, { dosDate: 0x21 })).equals(zip)).toBe(true);
    const want = members.map((m) => [m.name, whole(m.data)]);
    expect([...ZipReader.fromBuffer(zip, 'mem.zip').readAll()]).toEqual(want);
    const file = join(dir, 'round.zip');
    writeFileSync(file, zip);
    const r = ZipReader.open(file);
    try {
      expect(r.names()).toEqual(members.map((m) => m.name));
      expect(r.get('a/pieces.bin')).toEqual(Buffer.from('head|\x01\x02\x03', 'latin1'));
      expect(r.has('a/nope')).toBe(false);
      expect(() => r.get('a/nope')).toThrow(`${file}: no member 'a/nope'`);
    } finally {
      r.close();
    }
  });

  it('records the CRC-32 of the whole member and the date asked for', () => {
    const zip = encodeZip(members, { dosDate: 0x21 });
    const p = centralEntry(zip, 1);
    expect(zip.readUInt32LE(p + 16)).toBe(crc32(whole(members[1]!.data)));
    expect(zip.readUInt16LE(p + 14)).toBe(0x21);
    expect(encodeZip(members).readUInt16LE(centralEntry(encodeZip(members), 1) + 14)).toBe(0);
  });

  it('aligns each member\'s data when asked, with the padding in the local extra field', () => {
    const zip = encodeZip(members, { align: 64 });
    for (let p = 0, k = 0; k < members.length; k++) {
      expect(zip.readUInt32LE(p)).toBe(0x04034b50);
      const dataAt = p + 30 + zip.readUInt16LE(p + 26) + zip.readUInt16LE(p + 28);
      expect(dataAt % 64).toBe(0);
      p = dataAt + zip.readUInt32LE(p + 18);
    }
    expect([...ZipReader.fromBuffer(zip, 'aligned.zip').readAll().values()]).toEqual(members.map((m) => whole(m.data)));
  });

  it('reads deflated and stored members (brainio\'s stimulus zip)', () => {
    const r = ZipReader.open(TINY);
    try {
      expect(r.names()).toEqual(['im_a.png', 'im_b.png']);
      for (const n of r.names()) expect(r.get(n).subarray(1, 4).toString()).toBe('PNG');
    } finally {
      r.close();
    }
  });
});

describe('damage is reported naming the archive and the member', () => {
  it('a flipped data byte of a stored member fails its CRC-32', () => {
    const zip = encodeZip(members);
    const at = 30 + 'a/first.bin'.length + 2;
    const bad = Buffer.from(zip);
    bad[at] = bad[at]! ^ 0x01;
    const r = ZipReader.fromBuffer(bad, 'flip.zip');
    expect(r.get('a/pieces.bin')).toEqual(whole(members[1]!.data)); // the others stay readable
    expect(() => r.get('a/first.bin')).toThrow("flip.zip: damaged zip archive (CRC-32 mismatch in 'a/first.bin')");
    expect(() => ZipReader.fromBuffer(bad, 'x.npz', 'corrupt or truncated .npz').readAll())
      .toThrow("x.npz: corrupt or truncated .npz (CRC-32 mismatch in 'a/first.bin')");
  });

  it('a deflated member is checked after inflating', () => {
    const bad = readFileSync(TINY);
    const p = centralEntry(bad, 0);
    bad.writeUInt32LE(bad.readUInt32LE(p + 16) ^ 0x80, p + 16);
    const file = join(dir, 'crc.zip');
    writeFileSync(file, bad);
    const r = ZipReader.open(file);
    try {
      expect(() => r.get('im_a.png')).toThrow(`${file}: damaged zip archive (CRC-32 mismatch in 'im_a.png')`);
      expect(r.get('im_b.png').length).toBeGreaterThan(0);
    } finally {
      r.close();
    }
  });

  it('a truncated archive, a member past the end, a size that does not match', () => {
    const zip = encodeZip(members);
    expect(() => ZipReader.fromBuffer(zip.subarray(0, zip.length - 30), 'cut.zip')).toThrow('cut.zip: damaged zip archive (no end-of-archive record; truncated?)');
    const long = Buffer.from(zip);
    long.writeUInt32LE(1000, centralEntry(long, 0) + 20); // compressed size past the end of the file
    expect(() => ZipReader.fromBuffer(long, 'long.zip').get('a/first.bin')).toThrow("long.zip: damaged zip archive ('a/first.bin' runs past the end of the file)");
    const size = Buffer.from(zip);
    size.writeUInt32LE(3, centralEntry(size, 0) + 24);
    expect(() => ZipReader.fromBuffer(size, 'size.zip').get('a/first.bin')).toThrow("size.zip: damaged zip archive ('a/first.bin' holds 10 bytes, the directory says 3)");
  });
});
