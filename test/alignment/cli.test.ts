// `whatwhere pls` and `whatwhere score` in-process, on files: sklearn fixtures and the synthetic
// benchmark (stimuli exported by `score --export-stimuli`, activations written as per-layer .npy).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readNpy, writeNpy } from '../../lib/npy.js';
import { BENCHMARKS } from '../../lib/alignment/benchmarks.js';
import { main } from '../../lib/cli.js';
import { initEngine } from '../../lib/engine/index.js';
import { fixture, maxRelErr } from './fixtures.js';
import { createResNet, disposeResNet, loadWeights, weightEntries, writeNpzAtomic } from '../../lib/models/index.js';
import { headUnits, RunDir, trainRun, UNTRAINED, type TrainConfig } from '../../lib/train/index.js';
import { FixedNet, LAYERS, MODEL, SYNTHETIC_BEHAVIOUR_SPEC, SYNTHETIC_SPEC, TRUE_LAYER, writeSyntheticBehaviour, writeSyntheticBenchmark } from './synthetic.js';

const tmp = mkdtempSync(join(tmpdir(), 'whatwhere-alignment-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => { out.push(a.join(' ')); });
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => { err.push(a.join(' ')); });
  try {
    const code = await main(args);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('whatwhere pls', () => {
  const { cases } = fixture<{ cases: { n: number; d: number; m: number; components: number; rows: number; X: number[]; Y: number[]; Xtest: number[]; pred: number[] }[] }>('pls.json');
  const c = cases[1];
  beforeAll(() => {
    writeNpy(join(tmp, 'X.npy'), Float64Array.from(c.X), [c.n, c.d]);
    writeNpy(join(tmp, 'Y.npy'), Float64Array.from(c.Y), [c.n, c.m]);
    writeNpy(join(tmp, 'T.npy'), Float32Array.from(c.Xtest.map(Math.fround)), [c.rows, c.d]);
    writeNpy(join(tmp, 'T64.npy'), Float64Array.from(c.Xtest), [c.rows, c.d]);
  });

  it('prints predictions as JSON equal to scikit-learn', async () => {
    const r = await cli(['pls', '--x', join(tmp, 'X.npy'), '--y', join(tmp, 'Y.npy'), '--predict', join(tmp, 'T64.npy'), '--components', String(c.components)]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { predictions: number[][] };
    expect(maxRelErr(j.predictions.flat(), c.pred)).toBeLessThan(1e-6);
  });

  it('writes .npy with --out', async () => {
    const out = join(tmp, 'P.npy');
    const r = await cli(['pls', '--x', join(tmp, 'X.npy'), '--y', join(tmp, 'Y.npy'), '--predict', join(tmp, 'T64.npy'), '--out', out]);
    expect(r.code).toBe(0);
    const p = readNpy(out);
    expect(p.shape).toEqual([c.rows, c.m]);
    expect(maxRelErr(p.data as Float64Array, c.pred)).toBeLessThan(1e-6);
  });

  it('rejects mismatched inputs with one line naming the flags', async () => {
    const r = await cli(['pls', '--x', join(tmp, 'X.npy'), '--y', join(tmp, 'T.npy'), '--predict', join(tmp, 'T.npy')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--x has 30 rows but --y has 10/);
  });
});

describe('whatwhere score', () => {
  const data = join(tmp, 'brainscore');
  // the synthetic assembly's IT neuroids read out conv3
  const SYNTHETIC_IT = { ...SYNTHETIC_SPEC, name: 'Synthetic2026.IT-pls', region: 'IT' };
  beforeAll(async () => {
    await initEngine();
    mkdirSync(data, { recursive: true });
    await writeSyntheticBenchmark({ dir: data });
    await writeSyntheticBehaviour(data, { trials: 3000 });
    BENCHMARKS[SYNTHETIC_SPEC.name] = SYNTHETIC_SPEC;
    BENCHMARKS[SYNTHETIC_IT.name] = SYNTHETIC_IT;
    BENCHMARKS[SYNTHETIC_BEHAVIOUR_SPEC.name] = SYNTHETIC_BEHAVIOUR_SPEC;
  });
  afterAll(() => { for (const s of [SYNTHETIC_SPEC, SYNTHETIC_IT, SYNTHETIC_BEHAVIOUR_SPEC]) delete BENCHMARKS[s.name]; });

  it('--run: scores a whatwhere model directly (an untrained ResNet-18 run), neural and behavioural', async () => {
    const runDir = join(tmp, 'runs', 'untrained-r18');
    const config: TrainConfig = { format: 1, arch: 'resnet18', width: 0.125, size: 32, task: UNTRAINED, outputs: headUnits(UNTRAINED), steps: 0,
      batch: 64, lr: 1e-3, seed: 3, evalEvery: 250, valN: 512, checkpointEvery: 250, patience: 0, minDelta: 0, data: null, val: null };
    await trainRun({ config, outDir: runDir });
    const r = await cli(['score', '--benchmark', `${SYNTHETIC_SPEC.name},${SYNTHETIC_BEHAVIOUR_SPEC.name}`, '--data-dir', data, '--run', runDir,
      '--layers', 'layer1.0.relu,layer2.0.relu,avgpool']);
    expect(r.code).toBe(0);
    const [neural, behaviour] = JSON.parse(r.stdout) as [{ layer: string; raw: number; ceiling: number; layerScores: { layer: string; score: number }[] },
      { layer: string; raw: number; ceiling: number; center: number; scores: number[] }];
    expect(neural.layerScores.map((l) => l.layer)).toEqual(['layer1.0.relu', 'layer2.0.relu', 'avgpool']);
    expect(neural.layerScores.every((l) => Number.isFinite(l.score))).toBe(true);
    expect(Math.abs(neural.ceiling - 0.8)).toBeLessThan(0.04);
    expect(behaviour.layer).toBe('avgpool'); // i2n reads out the penultimate layer unless --readout says otherwise
    expect(behaviour.scores.length).toBe(2);
    expect(Number.isFinite(behaviour.center)).toBe(true);

    // the same weights stored as a training checkpoint give the same numbers through --checkpoint
    const m = createResNet({ arch: 'resnet18', width: 0.125, numOutputs: config.outputs }, 99);
    loadWeights(join(runDir, 'weights.npz'), m);
    mkdirSync(join(runDir, 'checkpoints'), { recursive: true });
    writeNpzAtomic(new RunDir(runDir).checkpointFile(40), weightEntries(m, 'model/'));
    disposeResNet(m);
    const c = await cli(['score', '--benchmark', SYNTHETIC_SPEC.name, '--data-dir', data, '--run', runDir, '--checkpoint', '40',
      '--layers', 'layer1.0.relu,layer2.0.relu,avgpool']);
    expect(c.code).toBe(0);
    const cj = JSON.parse(c.stdout) as { raw: number; layer: string; source: { step: number } };
    expect([cj.raw, cj.layer, cj.source.step]).toEqual([neural.raw, neural.layer, 40]);
    const bad = await cli(['score', '--benchmark', SYNTHETIC_SPEC.name, '--data-dir', data, '--run', runDir, '--checkpoint', '7']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/no checkpoint at step 7 \(kept steps: 40\)/);

    // --checkpoint all: one JSON per kept checkpoint in --out DIR, then DONE; a re-run reuses them
    const all = join(tmp, 'ckpt-scores');
    const noOut = await cli(['score', '--benchmark', SYNTHETIC_SPEC.name, '--data-dir', data, '--run', runDir, '--checkpoint', 'all']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--checkpoint all needs --out DIR/);
    const argvAll = ['score', '--benchmark', SYNTHETIC_SPEC.name, '--data-dir', data, '--run', runDir, '--checkpoint', 'all',
      '--layers', 'layer1.0.relu,layer2.0.relu,avgpool', '--out', all];
    expect((await cli(argvAll)).code).toBe(0);
    expect(readdirSync(all).sort()).toEqual(['DONE', 'step-00000040.json']);
    const at40 = JSON.parse(readFileSync(join(all, 'step-00000040.json'), 'utf8')) as { raw: number; source: { step: number } }[];
    expect([at40[0]!.raw, at40[0]!.source.step]).toEqual([neural.raw, 40]);
    const before = statSync(join(all, 'step-00000040.json')).mtimeMs;
    expect((await cli(argvAll)).code).toBe(0);
    expect(statSync(join(all, 'step-00000040.json')).mtimeMs).toBe(before);
  });

  it('exports the stimuli, then scores activations computed on them (JSON with layer scores)', async () => {
    const ex = await cli(['score', '--benchmark', SYNTHETIC_SPEC.name, '--data-dir', data, '--export-stimuli', join(tmp, 'stim'), '--size', String(MODEL.size)]);
    expect(ex.code).toBe(0);
    const dir = join(tmp, 'stim', SYNTHETIC_SPEC.name);
    const stim = readNpy(join(dir, 'stimuli.npy'));
    expect(stim.shape).toEqual([120, MODEL.size, MODEL.size, 3]);
    const ids = readFileSync(join(dir, 'stimulus_ids.txt'), 'utf8').trim().split('\n');
    // activations in REVERSED row order: the command must realign rows by stimulus id
    const order = ids.map((_, i) => ids.length - 1 - i);
    const per = MODEL.size * MODEL.size * 3;
    const images = new Float32Array(stim.data.length);
    order.forEach((src, i) => images.set((stim.data as Float32Array).subarray(src * per, (src + 1) * per), i * per));
    const acts = new FixedNet().run(images, ids.length);
    const actDir = join(tmp, 'acts');
    mkdirSync(actDir, { recursive: true });
    writeFileSync(join(actDir, 'stimulus_ids.txt'), order.map((i) => ids[i]).join('\n') + '\n');
    for (const l of LAYERS) writeNpy(join(actDir, `${l}.npy`), acts[l].data as Float32Array, [ids.length, acts[l].features]);

    const r = await cli(['score', '--benchmark', `${SYNTHETIC_SPEC.name},${SYNTHETIC_IT.name}`, '--data-dir', data, '--activations', actDir,
      '--layers', LAYERS.join(','), '--ceiling', 'r2-over-ceiling']);
    expect(r.code).toBe(0);
    type Out = { benchmark: string; layer: string; raw: number; ceiling: number; score: number; ceilingMode: string; neuroids: number; layerScores: { layer: string }[] };
    const [j, it] = JSON.parse(r.stdout) as [Out, Out];
    expect(j.layer).toBe(TRUE_LAYER);
    expect([it.benchmark, it.neuroids, it.layer]).toEqual([SYNTHETIC_IT.name, 4, 'conv3']);
    expect(j.layerScores.map((l) => l.layer)).toEqual([...LAYERS]);
    expect(j.ceilingMode).toBe('r2-over-ceiling');
    expect(j.score).toBeCloseTo(j.raw ** 2 / j.ceiling, 12);
  });

  it('a missing data file: exit 1 and one line naming the file, the folder and where Brain-Score publishes it', async () => {
    const r = await cli(['score', '--benchmark', 'MajajHong2015public.IT-pls', '--data-dir', join(tmp, 'empty'), '--activations', tmp]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/missing assy_dicarlo_MajajHong2015_public\.nc: whatwhere looks for it in .*empty; Brain-Score publishes it at https:\/\/brainio-brainscore\.s3\.amazonaws\.com\/assy_dicarlo_MajajHong2015_public\.nc/);
  });

  it('an activations folder without stimulus ids or layers: usage error (exit 2) naming what is missing', async () => {
    const bare = join(tmp, 'bare-acts');
    mkdirSync(bare, { recursive: true });
    const noIds = await cli(['score', '--benchmark', SYNTHETIC_SPEC.name, '--data-dir', data, '--activations', bare]);
    expect(noIds.code).toBe(2);
    expect(noIds.stderr).toMatch(/^whatwhere score: .*bare-acts\/stimulus_ids\.txt missing; expected one stimulus id per line/);
    writeFileSync(join(bare, 'stimulus_ids.txt'), 'a\nb\n');
    const noLayers = await cli(['score', '--benchmark', SYNTHETIC_SPEC.name, '--data-dir', data, '--activations', bare]);
    expect(noLayers.code).toBe(2);
    expect(noLayers.stderr).toMatch(/^whatwhere score: no <layer>\.npy files in .*bare-acts$/);
    const neither = await cli(['score', '--benchmark', SYNTHETIC_SPEC.name, '--data-dir', data]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/pass --run DIR or --activations DIR/);
  });

  it('unknown benchmark: usage error listing the known ones', async () => {
    const r = await cli(['score', '--benchmark', 'Nope', '--activations', tmp]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown benchmark 'Nope' \(known: FreemanZiemba2013public\.V1-pls/);
  });
});
