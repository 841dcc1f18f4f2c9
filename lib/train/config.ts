// A training run's configuration: everything that decides its weights. Saved as runs/<id>/config.json;
// re-running with a different configuration is refused, so a run directory never mixes two runs.
import { createHash } from 'node:crypto';
import { ARCHS, type Arch } from '../models/index.js';
import { parseTaskSet, TASK_UNITS } from '../tasks/index.js';
import type { DatasetMetaLike } from '../tasks/index.js';
import { LR_SCHEDULES, type LrSchedule } from './schedule.js';

/** Paper defaults (Appendix B / methods): Adam, lr 1e-3, batch 64. */
export const DEFAULTS = { batch: 64, lr: 1e-3, evalEvery: 250, checkpointEvery: 250, valN: 512, keepCheckpoints: 2 } as const;

/** `untrained` runs are seeded random inits with the `all` head (674 units) and no training. */
export const UNTRAINED = 'untrained';

export interface DataFingerprint {
  variant: string; seed: number; size: number; count: number; split: string;
  /** sha256 over the shards' sha256 values (identifies the exact images). */
  shards: string;
  /** latents.csv's sha256 (the targets), when the dataset records it. */
  latents?: string;
}

export interface TrainConfig {
  format: 1;
  arch: Arch;
  width: number;
  /** Input side in pixels the model sees (dataset images are resized to it when they differ). */
  size: number;
  /** Canonical task-set name, or `untrained`. */
  task: string;
  outputs: number;
  steps: number;
  batch: number;
  lr: number;
  seed: number;
  evalEvery: number;
  valN: number;
  checkpointEvery: number;
  /** Stop after this many evaluations without a val-loss improvement of more than minDelta (0 = never). */
  patience: number;
  minDelta: number;
  /** Learning-rate schedule over `steps` (absent: constant, the paper's; absent keeps older run directories valid). */
  lrSchedule?: LrSchedule;
  /** Steps of linear warm-up from 0 to `lr` (absent: none). */
  warmupSteps?: number;
  data: DataFingerprint | null;
  val: DataFingerprint | null;
}

export function fingerprint(meta: DatasetMetaLike & { latents?: { sha256: string } }): DataFingerprint {
  const shards = createHash('sha256').update(meta.shards.map((s) => s.sha256).join('\n')).digest('hex');
  const latents = meta.latents?.sha256;
  return { variant: meta.variant, seed: meta.seed, size: meta.size, count: meta.count, split: meta.split, shards, ...(latents ? { latents } : {}) };
}

export function headUnits(task: string): number {
  if (task === UNTRAINED) return Object.values(TASK_UNITS).reduce((a, b) => a + b, 0);
  return parseTaskSet(task).outputs;
}

export function checkTrainConfig(c: TrainConfig): void {
  const fail = (field: string, want: string) => { throw new Error(`train config: ${field} expected ${want}, got ${JSON.stringify((c as unknown as Record<string, unknown>)[field])}`); };
  if (!ARCHS.includes(c.arch)) fail('arch', ARCHS.join(' or '));
  if (!(c.width > 0)) fail('width', 'a positive number');
  if (!Number.isInteger(c.size) || c.size < 8) fail('size', 'an integer >= 8 (pixels)');
  if (c.task !== UNTRAINED) parseTaskSet(c.task);
  if (!Number.isInteger(c.steps) || c.steps < 0) fail('steps', 'an integer >= 0');
  if (c.task === UNTRAINED && c.steps !== 0) fail('steps', '0 for an untrained model');
  if (!Number.isInteger(c.batch) || c.batch < 2) fail('batch', 'an integer >= 2 (batch norm needs 2 images)');
  if (!(c.lr > 0)) fail('lr', 'a positive number');
  if (!Number.isInteger(c.seed) || c.seed < 0) fail('seed', 'an integer >= 0');
  for (const f of ['evalEvery', 'checkpointEvery', 'valN'] as const) if (!Number.isInteger(c[f]) || c[f] < 1) fail(f, 'an integer >= 1');
  if (!Number.isInteger(c.patience) || c.patience < 0) fail('patience', 'an integer >= 0');
  if (c.lrSchedule !== undefined && !LR_SCHEDULES.includes(c.lrSchedule)) fail('lrSchedule', LR_SCHEDULES.join(' or '));
  if (c.warmupSteps !== undefined && (!Number.isInteger(c.warmupSteps) || c.warmupSteps < 0 || c.warmupSteps > c.steps)) {
    fail('warmupSteps', `an integer from 0 to steps (${c.steps})`);
  }
  if (c.task !== UNTRAINED && c.steps > 0 && !c.data) fail('data', 'a training dataset');
  if (c.patience > 0 && !c.val) fail('val', 'a validation dataset when patience > 0');
}

/** Field-by-field differences between a saved config and a requested one ('' when they match). */
export function configDiff(saved: TrainConfig, wanted: TrainConfig): string {
  const diffs: string[] = [];
  const keys = new Set([...Object.keys(saved), ...Object.keys(wanted)]);
  for (const k of keys) {
    const a = JSON.stringify((saved as unknown as Record<string, unknown>)[k]);
    const b = JSON.stringify((wanted as unknown as Record<string, unknown>)[k]);
    if (a !== b) diffs.push(`${k}: run has ${a}, asked ${b}`);
  }
  return diffs.join('; ');
}
