// lib/train: seeded, resumable training runs (Adam, checkpoints, evaluation, plateau stop).
export { Adam } from './adam.js';
export type { AdamOptions, AdamState } from './adam.js';
export { checkTrainConfig, configDiff, DEFAULTS, fingerprint, headUnits, UNTRAINED } from './config.js';
export type { DataFingerprint, TrainConfig } from './config.js';
export { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
export type { TrainState } from './checkpoint.js';
export { evaluate, predict } from './evaluate.js';
export { modelInput } from './inputs.js';
export { RunDir } from './run_dir.js';
export type { FinalMetrics, RunTargets } from './run_dir.js';
export { learningRate, LR_SCHEDULES } from './schedule.js';
export type { LrSchedule } from './schedule.js';
export { inferOutput, NonFiniteLossError, stepTraceStatus, trainStep } from './step.js';
export { trainRun } from './trainer.js';
export type { TrainRunOptions, TrainRunResult } from './trainer.js';
export { loadRun } from './load.js';
export type { LoadedRun } from './load.js';
