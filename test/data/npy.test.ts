import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy, npyHeader, npyParts, parseNpyHeader, readNpy, writeNpy } from '../../lib/npy.js';

const dir = mkdtempSync(join(tmpdir(), 'ww-npy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('.npy', () => {
  it('writes exactly the bytes numpy.save writes (uint8, 4-D)', () => {
    const ref = readFileSync('data/fixtures/data/u8_2x3x4x3.npy');
    const data = new Uint8Array(72).map((_, i) => i);
    expect(encodeNpy(data, [2, 3, 4, 3]).equals(ref)).toBe(true);
    const file = join(dir, 'u8.npy');
    writeNpy(file, data, [2, 3, 4, 3]);
    expect(readFileSync(file).equals(ref)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('reads numpy float32 arrays', () => {
    const { dtype, shape, data } = decodeNpy(readFileSync('data/fixtures/data/f4_5.npy'));
    expect(dtype).toBe('<f4');
    expect(shape).toEqual([5]);
    expect(Array.from(data as Float32Array)).toEqual([0.5, -1.25, Math.fround(3e-8), 1e6, -0]);
  });

  it('round-trips every written dtype through a file, its descr following the typed array', () => {
    const cases = [
      { data: Float64Array.from([Math.PI, -1, 1e-300]), shape: [3], dtype: '<f8', tuple: '(3,)' },
      { data: Float32Array.from([1, -2, 3.5, 4, 5, 6]), shape: [2, 3], dtype: '<f4', tuple: '(2, 3)' },
      { data: Int32Array.from([7, -8, 2 ** 31 - 1, -(2 ** 31)]), shape: [2, 2], dtype: '<i4', tuple: '(2, 2)' },
      { data: Uint8Array.from([0, 255, 7]), shape: [3, 1], dtype: '|u1', tuple: '(3, 1)' },
    ];
    for (const c of cases) {
      const file = join(dir, `${c.dtype.slice(1)}.npy`);
      writeNpy(file, c.data, c.shape);
      expect(readNpy(file)).toEqual({ dtype: c.dtype, shape: c.shape, data: c.data });
      expect(readFileSync(file).toString('latin1')).toContain(`{'descr': '${c.dtype}', 'fortran_order': False, 'shape': ${c.tuple}, }`);
    }
  });

  it('views a whole-file buffer in place and copies a slice of a larger one', () => {
    const bytes = encodeNpy(Float32Array.from([1, 2, 3, 4]), [4]);
    const own = new Uint8Array(bytes.length);
    own.set(bytes);
    expect(decodeNpy(own).data.buffer).toBe(own.buffer);
    const inside = new Uint8Array(bytes.length + 3);
    inside.set(bytes, 3);
    const copied = decodeNpy(inside.subarray(3));
    expect(copied.data.buffer).not.toBe(inside.buffer);
    expect(Array.from(copied.data as Float32Array)).toEqual([1, 2, 3, 4]);
  });

  it('pads headers to 64 bytes and parses them back', () => {
    for (const shape of [[1], [1000, 64, 64, 3], [7, 224, 224, 3]]) {
      const h = npyHeader('|u1', shape);
      expect(h.length % 64).toBe(0);
      const info = parseNpyHeader(h, 'x.npy');
      expect(info.shape).toEqual(shape);
      expect(info.dtype).toBe('|u1');
      expect(info.fortranOrder).toBe(false);
      expect(info.dataOffset).toBe(h.length);
    }
  });

  it('names the file in errors, and refuses a shape that does not match the data or Fortran order', () => {
    expect(() => parseNpyHeader(new Uint8Array(20), 'bad.npy')).toThrow(/bad\.npy: not a \.npy file/);
    const h = encodeNpy(new Float32Array(4), [4]);
    expect(() => decodeNpy(h.subarray(0, h.length - 3), 'cut.npy')).toThrow(/cut\.npy: truncated/);
    expect(() => npyParts(new Float32Array(5), [2, 2])).toThrow(/shape \(2, 2\) holds 4 values, data has 5/);
    const fortran = Buffer.from(h.toString('latin1').replace("'fortran_order': False", "'fortran_order': True "), 'latin1');
    expect(() => decodeNpy(fortran, 'f.npy')).toThrow(/f\.npy: Fortran-order arrays are not supported/);
  });
});
