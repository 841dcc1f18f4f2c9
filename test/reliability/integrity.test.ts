// Issue 17, defects 1, 2, 3 and 5: edited targets, edited activations and .npy headers that lie are
// refused with one line naming the file; a failed extraction leaves no temp files and a retry works.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset } from '../../lib/data/index.js';
import { decodeNpy, encodeNpy, readNpy } from '../../lib/npy.js';
import { readLayer } from '../../lib/experiments/analyses.js';
import { configDiff, fingerprint, headUnits, RunDir, type TrainConfig } from '../../lib/train/index.js';
import { removeTempDirs, smallSplits, tempDir } from '../train/data.js';
import { cli, errorLines, flipByte } from './helpers.js';

let data: { dir: string; trainDir: string; valDir: string };
let run: string;
const LAYERS = 'layer1.0.relu,avgpool';

beforeAll(async () => {
  data = await smallSplits({ train: 24, val: 16, size: 16 });
  run = join(tempDir('run'), 'untrained');
  const r = await cli(['train', '--task', 'untrained', '--arch', 'resnet18', '--width', '0.0625', '--size', '16', '--seed', '1', '--out', run]);
  expect(r.code, r.stderr).toBe(0);
});

afterAll(removeTempDirs);

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const extract = (out: string) => cli(['extract', '--run', run, '--data', data.valDir, '--n', '16', '--batch', '8', '--layers', LAYERS, '--out', out]);

/** A copy of a dataset folder, so a test can damage it without touching the others. */
function copyDataset(from: string, name: string): string {
  const to = join(tempDir(name), 'ds');
  mkdirSync(to);
  for (const f of readdirSync(from)) copyFileSync(join(from, f), join(to, f));
  return to;
}

describe('1: latents.csv is checked against meta.json', () => {
  it('an edited latents.csv (every z times 3) is refused with one line, by the reader and by train', async () => {
    const ds = copyDataset(data.trainDir, 'edited');
    const csv = join(ds, 'latents.csv');
    const [header, ...rows] = readFileSync(csv, 'utf8').trim().split('\n');
    const z = header!.split(',').indexOf('z');
    writeFileSync(csv, [header, ...rows.map((r) => r.split(',').map((v, i) => (i === z ? String(Number(v) * 3) : v)).join(','))].join('\n') + '\n');
    expect(() => openDataset(ds)).toThrow(new RegExp(`${csv}: sha256 [0-9a-f]{12}\\.\\.\\. does not match meta.json`));
    const r = await cli(['train', '--data', ds, '--task', 'distance', '--arch', 'resnet18', '--width', '0.0625', '--steps', '2', '--batch', '4', '--seed', '0', '--out', join(ds, '..', 'run')]);
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/^whatwhere train: .*latents.csv: sha256 .* \(latents edited or corrupt\)$/)]);
    expect(existsSync(join(ds, '..', 'run'))).toBe(false);
  });

  it('the run fingerprint covers latents.csv: a run directory refuses data whose targets changed', () => {
    const meta = openDataset(data.trainDir).meta;
    const fp = fingerprint(meta);
    expect(fp.latents).toBe(meta.latents.sha256);
    const config = (latents: string): TrainConfig => ({
      format: 1, arch: 'resnet18', width: 0.0625, size: 16, task: 'distance', outputs: headUnits('distance'), steps: 2, batch: 4,
      lr: 1e-3, seed: 0, evalEvery: 1, valN: 4, checkpointEvery: 1, patience: 0, minDelta: 0, data: { ...fp, latents }, val: null,
    });
    const dir = join(tempDir('claim'), 'run');
    new RunDir(dir).claim(config(fp.latents!));
    const other = 'f'.repeat(64);
    expect(configDiff(config(fp.latents!), config(other))).toMatch(/^data: run has .*"latents":"[0-9a-f]{64}".*asked .*"latents":"f{64}"/);
    expect(() => new RunDir(dir).claim(config(other))).toThrow(/holds a different run \(data: /);
  });
});

describe('2 and 5: extracted activations', () => {
  it('are listed in SHA256SUMS, and an edited float is refused when an analysis reads it', async () => {
    const out = join(tempDir('acts'), 'acts');
    const r = await extract(out);
    expect(r.code, r.stderr).toBe(0);
    const sums = readFileSync(join(out, 'SHA256SUMS'), 'utf8').trim().split('\n');
    expect(sums.map((l) => l.split('  ')[1])).toEqual(['avgpool.npy', 'latents.csv', 'layer1.0.relu.npy']);
    for (const l of sums) expect(sha(join(out, l.split('  ')[1]!))).toBe(l.split('  ')[0]);
    const good = readLayer(out, 'layer1.0.relu');
    expect(good.rows).toBe(16);
    // one float changed, size unchanged: the cached verification notices the new mtime and hashes again
    const file = join(out, 'layer1.0.relu.npy');
    flipByte(file, -3);
    expect(() => readLayer(out, 'layer1.0.relu')).toThrow(new RegExp(`${file}: sha256 .* does not match SHA256SUMS`));
    const cka = await cli(['cka', '--x', file, '--y', join(out, 'avgpool.npy')]);
    expect(cka.code).toBe(1);
    expect(errorLines(cka.stderr)).toEqual([expect.stringMatching(/^whatwhere cka: .*layer1\.0\.relu\.npy: sha256 .* does not match SHA256SUMS/)]);
  });

  it('a failed extraction leaves no temp files, and the retry with good data works', async () => {
    const ds = copyDataset(data.valDir, 'damaged');
    const shard = join(ds, 'shard-00000.npy');
    const original = readFileSync(shard);
    flipByte(shard, -1);
    const out = join(tempDir('retry'), 'acts');
    const first = await cli(['extract', '--run', run, '--data', ds, '--n', '16', '--batch', '8', '--layers', LAYERS, '--out', out]);
    expect(first.code).toBe(1);
    expect(errorLines(first.stderr)).toEqual([expect.stringMatching(/shard-00000\.npy: sha256 .* does not match meta\.json/)]);
    expect(readdirSync(out)).toEqual([]);
    writeFileSync(shard, original);
    // a killed attempt's temp file (its process is gone) does not block the retry either
    writeFileSync(join(out, 'avgpool.npy.tmp-999999999'), 'partial');
    const retry = await cli(['extract', '--run', run, '--data', ds, '--n', '16', '--batch', '8', '--layers', LAYERS, '--out', out]);
    expect(retry.code, retry.stderr).toBe(0);
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(existsSync(join(out, 'meta.json'))).toBe(true);
  });
});

describe('3: .npy readers refuse a header whose shape does not match the bytes', () => {
  /** A (32, 64) float32 array whose header then claims (32, 16): the same header length, 4x the data. */
  function lyingNpy(): { file: string; bytes: Buffer } {
    const good = encodeNpy(new Float32Array(32 * 64).fill(1), [32, 64]);
    const text = good.toString('latin1');
    const bytes = Buffer.from(text.replace('(32, 64)', '(32, 16)'), 'latin1');
    expect(bytes.length).toBe(good.length);
    const file = join(tempDir('npy'), 'lying.npy');
    writeFileSync(file, bytes);
    return { file, bytes };
  }

  it('in the reader and the commands, naming the file', async () => {
    const { file, bytes } = lyingNpy();
    const why = /shape \(32, 16\) needs 2048 data bytes, found 8192/;
    expect(() => readNpy(file)).toThrow(new RegExp(`${file}: longer than its header says`));
    expect(() => readNpy(file)).toThrow(why);
    expect(() => decodeNpy(bytes, file)).toThrow(why);
    const cka = await cli(['cka', '--x', file, '--y', file]);
    expect(cka.code).toBe(1);
    expect(errorLines(cka.stderr)).toEqual([expect.stringMatching(/^whatwhere cka: .*lying\.npy: longer than its header says/)]);
  });

  it('and a truncated one', () => {
    const file = join(tempDir('npy'), 'short.npy');
    writeFileSync(file, encodeNpy(new Float32Array(16), [4, 4]).subarray(0, -8));
    expect(() => readNpy(file)).toThrow(new RegExp(`${file}: truncated: shape \\(4, 4\\) needs 64 data bytes, found 56`));
  });
});
