// Held-out metrics per task, in float64 on the host from collected head outputs: the task losses
// (same formulas as losses.ts), accuracy for classification, R^2 (scikit-learn r2_score) and Pearson r
// per regressed latent, and the mean absolute angle error of rotation (angle = atan2(sin, cos) output).
import { pearsonR, r2Score } from '../analysis/stats.js';
import { ANGLES, type Targets } from './targets.js';
import { TASK_UNITS, type TaskName, type TaskSet } from './spec.js';

/** Column `c` of a row-major [n, width] array. */
function column(a: Float32Array, n: number, width: number, c: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i * width + c]!;
  return out;
}

function crossEntropyAndAccuracy(logits: Float64Array[], labels: Int32Array): { loss: number; acc: number } {
  const n = labels.length, k = logits.length;
  let loss = 0, correct = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity, arg = 0;
    for (let j = 0; j < k; j++) if (logits[j]![i]! > max) { max = logits[j]![i]!; arg = j; }
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp(logits[j]![i]! - max);
    loss -= logits[labels[i]!]![i]! - max - Math.log(sum);
    if (arg === labels[i]) correct++;
  }
  return { loss: loss / n, acc: correct / n };
}

const REGRESSION_COLUMNS: Partial<Record<TaskName, string[]>> = {
  distance: ['z'],
  translation: ['x', 'y'],
  rotation: ['sin_rxy', 'cos_rxy', 'sin_ryz', 'cos_ryz', 'sin_rzx', 'cos_rzx'],
};

/**
 * Metrics for head outputs `output` ([n, set.outputs], row-major) against `targets`.
 * Keys: loss, loss_<task>, acc_<class task>, r2_<latent>, r_<latent>, angle_err_deg_<angle>; stable order.
 */
export function taskMetrics(output: Float32Array, targets: Targets, set: TaskSet): Record<string, number> {
  const n = targets.n;
  if (output.length !== n * set.outputs) throw new Error(`taskMetrics: output has ${output.length} values, expected ${n} x ${set.outputs}`);
  const losses: Record<string, number> = {};
  const extra: Record<string, number> = {};
  for (const task of set.tasks) {
    const { start } = set.slices[task]!;
    const units = TASK_UNITS[task];
    const cols = Array.from({ length: units }, (_, c) => column(output, n, set.outputs, start + c));
    if (task === 'category' || task === 'identity') {
      const { loss, acc } = crossEntropyAndAccuracy(cols, targets[task]);
      losses[task] = loss;
      extra[`acc_${task}`] = acc;
      continue;
    }
    const t = targets[task];
    const names = REGRESSION_COLUMNS[task]!;
    let se = 0;
    names.forEach((name, c) => {
      const target = column(t, n, units, c);
      for (let i = 0; i < n; i++) se += (cols[c]![i]! - target[i]!) ** 2;
      // undefined (NaN) on a constant held-out target rather than sklearn's 1/0: nothing to explain
      extra[`r2_${name}`] = r2Score(target, cols[c]!, 'nan');
      extra[`r_${name}`] = pearsonR(cols[c]!, target, 'nan');
    });
    losses[task] = se / (n * units);
    if (task === 'rotation') {
      ANGLES.forEach((a, k) => {
        let err = 0;
        for (let i = 0; i < n; i++) {
          const p = Math.atan2(cols[2 * k]![i]!, cols[2 * k + 1]![i]!);
          const q = Math.atan2(t[6 * i + 2 * k]!, t[6 * i + 2 * k + 1]!);
          const d = Math.abs(p - q) % (2 * Math.PI);
          err += Math.min(d, 2 * Math.PI - d);
        }
        extra[`angle_err_deg_${a}`] = (err / n) * 180 / Math.PI;
      });
    }
  }
  const total = Object.values(losses).reduce((a, b) => a + b, 0) / set.tasks.length;
  const out: Record<string, number> = { loss: total };
  for (const [k, v] of Object.entries(losses)) out[`loss_${k}`] = v;
  return { ...out, ...extra };
}

/** The metric keys taskMetrics returns for `set`, in order (CSV header). */
export function metricKeys(set: TaskSet): string[] {
  const keys = ['loss', ...set.tasks.map((t) => `loss_${t}`)];
  for (const task of set.tasks) {
    if (task === 'category' || task === 'identity') keys.push(`acc_${task}`);
    else for (const c of REGRESSION_COLUMNS[task]!) keys.push(`r2_${c}`, `r_${c}`);
    if (task === 'rotation') for (const a of ANGLES) keys.push(`angle_err_deg_${a}`);
  }
  return keys;
}
