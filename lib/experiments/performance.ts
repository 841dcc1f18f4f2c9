// Task performance of trained runs from their metrics.csv (held-out evaluation rows), for the figures
// that relate alignment to performance (Fig 3, C.2, C.7) and for the per-task tables.
import { pearsonR } from '../analysis/stats.js';
import type { Results } from './results.js';

export interface PerformanceRow {
  run: string;
  task: string;
  variant: string;
  seed: number;
  step: number;
  /** Held-out loss of the run's own objective (paper Fig 3: performance = negative loss). */
  loss: number;
  [metric: string]: string | number;
}

function variantOf(R: Results, runId: string): string {
  const r = R.run(runId);
  return R.manifest.datasets.find((d) => d.id === r.train)?.variant ?? 'full';
}

/** Every held-out evaluation row of a run (val_* columns without the prefix). */
export function trajectory(R: Results, runId: string): PerformanceRow[] {
  const r = R.run(runId);
  return R.runMetrics(runId).filter((m) => m.val_loss !== '' && m.val_loss !== undefined).map((m) => {
    const row: PerformanceRow = { run: runId, task: r.task, variant: variantOf(R, runId), seed: r.seed, step: Number(m.step), loss: Number(m.val_loss) };
    for (const [k, v] of Object.entries(m)) if (k.startsWith('val_') && k !== 'val_loss') row[k.slice(4)] = v;
    return row;
  });
}

/** The last held-out evaluation of each run (runs without one, e.g. untrained, are skipped). */
export function finalPerformance(R: Results, runIds: string[]): PerformanceRow[] {
  return runIds.flatMap((id) => {
    if (R.run(id).task === 'untrained') return [];
    const t = trajectory(R, id);
    return t.length ? [t[t.length - 1]!] : [];
  });
}

/** The headline metric of a task, for tables: accuracy for classification, R^2 averaged for regression. */
export function headline(row: PerformanceRow): { metric: string; value: number } {
  if (row.acc_category !== undefined) return { metric: 'category accuracy', value: Number(row.acc_category) };
  if (row.acc_identity !== undefined) return { metric: 'identity accuracy', value: Number(row.acc_identity) };
  const r2 = Object.entries(row).filter(([k]) => k.startsWith('r2_')).map(([, v]) => Number(v));
  return { metric: 'mean R^2', value: r2.length ? r2.reduce((a, b) => a + b, 0) / r2.length : NaN };
}

/** One scored checkpoint: the run's held-out performance (-loss) at that step and its alignment. */
export interface AlongTrainingPoint {
  run: string;
  task: string;
  seed: number;
  step: number;
  performance: number;
  V1: number; V2: number; V4: number; IT: number; neural_mean: number; behavior: number;
}

const ALIGNMENT_COLUMNS = ['V1', 'V2', 'V4', 'IT', 'neural_mean', 'behavior'] as const;

/**
 * Fig 3 / C.7: performance and alignment at every scored checkpoint (a checkpoint without a held-out
 * evaluation at its step is skipped), and Table C.3: per task, Pearson r between performance and each
 * alignment column over all checkpoints of all seeds.
 */
export function alignmentAlongTraining(R: Results): { points: AlongTrainingPoint[]; table: Record<string, number | string>[] } {
  const points: AlongTrainingPoint[] = [];
  const byRun = new Map<string, Map<number, number>>();
  for (const s of R.checkpointScores()) {
    if (!byRun.has(s.run)) byRun.set(s.run, new Map(trajectory(R, s.run).map((p) => [p.step, -p.loss])));
    const perf = byRun.get(s.run)!.get(s.step);
    if (perf === undefined) continue;
    points.push({ run: s.run, task: s.task, seed: s.seed, step: s.step, performance: perf,
      V1: s.V1, V2: s.V2, V4: s.V4, IT: s.IT, neural_mean: s.neural_mean, behavior: s.behavior });
  }
  const tasks = [...new Set(points.map((p) => p.task))];
  const table = tasks.map((task) => {
    const ps = points.filter((p) => p.task === task);
    const row: Record<string, number | string> = { task, checkpoints: ps.length };
    for (const c of ALIGNMENT_COLUMNS) {
      const ok = ps.filter((p) => Number.isFinite(p[c]));
      const x = ok.map((p) => p.performance);
      const y = ok.map((p) => p[c]);
      // Undefined (NaN) with fewer than 3 checkpoints or a constant column.
      row[c] = ok.length >= 3 ? pearsonR(x, y, 'nan') : NaN;
    }
    return row;
  });
  return { points, table };
}
