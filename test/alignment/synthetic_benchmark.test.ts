// The metric end to end on a synthetic benchmark written to disk in the brainio layout and read
// back through the real readers (NetCDF4 via h5wasm, stimulus CSV + PNG files).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../lib/engine/index.js';
import { benchmarkImages, loadNeuralBenchmark, scoreNeural, type BenchmarkData, type NeuralScoreResult } from '../../lib/alignment/neural_benchmark.js';
import type { Activations } from '../../lib/alignment/layer_selection.js';
import { FixedNet, LAYERS, MODEL, SYNTHETIC_SPEC, TRUE_LAYER, writeSyntheticBenchmark } from './synthetic.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'whatwhere-alignment-'));
  dirs.push(d);
  return d;
}

async function score(data: BenchmarkData, pcaComponents?: number): Promise<NeuralScoreResult> {
  const net = new FixedNet();
  const acts = net.run(benchmarkImages(data, MODEL), data.ids.length);
  return scoreNeural(data, { layers: LAYERS, activations: async (l): Promise<Activations> => acts[l], pcaComponents });
}

describe('synthetic benchmark through the brainio readers', () => {
  let data: BenchmarkData;
  let result: NeuralScoreResult;
  let expectedCeiling: number;

  beforeAll(async () => {
    await initEngine();
    const dir = tempDir();
    ({ ceiling: expectedCeiling } = await writeSyntheticBenchmark({ dir }));
    data = await loadNeuralBenchmark(SYNTHETIC_SPEC, dir);
    result = await score(data);
  });
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it('reads the region and the time window it was asked for', () => {
    expect(data.neuroids).toBe(16); // V4 only, IT dropped
    expect(data.ids.length).toBe(120);
    expect(new Set(data.labels)).toEqual(new Set(['object0', 'object1', 'object2', 'object3']));
  });

  it('recovers the ceiling the repetition noise was sized for', () => {
    expect(Math.abs(data.ceiling.center - expectedCeiling)).toBeLessThan(0.04);
  });

  it('picks the layer the neurons read out, and scores it well', () => {
    const byLayer = Object.fromEntries(result.layerScores.map((l) => [l.layer, l.score]));
    expect(result.layer).toBe(TRUE_LAYER);
    for (const l of LAYERS) if (l !== TRUE_LAYER) expect(byLayer[TRUE_LAYER]).toBeGreaterThan(byLayer[l] + 0.02);
    // r can at best reach sqrt(reliability of the R-trial mean) = sqrt(c)
    expect(result.raw).toBeGreaterThan(0.6);
    expect(result.raw).toBeLessThan(Math.sqrt(expectedCeiling) + 0.03);
    expect(result.score).toBeCloseTo((result.raw / result.ceiling) ** 2, 12);
  });

  it('layer choice with PCA-reduced features agrees', async () => {
    const reduced = await score(data, 40);
    expect(reduced.layer).toBe(TRUE_LAYER);
    expect(reduced.layerScores.find((l) => l.layer === 'conv1')!.scoredFeatures).toBe(40);
  });

  it('scores a shuffled control (responses attached to the wrong stimuli) near zero', async () => {
    const dir = tempDir();
    await writeSyntheticBenchmark({ dir, shuffleStimuli: true });
    const control = await score(await loadNeuralBenchmark(SYNTHETIC_SPEC, dir));
    expect(Math.abs(control.raw)).toBeLessThan(0.1);
    // the ceiling does not depend on which stimulus the responses belong to
    expect(Math.abs(control.ceiling - expectedCeiling)).toBeLessThan(0.04);
  });

  it('a missing file gets one message naming it, the folder searched and where it is published', async () => {
    const dir = tempDir();
    await expect(loadNeuralBenchmark(SYNTHETIC_SPEC, dir)).rejects.toThrow(
      new RegExp(`missing ${SYNTHETIC_SPEC.assemblyFile}: whatwhere looks for it in ${dir}; Brain-Score publishes it at`));
  });
});
