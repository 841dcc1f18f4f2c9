// i2n end to end from files: a BehavioralAssembly NetCDF4 (choices as the data variable) and a
// stimulus set with image_label, read back through the real readers; the result must equal the
// metric computed from the in-memory trials and the same activations.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { behaviourImages, loadBehaviourBenchmark, scoreBehaviour, type BehaviourData } from '../../lib/alignment/behaviour_benchmark.js';
import { i2n, responseMatrixFromProbabilities, type Trials } from '../../lib/alignment/i2n.js';
import { fitReadout } from '../../lib/alignment/logistic.js';
import { initEngine } from '../../lib/engine/index.js';
import { FixedNet, MODEL, SYNTHETIC_BEHAVIOUR_SPEC, writeSyntheticBehaviour } from './synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'whatwhere-i2n-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Rajalingham-style behavioural benchmark through the readers', () => {
  let trials: Trials;
  let data: BehaviourData;
  beforeAll(async () => {
    await initEngine();
    trials = await writeSyntheticBehaviour(dir);
    data = await loadBehaviourBenchmark(SYNTHETIC_BEHAVIOUR_SPEC, dir);
  });

  it('reads every trial, the test images and the fitting labels', () => {
    expect(data.trials).toEqual(trials);
    expect(data.testIds.length).toBe(48);
    expect(data.fitLabels.slice(0, 4)).toEqual(['apple', 'boat', 'chair', 'duck']);
  });

  it('scores the avgpool readout exactly as the in-memory metric does', () => {
    const { ids, images } = behaviourImages(data, MODEL);
    expect(ids).toEqual(data.fitIds); // fitting and test images are the same set, as in the public benchmark
    const acts = new FixedNet().run(images, ids.length).avgpool;
    const rows = (want: string[]): Float32Array => {
      const out = new Float32Array(want.length * acts.features);
      want.forEach((s, i) => { const r = ids.indexOf(s); out.set(acts.data.subarray(r * acts.features, (r + 1) * acts.features), i * acts.features); });
      return out;
    };
    const fit = { data: rows(data.fitIds), features: acts.features };
    const test = { data: rows(data.testIds), features: acts.features };
    const got = scoreBehaviour(data, fit, test, 'avgpool');
    const r = fitReadout(fit.data, data.fitLabels, test.data, data.testIds.length, acts.features);
    const truthOf = new Map(trials.stimulus.map((s, i) => [s, trials.truth[i]]));
    const want = i2n(responseMatrixFromProbabilities(data.testIds, data.testIds.map((s) => truthOf.get(s)!), r.classes, r.proba), trials);
    expect(got.scores).toEqual(want.scores);
    expect(got.ceilings).toEqual(want.ceilings);
    expect(got.center).toBe(want.center);
    expect(got.ceilings.every((c) => c > 0.3)).toBe(true); // the hidden confusions are reliable across halves
    expect(got.trials).toBe(6000);
  });

  it('a file that is not a behavioural assembly is named with what is missing', async () => {
    const { readTrials } = await import('../../lib/alignment/behaviour_benchmark.js');
    await expect(readTrials(join(process.cwd(), 'data', 'fixtures', 'alignment', 'brainio_small.nc'))).rejects.toThrow(/not a behavioural assembly: no .*truth \(or sample_obj\), dist_obj/);
  });
});
