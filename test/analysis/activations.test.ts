// lib/analysis/activations.ts and `whatwhere extract`: paper layers flattened per image, streamed in
// batches; the streamed .npy files equal the in-memory result and the model's own forward pass.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractActivations, layerShapes, runActivations } from '../../lib/analysis/activations.js';
import { main } from '../../lib/cli.js';
import { initEngine, tf } from '../../lib/engine/index.js';
import { forward } from '../../lib/models/index.js';
import { decodeNpy } from '../../lib/npy.js';
import { headUnits, loadRun, trainRun } from '../../lib/train/index.js';
import { removeTempDirs, smallSplits, tempDir } from '../train/data.js';

let data: Awaited<ReturnType<typeof smallSplits>>;
let runDir: string;

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
  data = await smallSplits({ train: 64, val: 40, size: 32 });
  runDir = tempDir('act-run');
  await trainRun({
    config: { format: 1, arch: 'resnet18', width: 0.125, size: 32, task: 'distance', outputs: headUnits('distance'), steps: 4, batch: 8,
      lr: 1e-3, seed: 2, evalEvery: 4, valN: 8, checkpointEvery: 4, patience: 0, minDelta: 0,
      data: { variant: 'full', seed: 1, size: 32, count: 64, split: 'train', shards: 'x' }, val: null },
    outDir: runDir, train: data.train, log: () => {},
  });
});

afterAll(removeTempDirs);

describe('activations', () => {
  it('in memory: [n, features] per layer, equal to the forward pass, batch size irrelevant', () => {
    const { model } = loadRun(runDir);
    const layers = ['relu', 'layer1.0.relu', 'layer4.1.relu', 'avgpool', 'fc'];
    const a = extractActivations(model, data.val, { layers, n: 10, batch: 4, size: 32 });
    const b = extractActivations(model, data.val, { layers, n: 10, batch: 10, size: 32 });
    expect(a.layers['layer1.0.relu']!.shape).toEqual([8, 8, 8]);
    expect(a.layers.avgpool!.features).toBe(64);
    expect(a.layers.fc!.features).toBe(1);
    expect(Array.from(a.indices)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const direct = tf.tidy(() => {
      const batch = data.val.slice(0, 10);
      const r = forward(model, batch.images, { taps: layers });
      batch.images.dispose();
      return Object.fromEntries(layers.map((l) => [l, r.taps[l]!.dataSync() as Float32Array]));
    });
    for (const l of layers) {
      expect(a.layers[l]!.values.length).toBe(10 * a.layers[l]!.features);
      const d = direct[l]!;
      let maxErr = 0;
      for (let i = 0; i < d.length; i++) maxErr = Math.max(maxErr, Math.abs(a.layers[l]!.values[i]! - d[i]!), Math.abs(b.layers[l]!.values[i]! - d[i]!));
      expect(maxErr, l).toBeLessThan(1e-4);
    }
    expect(Array.from(a.latents.z)).toEqual(Array.from(data.val.slice(0, 10).latents.z));
    expect(layerShapes(model, ['layer2.0.relu'], 64)).toEqual({ 'layer2.0.relu': [8, 8, 16] });
    const before = tf.memory().numTensors;
    const viaRun = runActivations(runDir, data.val, { layers: ['avgpool'], n: 10 });
    expect(Array.from(viaRun.layers.avgpool!.values)).toEqual(Array.from(a.layers.avgpool!.values));
    expect(tf.memory().numTensors).toBe(before);
    expect(() => runActivations(runDir, data.val, { layers: ['layer5.0.relu'], n: 2 })).toThrow(/unknown layer 'layer5.0.relu' for resnet18/);
  });

  it('whatwhere extract streams one .npy per layer plus latents, equal to the in-memory result', async () => {
    const out = join(tempDir('extract'), 'acts');
    const argv = ['extract', '--run', runDir, '--data', data.valDir, '--n', '37', '--layers', 'layer2.0.relu,avgpool', '--out', out, '--batch', '8'];
    expect(await main(argv)).toBe(0);
    const { model } = loadRun(runDir);
    const mem = extractActivations(model, data.val, { layers: ['layer2.0.relu', 'avgpool'], n: 37, size: 32 });
    for (const l of ['layer2.0.relu', 'avgpool']) {
      const npy = decodeNpy(readFileSync(join(out, `${l}.npy`)));
      expect(npy.shape).toEqual([37, mem.layers[l]!.features]);
      expect(Array.from(npy.data as Float32Array)).toEqual(Array.from(mem.layers[l]!.values));
    }
    const csv = readFileSync(join(out, 'latents.csv'), 'utf8').trim().split('\n');
    expect(csv.length).toBe(38);
    expect(csv[0]).toBe('index,x,y,z,rxy,ryz,rzx,category,identity,scene');
    expect(Number(csv[5]!.split(',')[3])).toBeCloseTo(mem.latents.z[4]!, 5);
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
    expect(meta.layers.avgpool).toEqual({ file: 'avgpool.npy', shape: [64], features: 64 });
    expect(await main(argv)).toBe(0); // same request again: already there, nothing rewritten
    const different = argv.map((a, i) => (argv[i - 1] === '--n' ? '5' : a));
    expect(await main(different)).toBe(1); // a different request into the same --out is refused
    expect(await main(['extract', '--run', runDir, '--data', data.valDir, '--n', '5', '--layers', 'layer9.relu', '--out', join(out, 'x')])).toBe(2);
  });
});
