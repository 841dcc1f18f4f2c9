import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataset, openDataset, parseVariant, subsetOrder } from '../../lib/data/index.js';
import { tempName } from '../../lib/fs_guard.js';

const root = mkdtempSync(join(tmpdir(), 'whatwhere-gen-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function hashes(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
}

const base = { variant: 'full', count: 90, size: 32, seed: 4, shardSize: 40 };

describe('generateDataset', () => {
  it('writes byte-identical files for the same command, and with 2 workers as with 1', async () => {
    await generateDataset({ ...base, out: join(root, 'a') });
    await generateDataset({ ...base, out: join(root, 'b') });
    await generateDataset({ ...base, out: join(root, 'c'), workers: 2 });
    const a = hashes(join(root, 'a'));
    expect(Object.keys(a)).toEqual(['latents.csv', 'meta.json', 'shard-00000.npy', 'shard-00001.npy', 'shard-00002.npy']);
    expect(hashes(join(root, 'b'))).toEqual(a);
    expect(hashes(join(root, 'c'))).toEqual(a);
  });

  it('records 117 categories and 548 identities for full, per-shard sha256 and z-score stats', () => {
    const meta = JSON.parse(readFileSync(join(root, 'a', 'meta.json'), 'utf8'));
    expect(meta.numCategories).toBe(117);
    expect(meta.numIdentities).toBe(548);
    expect(meta.categories.length).toBe(117);
    expect(meta.identities.length).toBe(548);
    expect(meta.count).toBe(90);
    expect(meta.shards.map((s: { count: number }) => s.count)).toEqual([40, 40, 10]);
    const sha = createHash('sha256').update(readFileSync(join(root, 'a', 'shard-00001.npy'))).digest('hex');
    expect(meta.shards[1].sha256).toBe(sha);
    const ds = openDataset(join(root, 'a'));
    const mean = ds.latents.z.reduce((s, v) => s + v, 0) / ds.length;
    expect(meta.zscore.z.mean).toBeCloseTo(mean, 5);
    ds.close();
  });

  it('differs with the seed and the split', async () => {
    await generateDataset({ ...base, count: 10, out: join(root, 's5'), seed: 5 });
    await generateDataset({ ...base, count: 10, out: join(root, 'val'), split: 'val' });
    const s4 = readFileSync(join(root, 'a', 'shard-00000.npy')).subarray(128, 128 + 3072);
    expect(Buffer.compare(s4, readFileSync(join(root, 's5', 'shard-00000.npy')).subarray(128, 128 + 3072))).not.toBe(0);
    expect(Buffer.compare(s4, readFileSync(join(root, 'val', 'shard-00000.npy')).subarray(128, 128 + 3072))).not.toBe(0);
  });

  it('tdw-N uses only N categories (nested subsets) and reports N', async () => {
    const meta = await generateDataset({ ...base, variant: 'tdw-4', count: 60, out: join(root, 'tdw4') });
    expect(meta.numCategories).toBe(4);
    expect(meta.categoryLabels).toEqual(parseVariant('tdw-4').categories);
    expect(parseVariant('tdw-2').categories.every((c) => parseVariant('tdw-4').categories.includes(c))).toBe(true);
    expect(new Set(subsetOrder()).size).toBe(117);
    const ds = openDataset(join(root, 'tdw4'));
    expect(new Set(ds.latents.category)).toEqual(new Set(meta.categoryLabels));
    expect(meta.identityLabels.length).toBe(meta.numIdentities);
    for (const id of ds.latents.identity) expect(meta.identityLabels).toContain(id);
    ds.close();
  });

  it('centered has x = y = 0', async () => {
    const meta = await generateDataset({ ...base, variant: 'centered', count: 40, out: join(root, 'cen') });
    const ds = openDataset(join(root, 'cen'));
    expect(Math.max(...ds.latents.x.map(Math.abs), ...ds.latents.y.map(Math.abs))).toBe(0);
    expect(meta.zscore.x).toEqual({ mean: 0, std: 1 });
    ds.close();
  });

  it('resumes an interrupted run and writes the same bytes', async () => {
    const out = join(root, 'resumed');
    let calls = 0; // progress events: the start, shard 0, shard 1
    await expect(generateDataset({ ...base, out, onProgress: () => { if (++calls === 3) throw new Error('interrupted'); } })).rejects.toThrow('interrupted');
    expect(readdirSync(out)).toContain('shard-00001.npy');
    expect(readdirSync(out)).not.toContain('meta.json');
    await expect(generateDataset({ ...base, out })).rejects.toThrow(/not empty \(an unfinished dataset: add --resume/);
    await expect(generateDataset({ ...base, seed: 9, out, resume: true })).rejects.toThrow(/started with other settings/);
    let rendered = 0;
    await generateDataset({ ...base, out, resume: true, onProgress: (e) => { rendered = e.done; } });
    expect(rendered).toBe(10); // only the last shard was left
    expect(hashes(out)).toEqual(hashes(join(root, 'a')));
  });

  it('reports a worker\'s failed write as one line naming the file; a resume then writes the same bytes', async () => {
    const out = join(root, 'blocked');
    // a folder where shard 1's rows go to their temporary name: the worker's write fails with EISDIR
    const blocker = tempName(join(out, 'shard-00001.csv'));
    const block = () => mkdirSync(blocker, { recursive: true });
    const err = await generateDataset({ ...base, out, workers: 2, onProgress: (e) => { if (e.done === 0) block(); } }).catch((e: Error) => e);
    expect((err as NodeJS.ErrnoException).code).toBe('EISDIR');
    expect((err as Error).message).toBe(`${join(out, 'shard-00001.csv')}: cannot write: is a directory (EISDIR)`);
    expect(readdirSync(out)).not.toContain('meta.json');
    rmSync(blocker, { recursive: true });
    await generateDataset({ ...base, out, resume: true, workers: 2 });
    expect(hashes(out)).toEqual(hashes(join(root, 'a')));
  });

  it('refuses to overwrite a dataset and rejects bad variants', async () => {
    await expect(generateDataset({ ...base, out: join(root, 'a') })).rejects.toThrow(/meta\.json exists: refusing to overwrite/);
    await expect(generateDataset({ ...base, variant: 'tdw-0', out: join(root, 'z') })).rejects.toThrow(/tdw-0.*N must be/);
    await expect(generateDataset({ ...base, variant: 'imagenet', out: join(root, 'z') })).rejects.toThrow(/unknown variant 'imagenet'/);
  });
});
