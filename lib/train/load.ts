// A finished run's model, for analysis: config.json + weights.npz (checked against each other).
import { existsSync, readFileSync } from 'node:fs';
import { createResNet, disposeResNet, loadWeights, type ResNet } from '../models/index.js';
import type { TrainConfig } from './config.js';
import { RunDir } from './run_dir.js';

export interface LoadedRun { dir: string; config: TrainConfig; model: ResNet }

export function loadRun(dir: string): LoadedRun {
  const run = new RunDir(dir);
  if (!existsSync(run.configFile)) throw new Error(`${dir}: not a run directory (no config.json)`);
  const config = JSON.parse(readFileSync(run.configFile, 'utf8')) as TrainConfig;
  if (!run.isDone() || !existsSync(run.weightsFile)) {
    const ck = run.checkpoints();
    throw new Error(`${dir}: run not finished (no DONE/weights.npz${ck.length ? `; last checkpoint at step ${ck[ck.length - 1]}` : ''}); finish it with 'whatwhere train' first`);
  }
  const model = createResNet({ arch: config.arch, width: config.width, numOutputs: config.outputs }, config.seed);
  try {
    loadWeights(run.weightsFile, model);
  } catch (err) {
    disposeResNet(model);
    throw err;
  }
  return { dir, config, model };
}
