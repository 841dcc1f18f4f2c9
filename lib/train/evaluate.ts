// Held-out evaluation: the model in eval mode (BN running statistics) on the first n images of a
// dataset in file order, metrics from lib/tasks (losses, accuracy, R^2 and Pearson r per latent).
import * as tf from '@tensorflow/tfjs';
import { forward, type ResNet } from '../models/index.js';
import { targetsFrom, taskMetrics, type DatasetLike, type LatentColumns, type TaskSet } from '../tasks/index.js';
import { concatLatents, modelInput } from './inputs.js';

export interface EvalOptions { n: number; batch: number; size: number }

export function predict(model: ResNet, data: DatasetLike, opts: EvalOptions): { output: Float32Array; latents: LatentColumns } {
  const n = Math.min(opts.n, data.length);
  const width = model.arch.config.numOutputs;
  const output = new Float32Array(n * width);
  const parts: LatentColumns[] = [];
  for (let start = 0; start < n; start += opts.batch) {
    const b = data.slice(start, Math.min(opts.batch, n - start));
    try {
      const y = tf.tidy(() => forward(model, modelInput(b.images, opts.size)).output!);
      output.set(y.dataSync(), start * width);
      y.dispose();
    } finally {
      b.images.dispose();
    }
    parts.push(b.latents);
  }
  return { output, latents: concatLatents(parts) };
}

export function evaluate(model: ResNet, data: DatasetLike, set: TaskSet, opts: EvalOptions): Record<string, number> {
  const { output, latents } = predict(model, data, opts);
  return taskMetrics(output, targetsFrom(latents, data.meta), set);
}
