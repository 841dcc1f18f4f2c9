import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy, npyHeader, parseNpyHeader } from '../../lib/data/npy.js';

describe('.npy', () => {
  it('writes exactly the bytes numpy.save writes (uint8, 4-D)', () => {
    const ref = readFileSync('data/fixtures/data/u8_2x3x4x3.npy');
    const data = new Uint8Array(72).map((_, i) => i);
    expect(Buffer.from(encodeNpy('|u1', [2, 3, 4, 3], data)).equals(ref)).toBe(true);
  });

  it('reads numpy float32 arrays', () => {
    const { shape, data } = decodeNpy(readFileSync('data/fixtures/data/f4_5.npy'));
    expect(shape).toEqual([5]);
    expect(Array.from(data)).toEqual([0.5, -1.25, Math.fround(3e-8), 1e6, -0]);
  });

  it('pads headers to 64 bytes and parses them back', () => {
    for (const shape of [[1], [1000, 64, 64, 3], [7, 224, 224, 3]]) {
      const h = npyHeader('|u1', shape);
      expect(h.length % 64).toBe(0);
      const info = parseNpyHeader(h, 'x.npy');
      expect(info.shape).toEqual(shape);
      expect(info.dtype).toBe('|u1');
      expect(info.dataOffset).toBe(h.length);
    }
  });

  it('names the file in errors', () => {
    expect(() => parseNpyHeader(new Uint8Array(20), 'bad.npy')).toThrow(/bad\.npy: not a \.npy file/);
    const h = encodeNpy('<f4', [4], new Float32Array(4));
    expect(() => decodeNpy(h.subarray(0, h.length - 3), 'cut.npy')).toThrow(/cut\.npy: truncated/);
  });
});
