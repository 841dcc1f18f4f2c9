// Held-out evaluation: the model in eval mode (BN running statistics) on the first n images of a
// dataset in file order, metrics from lib/tasks (losses, accuracy, R^2 and Pearson r per latent).
import * as tf from '@tensorflow/tfjs';
import type { ResNet } from '../models/index.js';
import { ProgressReporter } from '../progress.js';
import { targetsFrom, taskMetrics, type DatasetLike, type LatentColumns, type TaskSet } from '../tasks/index.js';
import { concatLatents, modelInput } from './inputs.js';
import { inferOutput } from './step.js';

export interface EvalOptions {
  n: number; batch: number; size: number;
  /** Progress lines (images done, rate, ETA) about every 2 s on long evaluations. */
  log?: (line: string) => void;
}

export function predict(model: ResNet, data: DatasetLike, opts: EvalOptions): { output: Float32Array; latents: LatentColumns } {
  const n = Math.min(opts.n, data.length);
  const width = model.arch.config.numOutputs;
  const output = new Float32Array(n * width);
  const parts: LatentColumns[] = [];
  // Quiet for the first 2 s: most evaluations are short.
  const progress = new ProgressReporter({ label: 'eval', total: n, unit: 'images', rateUnit: { name: 'img', per: 1 }, sink: opts.log ?? null, quietMs: 2000 });
  for (let start = 0; start < n; start += opts.batch) {
    progress.update(start);
    const b = data.slice(start, Math.min(opts.batch, n - start));
    try {
      const x = modelInput(b.images, opts.size);
      const y = inferOutput(model, x);
      output.set(y.dataSync(), start * width);
      y.dispose();
      if (x !== b.images) x.dispose();
    } finally {
      b.images.dispose();
    }
    parts.push(b.latents);
  }
  return { output, latents: concatLatents(parts) };
}

/**
 * Held-out metrics. Regression targets are z-scored with `zscore` when given: the training split's
 * statistics, which the model learned to predict (each split's meta.json holds its own).
 */
export function evaluate(model: ResNet, data: DatasetLike, set: TaskSet,
  opts: EvalOptions & { zscore?: DatasetLike['meta']['zscore'] }): Record<string, number> {
  const { output, latents } = predict(model, data, opts);
  return taskMetrics(output, targetsFrom(latents, { zscore: opts.zscore ?? data.meta.zscore }), set);
}
