import * as tf from '@tensorflow/tfjs';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGENET_MEAN, IMAGENET_STD, generateDataset, openDataset, zscoreLatents } from '../../lib/data/index.js';
import { initEngine } from '../../lib/engine/index.js';

const root = mkdtempSync(join(tmpdir(), 'whatwhere-read-'));
const dir = join(root, 'ds');
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await initEngine();
  await generateDataset({ variant: 'full', count: 70, size: 16, seed: 2, shardSize: 32, out: dir });
});

describe('openDataset', () => {
  it('slices images in file order, normalised with ImageNet mean/std', () => {
    const ds = openDataset(dir);
    expect(ds.length).toBe(70);
    const b = ds.slice(30, 5); // crosses the shard boundary at 32
    expect(b.images.shape).toEqual([5, 16, 16, 3]);
    expect(Array.from(b.indices)).toEqual([30, 31, 32, 33, 34]);
    const raw = ds.raw([30, 31, 32, 33, 34]);
    const v = b.images.dataSync();
    for (const k of [0, 1, 2, 500, 3839]) expect(v[k]).toBeCloseTo((raw[k] / 255 - IMAGENET_MEAN[k % 3]) / IMAGENET_STD[k % 3], 5);
    expect(b.latents.category[2]).toBe(ds.latents.category[32]);
    b.images.dispose();
    ds.close();
  });

  it('batchAt is deterministic, covers every image once per epoch, and changes order between epochs', () => {
    const ds = openDataset(dir);
    const bs = 7, perEpoch = 10; // 70 / 7
    const epoch = (e: number) => {
      const seen: number[] = [];
      for (let s = e * perEpoch; s < (e + 1) * perEpoch; s++) { const b = ds.batchAt(s, bs, 3); seen.push(...b.indices); b.images.dispose(); }
      return seen;
    };
    const e0 = epoch(0), e1 = epoch(1);
    expect([...e0].sort((a, b) => a - b)).toEqual([...Array(70).keys()]);
    expect([...e1].sort((a, b) => a - b)).toEqual([...Array(70).keys()]);
    expect(e0).not.toEqual(e1);
    const again = ds.batchAt(13, bs, 3);
    expect(Array.from(again.indices)).toEqual(e1.slice(3 * bs, 4 * bs));
    const other = ds.batchAt(13, bs, 4);
    expect(Array.from(other.indices)).not.toEqual(Array.from(again.indices));
    // a batch across the epoch boundary (batch size not dividing the length)
    const cross = ds.batchAt(7, 9, 3);
    expect(cross.indices.length).toBe(9);
    for (const b of [again, other, cross]) b.images.dispose();
    ds.close();
  });

  it('iterates all images in bounded batches', () => {
    const ds = openDataset(dir);
    const sizes: number[] = [];
    const before = tf.memory().numTensors;
    for (const b of ds.batches(32)) { sizes.push(b.images.shape[0]); b.images.dispose(); }
    expect(sizes).toEqual([32, 32, 6]);
    expect(tf.memory().numTensors).toBe(before);
    ds.close();
  });

  it('z-scores x, y, z with the meta statistics', () => {
    const ds = openDataset(dir);
    const z = zscoreLatents(ds.meta, ds.latents);
    for (const a of [z.x, z.y, z.z]) {
      const m = a.reduce((s, v) => s + v, 0) / a.length;
      const sd = Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length);
      expect(m).toBeCloseTo(0, 4);
      expect(sd).toBeCloseTo(1, 4);
    }
    ds.close();
  });

  it('names a truncated shard when opening', () => {
    const bad = join(root, 'trunc');
    cpSync(dir, bad, { recursive: true });
    truncateSync(join(bad, 'shard-00001.npy'), 1000);
    expect(() => openDataset(bad)).toThrow(/shard-00001\.npy: truncated: 1000 bytes, expected \d+/);
  });

  it('names an altered shard on first read (lazy sha256) and in verify()', () => {
    const bad = join(root, 'altered');
    cpSync(dir, bad, { recursive: true });
    const p = join(bad, 'shard-00002.npy');
    const bytes = readFileSync(p);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(p, bytes);
    const ds = openDataset(bad);
    expect(() => ds.raw([0])).not.toThrow();
    expect(() => ds.raw([65])).toThrow(/shard-00002\.npy: sha256 .* does not match meta\.json/);
    expect(() => ds.verify()).toThrow(/shard-00002\.npy/);
    ds.close();
    expect(() => openDataset(bad, { verify: 'eager' })).toThrow(/shard-00002\.npy: sha256/);
    const lax = openDataset(bad, { verify: 'none' });
    expect(lax.raw([65]).length).toBe(16 * 16 * 3);
    lax.close();
  });

  it('explains a missing meta.json and a damaged latents.csv', () => {
    expect(() => openDataset(join(root, 'nope'))).toThrow(/meta\.json not found/);
    const bad = join(root, 'csv');
    cpSync(dir, bad, { recursive: true });
    const text = readFileSync(join(bad, 'latents.csv'), 'utf8').split('\n');
    writeFileSync(join(bad, 'latents.csv'), text.slice(0, 40).join('\n') + '\n');
    expect(() => openDataset(bad)).toThrow(/latents\.csv: 39 rows, expected 70/);
    copyFileSync(join(dir, 'latents.csv'), join(bad, 'latents.csv'));
    expect(() => openDataset(bad)).not.toThrow();
  });
});
