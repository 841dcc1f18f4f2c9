// Task performance of trained runs from their metrics.csv (held-out evaluation rows), for the figures
// that relate alignment to performance (Fig 3, C.2, C.7) and for the per-task tables.
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
