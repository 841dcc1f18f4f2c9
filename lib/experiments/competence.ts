// Competence first: every trained model is judged on held-out images against its scale's thresholds,
// and a claim is only tested with models that learned. A claim whose models fall short reads
// "untestable at this scale" with the reason, never "not supported".
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FinalMetrics } from '../train/run_dir.js';
import type { Claim, Learned } from './claims.js';
import type { RunSpec } from './manifest.js';
import type { Results } from './results.js';
import { SCALE_PARAMS, type Competence } from './scales.js';

export type Family = keyof Competence;
const FAMILIES: Family[] = ['distance', 'translation', 'rotation', 'category', 'identity'];

/** The task families a task set trains (`all`: every one). */
export function familiesOf(task: string): Family[] {
  if (task === 'untrained') return [];
  if (task === 'all') return [...FAMILIES];
  return task.split('+').filter((t): t is Family => (FAMILIES as string[]).includes(t));
}

/** Which family a regressed latent's metric key (`r2_<latent>`) belongs to. */
function familyOfLatent(latent: string): Family {
  if (latent === 'z') return 'distance';
  if (latent === 'x' || latent === 'y') return 'translation';
  return 'rotation';
}

/** The family's competence number: top-1 for classes, mean R^2 over the family's latents otherwise. */
export function familyScore(family: Family, metrics: Record<string, number>): { metric: string; value: number } {
  if (family === 'category' || family === 'identity') return { metric: 'top-1', value: metrics[`acc_${family}`] ?? Number.NaN };
  const r2 = Object.entries(metrics).filter(([k]) => k.startsWith('r2_') && familyOfLatent(k.slice(3)) === family).map(([, v]) => v);
  return { metric: 'mean R^2', value: r2.length ? r2.reduce((a, b) => a + b, 0) / r2.length : Number.NaN };
}

export interface CompetenceRow {
  run: string; task: string; variant: string; group: RunSpec['group']; seed: number;
  /** Step the run stopped at and why ('plateau' or 'steps'), when known. */
  step: number; reason: string;
  family: Family; metric: string; value: number; threshold: number; competent: boolean;
}

/** A finished run's final held-out metrics: final.json, or the last evaluated row of metrics.csv for older runs. */
function finalMetrics(R: Results, r: RunSpec): { step: number; reason: string; metrics: Record<string, number> } | undefined {
  const dir = join(R.paths.runs, r.id);
  const file = join(dir, 'final.json');
  if (existsSync(file)) {
    const f = JSON.parse(readFileSync(file, 'utf8')) as FinalMetrics;
    return { step: f.step, reason: f.reason, metrics: f.metrics };
  }
  if (!existsSync(join(dir, 'DONE')) || !existsSync(join(dir, 'metrics.csv'))) return undefined;
  const rows = R.runMetrics(r.id).filter((m) => m.val_loss !== '' && m.val_loss !== undefined);
  const last = rows[rows.length - 1];
  if (!last) return undefined;
  const metrics = Object.fromEntries(Object.entries(last).filter(([k]) => k.startsWith('val_')).map(([k, v]) => [k.slice(4), Number(v)]));
  return { step: Number(last.step), reason: 'steps', metrics };
}

function variantOf(R: Results, r: RunSpec): string {
  return R.manifest.datasets.find((d) => d.id === r.train)?.variant ?? 'full';
}

/** One row per (trained, finished run, task family): its held-out value against the scale's threshold. */
export function competenceTable(R: Results): CompetenceRow[] {
  const thresholds = SCALE_PARAMS[R.scale].competence;
  return R.manifest.runs.filter((r) => r.task !== 'untrained').flatMap((r) => {
    const fin = finalMetrics(R, r);
    if (!fin) return [];
    return familiesOf(r.task).map((family) => {
      const { metric, value } = familyScore(family, fin.metrics);
      const threshold = thresholds[family];
      return { run: r.id, task: r.task, variant: variantOf(R, r), group: r.group, seed: r.seed, step: fin.step, reason: fin.reason,
        family, metric, value, threshold, competent: Number.isFinite(value) && value >= threshold };
    });
  });
}

/**
 * Whether every finished model of a (task, training variant) group of the main grid or the variability
 * controls learned its task; false when the group has no finished model.
 */
export function learnedFrom(table: CompetenceRow[], planned?: { task: string; variant: string }[]): Learned {
  const learned: Learned = (task, variant) => {
    const rows = table.filter((r) => r.task === task && r.variant === variant && r.group !== 'dataset-size' && r.group !== 'tdw-n');
    return rows.length > 0 && rows.every((r) => r.competent);
  };
  // With the scale's plan at hand, groups it never trains read as trimmed rather than as models below competence.
  if (planned) learned.trained = (task, variant) => planned.some((g) => g.task === task && g.variant === variant);
  return learned;
}

/** The competence of a scale's finished runs as a `Learned` predicate for the claim functions. */
export function learnedModels(R: Results): Learned {
  return learnedFrom(competenceTable(R), plannedGroups(R));
}

/** The (task, training variant) groups of the main grid and controls that the scale's manifest trains. */
export function plannedGroups(R: Results): { task: string; variant: string }[] {
  return R.manifest.runs.filter((r) => r.group !== 'dataset-size' && r.group !== 'tdw-n').map((r) => ({ task: r.task, variant: variantOf(R, r) }));
}

/** The (task, variant) groups a claim's models come from. */
export interface ModelGroup { task: string; variant: string }

/**
 * Claims whose models did not all learn become "untestable at this scale", naming the groups that fell
 * short; the measured numbers stay in the evidence. A group with no finished model is also untestable.
 */
export function applyCompetence(claims: Claim[], table: CompetenceRow[]): Claim[] {
  return claims.map((c) => {
    if (!c.needs || c.needs.length === 0 || c.verdict === 'needs neural data' || c.verdict === 'not computed') return c;
    const short: string[] = [];
    for (const g of c.needs) {
      const rows = table.filter((r) => r.task === g.task && r.variant === g.variant && r.group !== 'dataset-size' && r.group !== 'tdw-n');
      if (rows.length === 0) { short.push(`${g.task} (${g.variant}): no finished model`); continue; }
      const failed = rows.filter((r) => !r.competent);
      if (failed.length === 0) continue;
      const runs = new Set(rows.map((r) => r.run)).size;
      const bad = new Set(failed.map((r) => r.run)).size;
      const worst = failed.reduce((a, b) => (b.value < a.value ? b : a));
      short.push(`${g.task} (${g.variant}): ${bad}/${runs} models below competence (worst ${worst.family} ${worst.metric} ${worst.value.toFixed(3)} < ${worst.threshold})`);
    }
    if (short.length === 0) return c;
    return { ...c, verdict: 'untestable at this scale', evidence: `Models that did not learn their task: ${short.join('; ')}. Measured anyway: ${c.evidence}` };
  });
}

/** REPORT.md's competence section: every trained model's held-out number against its threshold. */
export function competenceLines(table: CompetenceRow[], scaleName: string): string[] {
  if (table.length === 0) return ['## Task competence', '', 'No finished training run has held-out metrics yet.', ''];
  const runs = new Set(table.map((r) => r.run));
  const failedRuns = new Set(table.filter((r) => !r.competent).map((r) => r.run));
  return [
    '## Task competence',
    '',
    `Every trained model on its own held-out images (full-variability validation set; reduced-variability models on their variant's), ` +
      `against the ${scaleName} thresholds. **${runs.size - failedRuns.size} of ${runs.size} models learned every task they were trained on.** ` +
      'A claim that uses a model below its threshold is marked "untestable at this scale".',
    '',
    '| run | task | variant | stopped at | family | metric | held-out | threshold | learned |',
    '|---|---|---|---|---|---|---|---|---|',
    ...table.map((r) => `| ${r.run} | ${r.task} | ${r.variant} | ${r.step} (${r.reason}) | ${r.family} | ${r.metric} | ${r.value.toFixed(3)} | ${r.threshold} | ${r.competent ? 'yes' : '**no**'} |`),
    '',
  ];
}
