// Manifests: the paper's design at each scale, consistent ids and dependencies.
import { describe, expect, it } from 'vitest';
import { buildManifest, selectFigures, stableSeed } from '../../lib/experiments/manifest.js';
import { buildJobs } from '../../lib/experiments/jobs.js';
import { decodingPlan } from '../../lib/experiments/analyses.js';
import { run as analysisCommand } from '../../lib/commands/analysis.js';
import { CATEGORY_CONTROL_TASKS, MAIN_TASKS, SCALE_PARAMS, SCALES, TRANSLATION_CONTROL_TASKS, controlTasks } from '../../lib/experiments/scales.js';

describe('buildManifest', () => {
  for (const scale of SCALES) {
    it(`${scale}: unique ids, every dependency present, the full design`, () => {
      const m = buildManifest(scale);
      const p = SCALE_PARAMS[scale];
      const ids = [...m.datasets, ...m.runs, ...m.activations].map((x) => x.id);
      expect(new Set(ids).size).toBe(ids.length);
      const jobs = buildJobs(m);
      const jobIds = new Set(jobs.map((j) => j.id));
      for (const j of jobs) for (const d of j.deps) expect(jobIds.has(d)).toBe(true);
      // Main grid: ten task sets plus untrained, each with p.seeds replicates.
      for (const t of [...MAIN_TASKS, 'untrained']) {
        expect(m.runs.filter((r) => r.task === t && r.group === 'main' && m.datasets.find((d) => d.id === r.train)!.variant === 'full').length)
          .toBeGreaterThanOrEqual(p.seeds);
      }
      // Reduced-variability controls (Section 3.3): the paper's targets unless the scale trims them.
      const control = controlTasks(scale);
      expect(m.runs.filter((r) => r.group === 'category-control').map((r) => r.task).sort()).toEqual(
        control.category.flatMap((t) => Array(p.controlSeeds).fill(t)).sort());
      expect(m.runs.filter((r) => r.group === 'translation-control').map((r) => r.task).sort()).toEqual(
        control.translation.flatMap((t) => Array(p.controlSeeds).fill(t)).sort());
      // Each control target has controlSeeds models in both conditions (the Mann-Whitney needs 4 at least).
      for (const t of control.category) {
        expect(m.runs.filter((r) => r.task === t && m.datasets.find((d) => d.id === r.train)!.variant === 'full').length).toBeGreaterThanOrEqual(p.controlSeeds);
      }
      if (scale !== 'tiny') expect(p.controlSeeds).toBeGreaterThanOrEqual(4);
      expect(m.runs.every((r) => r.size === p.size && r.arch === 'resnet18')).toBe(true);
      expect(m.runs.filter((r) => r.task === 'untrained').every((r) => r.steps === 0)).toBe(true);
      // Runs never share an initialisation.
      const inits = m.runs.map((r) => r.initSeed);
      expect(new Set(inits).size).toBe(inits.length);
      expect(m.figures.map((f) => f.id)).toEqual(['fig2', 'fig3', 'fig4', 'fig5', 'fig6', 'fig7', 'fig8']);
    });
  }

  it('only small trims the control targets, and only to a subset of the paper\'s', () => {
    expect(controlTasks('paper')).toEqual({ category: CATEGORY_CONTROL_TASKS, translation: TRANSLATION_CONTROL_TASKS });
    expect(controlTasks('gpu')).toEqual(controlTasks('paper'));
    const small = controlTasks('small');
    expect(small.category.every((t) => (CATEGORY_CONTROL_TASKS as readonly string[]).includes(t))).toBe(true);
    expect(small.translation.every((t) => (TRANSLATION_CONTROL_TASKS as readonly string[]).includes(t))).toBe(true);
    expect(buildManifest('small').runs.some((r) => r.task === 'rotation' && r.group === 'category-control')).toBe(false);
  });

  it('training jobs carry the scale\'s schedule, held-out evaluation and plateau rule; spatial-only tasks get their own cap', () => {
    const m = buildManifest('small');
    const p = SCALE_PARAMS.small;
    const jobs = buildJobs(m) as (ReturnType<typeof buildJobs>[number] & { argv: string[] })[];
    const argv = (id: string) => jobs.find((j) => j.id === `run:${id}`)!.argv;
    const flag = (a: string[], f: string) => a[a.indexOf(f) + 1];
    const cat = argv('r18-category-full-s0');
    expect(flag(cat, '--steps')).toBe(String(p.steps));
    expect(flag(cat, '--lr-schedule')).toBe(p.lrSchedule);
    expect(flag(cat, '--lr')).toBe(String(p.lr));
    expect(flag(cat, '--patience')).toBe(String(p.patience));
    expect(flag(cat, '--val-n')).toBe(String(p.valImages));
    // Every kept checkpoint has a held-out evaluation at its step.
    expect(Number(flag(cat, '--checkpoint-every')) % Number(flag(cat, '--eval-every'))).toBe(0);
    expect(flag(argv('r18-distance-full-s0'), '--steps')).toBe(String(p.spatialSteps));
    expect(flag(argv('r18-all-full-s0'), '--steps')).toBe(String(p.steps));
    expect(argv('r18-untrained-full-s0')).not.toContain('--patience');
    // The paper scale keeps the paper's constant rate.
    expect(SCALE_PARAMS.paper.lrSchedule).toBe('constant');
    expect(SCALE_PARAMS.paper.lr).toBe(1e-3);
  });

  it('paper scale uses the paper sizes', () => {
    const p = SCALE_PARAMS.paper;
    expect([p.size, p.width, p.trainImages, p.steps, p.batch, p.seeds, p.analysisImages]).toEqual([224, 1, 1_300_000, 500_000, 64, 8, 2000]);
  });

  it('selects figures and only what they need', () => {
    const m = selectFigures(buildManifest('tiny'), ['fig5']);
    expect(m.figures.map((f) => f.id)).toEqual(['fig5']);
    expect(m.runs.some((r) => r.group === 'tdw-n')).toBe(false);
    expect(m.runs.some((r) => r.group === 'category-control')).toBe(true);
    const jobs = buildJobs(m);
    const analyses = jobs.filter((j) => j.kind === 'analysis');
    expect(analyses.filter((j) => j.id.split(':').length === 2).map((j) => j.id)).toEqual(['analysis:decoding-category', 'analysis:decoding-translation']);
    // Decoding runs one job per model, and the merge waits for all of them.
    const parts = analyses.filter((j) => j.id.startsWith('analysis:decoding-category:'));
    expect(parts.length).toBe(new Set(decodingPlan(m).filter((p) => p.target === 'category').map((p) => p.run.id)).size);
    expect(analyses.find((j) => j.id === 'analysis:decoding-category')!.deps.sort()).toEqual(parts.map((j) => j.id).sort());
    expect(() => selectFigures(buildManifest('tiny'), ['fig9'])).toThrow(/unknown figure fig9; expected some of fig2, fig3/);
  });

  it('analysis --part names the parts it knows', async () => {
    await expect(analysisCommand(['--scale', 'tiny', '--name', 'decoding-category', '--part', 'nope'])).rejects.toThrow(/'nope' is not a part of decoding-category \(known: r18-/);
    await expect(analysisCommand(['--scale', 'tiny', '--name', 'cka', '--part', 'x'])).rejects.toThrow(/cka has no parts/);
  });

  it('stableSeed is a fixed 31-bit hash', () => {
    expect(stableSeed('distance|full|512|0')).toBe(stableSeed('distance|full|512|0'));
    expect(stableSeed('a')).not.toBe(stableSeed('b'));
    expect(stableSeed('x')).toBeLessThan(2 ** 31);
  });
});

describe('scoring jobs', () => {
  it('with Brain-Score files present: final weights of every neural-figure run, and every checkpoint of the fig3 runs', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { missingBrainScoreFiles } = await import('../../lib/experiments/scoring.js');
    const dir = mkdtempSync(join(tmpdir(), 'ww-bs-'));
    for (const f of missingBrainScoreFiles(dir)) writeFileSync(join(dir, f), '');
    const m = buildManifest('tiny');
    const jobs = buildJobs(m, { brainScoreDir: dir });
    const fig3 = m.figures.find((f) => f.id === 'fig3')!.runs;
    const ckpt = jobs.filter((j) => j.id.startsWith('score-checkpoints:'));
    expect(ckpt.map((j) => j.id.split(':')[1]).sort()).toEqual([...fig3].sort());
    const argv = (ckpt[0] as unknown as { argv: string[] }).argv;
    expect(argv.slice(argv.indexOf('--checkpoint'), argv.indexOf('--checkpoint') + 2)).toEqual(['--checkpoint', 'all']);
    expect(jobs.some((j) => j.id.startsWith('score:'))).toBe(true);
    // every checkpoint step has a held-out evaluation (tiny keeps a checkpoint every 6 steps)
    const train = jobs.find((j) => j.id === `run:${fig3[0]}`) as unknown as { argv: string[] };
    expect(train.argv[train.argv.indexOf('--eval-every') + 1]).toBe(String(SCALE_PARAMS.tiny.keepEvery));
    // without the files: no scoring jobs
    expect(buildJobs(m, { brainScoreDir: join(dir, 'nothing') }).some((j) => j.kind === 'score')).toBe(false);
  });
});
