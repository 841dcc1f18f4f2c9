// lib/tasks: latent tasks, head layout, targets, losses (Appendix B eqs. 1-13) and held-out metrics.
export { NUM_CATEGORIES, NUM_IDENTITIES, TASKS, TASK_UNITS, isTaskName, parseTaskSet } from './spec.js';
export type { TaskName, TaskSet } from './spec.js';
export { ANGLES, targetTensors, targetsFrom } from './targets.js';
export type { TargetTensors, Targets } from './targets.js';
export { taskLosses, totalLoss } from './losses.js';
export { metricKeys, taskMetrics } from './metrics.js';
export type { BatchLike, DatasetLike, DatasetMetaLike, LatentColumns } from './data_contract.js';
