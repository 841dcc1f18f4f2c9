// Summaries the figures plot, as pure functions of the cached analyses (so notebooks stay short and
// REPORT.md quotes exactly the numbers the figures show).
import { groupSummaries } from '../analysis/cka.js';
import { mdsEmbed } from '../analysis/mds.js';
import { mannWhitneyU, mean, sd } from '../analysis/stats.js';
import type { CkaResult, DecodingRowOut, RunLabel } from './analyses.js';

/** Display names of the task sets (paper Fig 2b / Table C.1 wording). */
export const TASK_LABELS: Record<string, string> = {
  distance: 'Distance', translation: 'Translation', 'distance+translation': 'Dis. + Tra.', rotation: 'Rotation',
  'distance+rotation': 'Dis. + Rot.', 'translation+rotation': 'Tra. + Rot.', 'distance+translation+rotation': 'Dis. + Tra. + Rot.',
  category: 'Object category', identity: 'Object identity', all: 'All spatial + classification', untrained: 'Untrained',
};

export const taskLabel = (t: string): string => TASK_LABELS[t] ?? t;

export interface GroupMatrix {
  groups: string[];
  /** Diagonal: mean over different-seed pairs in the group; off-diagonal: mean over all between-group pairs. */
  mean: number[][];
  sd: number[][];
  count: number[][];
}

function indexOfRuns(cka: CkaResult, keep: (r: RunLabel) => boolean): number[] {
  return cka.runs.map((r, i) => (keep(r) ? i : -1)).filter((i) => i >= 0);
}

function subMatrix(cka: CkaResult, layer: string, idx: number[]): Float64Array {
  const S = cka.matrices[layer];
  if (!S) throw new Error(`cka: no layer '${layer}' (have ${cka.layers.join(', ')})`);
  const m = cka.runs.length;
  const k = idx.length;
  const out = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) out[a * k + b] = S[idx[a]! * m + idx[b]!]!;
  return out;
}

/** Fig 4a: the group-averaged CKA matrix at one layer, groups in the given order. */
export function groupMatrix(cka: CkaResult, layer: string, groupOf: (r: RunLabel) => string | undefined, order: string[]): GroupMatrix {
  const idx = indexOfRuns(cka, (r) => groupOf(r) !== undefined && order.includes(groupOf(r)!));
  const groups = idx.map((i) => groupOf(cka.runs[i]!)!);
  const S = subMatrix(cka, layer, idx);
  const summary = groupSummaries(S, idx.length, groups);
  const present = order.filter((g) => groups.includes(g));
  const at = (a: string, b: string) => summary.find((s) => (s.a === a && s.b === b) || (s.a === b && s.b === a));
  const grid = (f: (s: ReturnType<typeof at>) => number) => present.map((a) => present.map((b) => f(at(a, b))));
  return { groups: present, mean: grid((s) => s?.mean ?? NaN), sd: grid((s) => s?.sd ?? NaN), count: grid((s) => s?.count ?? 0) };
}

export interface LayerCurve {
  group: string;
  layers: string[];
  mean: number[];
  sd: number[];
}

/**
 * Fig 4b / D.1 / D.4: across layers, the mean CKA between models of `ref` and models of every other
 * group; the curve named `intra - <ref>` is the mean over different-seed pairs inside `ref`.
 */
export function similarityToGroup(cka: CkaResult, ref: string, groupOf: (r: RunLabel) => string | undefined,
  groups: string[], layers: readonly string[] = cka.layers): LayerCurve[] {
  const out: LayerCurve[] = [];
  for (const g of [ref, ...groups.filter((x) => x !== ref)]) {
    const curve: LayerCurve = { group: g === ref ? `intra - ${ref}` : g, layers: [...layers], mean: [], sd: [] };
    for (const layer of layers) {
      const gm = groupMatrix(cka, layer, groupOf, g === ref ? [ref] : [ref, g]);
      const i = gm.groups.indexOf(ref), j = gm.groups.indexOf(g);
      curve.mean.push(i >= 0 && j >= 0 ? gm.mean[i]![j]! : NaN);
      curve.sd.push(i >= 0 && j >= 0 ? gm.sd[i]![j]! : NaN);
    }
    out.push(curve);
  }
  return out;
}

/** Whether a curve of similarityToGroup is the reference group's own (different seeds) curve. */
export const isIntraCurve = (group: string): boolean => group.startsWith('intra');

/** A layer-curve table: one row per group and layer. */
export function layerCurveRows(curves: LayerCurve[]): { group: string; layer: string; mean: number; sd: number }[] {
  return curves.flatMap((c) => c.layers.map((layer, k) => ({ group: c.group, layer, mean: c.mean[k]!, sd: c.sd[k]! })));
}

/** A group matrix as a table: one row per group, one column per group (mean CKA). */
export function groupMatrixRows(gm: GroupMatrix): Record<string, string | number>[] {
  return gm.groups.map((g, i) => ({ group: g, ...Object.fromEntries(gm.groups.map((h, j) => [h, gm.mean[i]![j]!])) }));
}

/**
 * Fig D.4 / claims: groups of models for "similarity to `ref`-trained models, full vs reduced variability":
 * 'ref' (main full `ref` models), '<task>|full' and '<task>|reduced' (the `reduced` variant) for each task.
 */
export function variabilityGroupOf(ref: string, reduced: string, tasks: readonly string[]): (r: RunLabel) => string | undefined {
  return (r) => {
    if (r.group === 'main' && r.variant === 'full' && r.task === ref) return 'ref';
    if (!tasks.includes(r.task)) return undefined;
    if (r.variant === 'full' && r.group === 'main') return `${r.task}|full`;
    return r.variant === reduced ? `${r.task}|reduced` : undefined;
  };
}

/** Fig D.4: per layer, CKA of each task's full- and reduced-variability models with the `ref`-trained models. */
export function variabilitySimilarity(cka: CkaResult, ref: string, reduced: string, tasks: readonly string[], layers: readonly string[]): LayerCurve[] {
  const labels = tasks.flatMap((t) => [`${t}|full`, `${t}|reduced`]);
  return similarityToGroup(cka, 'ref', variabilityGroupOf(ref, reduced, tasks), ['ref', ...labels], layers);
}

/**
 * Fig D.5 / D.6: for each task, the mean CKA between seeds of its `variant` models at `layer` (main-group
 * models only for 'full'); NaN when fewer than two such models.
 */
export function intraGroupSimilarity(cka: CkaResult, layer: string, variant: string, tasks: readonly string[]): number[] {
  return tasks.map((t) => {
    const inGroup = (r: RunLabel) => r.task === t && r.variant === variant && (variant !== 'full' || r.group === 'main');
    return groupMatrix(cka, layer, (r) => (inGroup(r) ? 'g' : undefined), ['g']).mean[0]?.[0] ?? NaN;
  });
}

/** Fig D.3: 2-D MDS of the model x model CKA matrix (Euclidean distances between its rows, as the authors). */
export function ckaMds(cka: CkaResult, layer: string, keep: (r: RunLabel) => boolean, seed = 0): { runs: RunLabel[]; x: number[]; y: number[]; stress: number } {
  const idx = indexOfRuns(cka, keep);
  const S = subMatrix(cka, layer, idx);
  const r = mdsEmbed(S, idx.length, { seed });
  return {
    runs: idx.map((i) => cka.runs[i]!),
    x: idx.map((_, k) => r.coords[k * 2]!), y: idx.map((_, k) => r.coords[k * 2 + 1]!), stress: r.stress,
  };
}

export interface DecodingPoint {
  task: string;
  variant: string;
  layer: string;
  target: string;
  /** Over seeds x folds, as the paper's error bars. */
  mean: number;
  sd: number;
  /** Fold-averaged score of each model (one per seed): the Mann-Whitney samples. */
  perModel: number[];
}

export function decodingPoints(rows: DecodingRowOut[]): DecodingPoint[] {
  const key = (r: DecodingRowOut) => `${r.task}|${r.variant}|${r.layer}|${r.target}`;
  const groups = new Map<string, DecodingRowOut[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return [...groups.values()].map((g) => {
    const byModel = new Map<string, number[]>();
    for (const r of g) byModel.set(r.model, [...(byModel.get(r.model) ?? []), Number(r.score)]);
    const scores = g.map((r) => Number(r.score));
    return {
      task: g[0]!.task, variant: g[0]!.variant, layer: g[0]!.layer, target: g[0]!.target,
      mean: mean(scores), sd: sd(scores), perModel: [...byModel.values()].map((v) => mean(v)),
    };
  });
}

/** The decoding summary table: each point without its per-model scores, with their count. */
export function decodingPointRows(points: DecodingPoint[]): (Omit<DecodingPoint, 'perModel'> & { models: number })[] {
  return points.map(({ perModel, ...p }) => ({ ...p, models: perModel.length }));
}

export interface VariabilityContrast {
  task: string;
  target: string;
  layer: string;
  full: DecodingPoint;
  reduced: DecodingPoint;
  /** Mann-Whitney U, two-sided, per-model scores full vs reduced (paper: 6 vs 6 models). */
  U: number;
  p: number;
  /** 'H1' when full variability decodes better, 'H2' when worse (paper Fig 5a). */
  direction: 'H1' | 'H2' | 'tie';
}

/** Fig 5 b/c: for each target task and layer, full vs reduced non-target variability. */
export function variabilityContrasts(points: DecodingPoint[], target: string, reducedVariant: string, tasks: readonly string[], layers: readonly string[]): VariabilityContrast[] {
  const out: VariabilityContrast[] = [];
  for (const task of tasks) {
    for (const layer of layers) {
      const full = points.find((p) => p.task === task && p.variant === 'full' && p.layer === layer && p.target === target);
      const reduced = points.find((p) => p.task === task && p.variant === reducedVariant && p.layer === layer && p.target === target);
      if (!full || !reduced) continue;
      const t = mannWhitneyU(full.perModel, reduced.perModel);
      out.push({ task, target, layer, full, reduced, U: t.U, p: t.p, direction: full.mean > reduced.mean ? 'H1' : full.mean < reduced.mean ? 'H2' : 'tie' });
    }
  }
  return out;
}

/** A contrast table: one row per task and layer, with both groups' mean and SD and the test. */
export function contrastRows(cs: VariabilityContrast[]): Record<string, string | number>[] {
  return cs.map((c) => ({ task: c.task, layer: c.layer, target: c.target, full_mean: c.full.mean, full_sd: c.full.sd,
    reduced_mean: c.reduced.mean, reduced_sd: c.reduced.sd, U: c.U, p: c.p, direction: c.direction }));
}

/** Smallest two-sided exact Mann-Whitney p with k vs k samples: 2 / C(2k, k). */
export function minimumMannWhitneyP(k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (k + i)) / i;
  return 2 / c;
}
