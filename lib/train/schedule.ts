// Learning-rate schedules, each a pure function of the step, so a resumed run uses exactly the rate an
// uninterrupted one would. `constant` is the paper's (Adam, lr 1e-3); `cosine` (linear warm-up, then a
// half cosine to zero at the step cap) reaches a given held-out competence in far fewer steps, which is
// what the CPU scales need (see bench/learning_curves.ts and environment.md).
import type { TrainConfig } from './config.js';

export const LR_SCHEDULES = ['constant', 'cosine'] as const;
export type LrSchedule = (typeof LR_SCHEDULES)[number];

/** Learning rate of optimisation step `step` (1-based: the first update is step 1). */
export function learningRate(c: Pick<TrainConfig, 'lr' | 'steps' | 'lrSchedule' | 'warmupSteps'>, step: number): number {
  const schedule = c.lrSchedule ?? 'constant';
  const warmup = c.warmupSteps ?? 0;
  if (warmup > 0 && step <= warmup) return (c.lr * step) / warmup;
  if (schedule === 'constant') return c.lr;
  const span = Math.max(1, c.steps - warmup);
  const t = Math.min(1, (step - warmup) / span);
  return 0.5 * c.lr * (1 + Math.cos(Math.PI * t));
}
