import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../lib/cli.js';
import { encodeNpy, readNpy, readVector, writeNpy } from '../../lib/npy.js';
import { loadFixture, relErr, relErrArray } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'whatwhere-analysis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, data: number[] | Float64Array, shape: number[]): string {
  const p = join(dir, name);
  writeNpy(p, Float64Array.from(data), shape);
  return p;
}

async function runCli(args: string[]): Promise<{ code: number; out: any; err: string }> {
  const logs: string[] = [];
  const errs: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((s: unknown) => { logs.push(String(s)); });
  const error = vi.spyOn(console, 'error').mockImplementation((s: unknown) => { errs.push(String(s)); });
  try {
    const code = await main(args);
    return { code, out: logs.length ? JSON.parse(logs.join('\n')) : undefined, err: errs.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('npy reader/writer', () => {
  it('round-trips float64/float32/int32 and reads numpy int64 labels', () => {
    const p = save('r.npy', [1.5, -2, 3], [3]);
    expect(Array.from(readVector(p))).toEqual([1.5, -2, 3]);
    const f32 = join(dir, 'f.npy');
    writeFileSync(f32, encodeNpy(Float32Array.from([1, 2, 3, 4]), [2, 2]));
    expect(readNpy(f32)).toMatchObject({ shape: [2, 2], dtype: '<f4' });
    // Hand-built int64 .npy as numpy writes labels by default.
    const header = "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }";
    const padded = header + ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
    const buf = new Uint8Array(10 + padded.length + 16);
    buf.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    new DataView(buf.buffer).setUint16(8, padded.length, true);
    for (let i = 0; i < padded.length; i++) buf[10 + i] = padded.charCodeAt(i);
    new DataView(buf.buffer).setBigInt64(10 + padded.length, 7n, true);
    new DataView(buf.buffer).setBigInt64(10 + padded.length + 8, -3n, true);
    const i8 = join(dir, 'i8.npy');
    writeFileSync(i8, buf);
    expect(Array.from(readVector(i8))).toEqual([7, -3]);
  });
  it('names the file and the problem on bad input', () => {
    const bad = join(dir, 'bad.npy');
    writeFileSync(bad, 'hello world');
    expect(() => readNpy(bad)).toThrow(/bad\.npy: not a \.npy file/);
  });
});

describe('whatwhere cka | mds | fit | decode | stats (JSON on stdout)', () => {
  it('cka matches the Kornblith fixture, biased and --debiased', async () => {
    const k = loadFixture('cka.json').kornblith;
    const x = save('kx.npy', k.x.data, [k.x.rows, k.x.cols]);
    const y = save('ky.npy', k.y.data, [k.y.rows, k.y.cols]);
    const a = await runCli(['cka', '--x', x, '--y', y]);
    expect(a.code).toBe(0);
    expect(relErr(a.out.cka, k.biased)).toBeLessThan(1e-10);
    const b = await runCli(['cka', '--x', x, '--y', y, '--debiased']);
    expect(relErr(b.out.cka, k.debiased)).toBeLessThan(1e-10);
  });

  it('fit ridge and fit svm predict like sklearn', async () => {
    const r = loadFixture('ridge.json').cases[0];
    const args = ['--x', save('rx.npy', r.x.data, [r.x.rows, r.x.cols]), '--y', save('ry.npy', r.y, [r.y.length]),
      '--predict', save('rt.npy', r.t.data, [r.t.rows, r.t.cols])];
    const a = await runCli(['fit', 'ridge', ...args, '--alpha', String(r.alpha)]);
    expect(relErrArray(a.out.predictions, r.ridge.pred)).toBeLessThan(1e-8);
    const s = loadFixture('svm.json').cases[1];
    const b = await runCli(['fit', 'svm', '--x', save('sx.npy', s.x.data, [s.x.rows, s.x.cols]), '--y', save('sy.npy', s.labels, [s.labels.length]),
      '--predict', save('st.npy', s.t.data, [s.t.rows, s.t.cols]), '--C', String(s.C)]);
    expect(b.out.predictions.length).toBe(s.t.rows);
    expect(b.out.decision[0].length).toBe(s.classes.length);
    expect(relErrArray(b.out.decision.flat(), s.decision)).toBeLessThan(1e-3);
  });

  it('stats mannwhitney, mds and decode', async () => {
    const m = loadFixture('stats.json').mannwhitneyu[0];
    const a = await runCli(['stats', 'mannwhitney', '--a', save('ma.npy', m.a, [m.a.length]), '--b', save('mb.npy', m.b, [m.b.length])]);
    expect(a.out.U).toBe(m.U);
    expect(relErr(a.out.p, m.p)).toBeLessThan(1e-6);
    const c = loadFixture('mds.json').cases[2];
    const b = await runCli(['mds', '--sim', save('s.npy', c.sim.data, [c.sim.rows, c.sim.cols]), '--seed', '3']);
    expect(b.out.coords.length).toBe(c.sim.rows);
    expect(b.out.stress).toBeLessThanOrEqual(c.best_stress * 1.05);
    const d = loadFixture('decode.json');
    const r = await runCli(['decode', '--x', save('dx.npy', d.x.data, [d.x.rows, d.x.cols]), '--y', save('dy.npy', d.y, [d.y.length]), '--kind', 'regress', '--folds', '4']);
    expect(r.out.scores.length).toBe(4);
    expect(r.out.metric).toBe('pearson_r');
    expect(r.out.mean).toBeGreaterThan(0.5);
  });

  it('bad usage exits 2 with one line naming the flag; bad data exits 1 naming the file', async () => {
    const a = await runCli(['cka', '--x', 'a.npy']);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/missing --y/);
    const b = await runCli(['decode', '--x', 'a.npy', '--y', 'b.npy', '--kind', 'cluster']);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/--kind expected 'classify' or 'regress'/);
    const x = save('x3.npy', [1, 2, 3, 4, 5, 6], [3, 2]);
    const y = save('y2.npy', [1, 2], [2]);
    const c = await runCli(['fit', 'ridge', '--x', x, '--y', y, '--predict', x]);
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/y2\.npy: 2 targets, expected one per row of .*x3\.npy \(3\)/);
  });
});
