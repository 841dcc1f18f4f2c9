// .npy / .npz files: numpy's byte layout, deterministic bytes, and damage detection.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNpz, writeNpzAtomic, type NpzEntries } from '../../lib/models/index.js';
import { decodeNpy, encodeNpy, npyHeader } from '../../lib/npy.js';

const dir = mkdtempSync(join(tmpdir(), 'ww-npz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sample(): NpzEntries {
  return new Map<string, never>([
    ['conv1.weight', { dtype: '<f4', shape: [2, 1, 1, 3], data: Float32Array.from([1, -2, 3.5, 4, 5, 6]) }],
    ['ids', { dtype: '<i4', shape: [3], data: Int32Array.from([7, -8, 9]) }],
    ['state.json', Buffer.from('{"step":3}')],
  ] as never);
}

describe('npy', () => {
  it('writes numpy v1.0 headers padded to 64 bytes and round-trips', () => {
    const h = npyHeader('<f4', [2, 3]);
    expect(h.length % 64).toBe(0);
    expect(h.subarray(0, 8).toString('latin1')).toBe('\x93NUMPY\x01\x00');
    expect(h.toString('latin1')).toContain("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
    expect(npyHeader('<i4', [5]).toString('latin1')).toContain("'shape': (5,)");
    const a = decodeNpy(encodeNpy(Float64Array.from([Math.PI, -1]), [2]));
    expect(a).toEqual({ dtype: '<f8', shape: [2], data: Float64Array.from([Math.PI, -1]) });
    expect(() => decodeNpy(Buffer.from('nope nope nope'), 'x.npy')).toThrow(/x.npy: not a .npy file/);
  });
});

describe('npz', () => {
  it('round-trips, and equal contents give equal bytes', () => {
    const a = join(dir, 'a.npz'), b = join(dir, 'b.npz');
    writeNpzAtomic(a, sample());
    writeNpzAtomic(b, sample());
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const r = readNpz(a);
    expect([...r.keys()]).toEqual(['conv1.weight', 'ids', 'state.json']);
    expect(r.get('conv1.weight')).toEqual(sample().get('conv1.weight'));
    expect((r.get('state.json') as Buffer).toString()).toBe('{"step":3}');
  });

  it('reports a flipped byte or a truncated file, naming the file', () => {
    const a = join(dir, 'c.npz');
    writeNpzAtomic(a, sample());
    const buf = readFileSync(a);
    const flipped = Buffer.from(buf);
    flipped[180] = flipped[180]! ^ 0xff; // inside conv1.weight's data (30 + 16 name + 128 header = 174)
    writeFileSync(join(dir, 'flip.npz'), flipped);
    expect(() => readNpz(join(dir, 'flip.npz'))).toThrow(/flip.npz: corrupt or truncated .npz \(.*CRC-32/);
    writeFileSync(join(dir, 'cut.npz'), buf.subarray(0, buf.length - 40));
    expect(() => readNpz(join(dir, 'cut.npz'))).toThrow(/cut.npz: corrupt or truncated .npz/);
  });
});
