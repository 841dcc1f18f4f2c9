// A training run from start or from its last checkpoint to the end: the loop, periodic held-out
// evaluation, optional plateau stop, checkpoints, final weights and the DONE marker.
// Determinism: init is a pure function of (seed, parameter name); batch k is train.batchAt(k, batch, seed);
// Adam state and BN statistics are checkpointed exactly; so on wasm and cpu an interrupted run
// resumed to the end has the same weights, bit for bit, as one that ran straight through.
import { createResNet, disposeResNet, saveWeights, type ResNet } from '../models/index.js';
import { ProgressReporter } from '../progress.js';
import { metricKeys, parseTaskSet, targetsFrom, type DatasetLike, type TaskSet } from '../tasks/index.js';
import { Adam } from './adam.js';
import { DEFAULTS, checkTrainConfig, UNTRAINED, type TrainConfig } from './config.js';
import { configHash, loadCheckpoint, saveCheckpoint, type TrainState } from './checkpoint.js';
import { checkDivergence } from './divergence.js';
import { evaluate } from './evaluate.js';
import { modelInput } from './inputs.js';
import { RunDir } from './run_dir.js';
import { learningRate } from './schedule.js';
import { NonFiniteLossError, trainStep } from './step.js';

export interface TrainRunOptions {
  config: TrainConfig;
  outDir: string;
  train?: DatasetLike;
  val?: DatasetLike;
  /** Progress and event lines (default: stderr). */
  log?: (line: string) => void;
  /** Called after every completed step (tests watch memory here). */
  afterStep?: (step: number, loss: number) => void;
  keepCheckpoints?: number;
}

export interface TrainRunResult {
  status: 'done' | 'already-done';
  step: number;
  reason: string;
  weightsFile: string;
  resumedFrom?: number;
  lastMetrics?: Record<string, number>;
}

export async function trainRun(opts: TrainRunOptions): Promise<TrainRunResult> {
  const { config } = opts;
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  checkTrainConfig(config);
  const run = new RunDir(opts.outDir);
  run.claim(config);
  const release = run.lock();
  let model: ResNet | undefined;
  let adam: Adam | undefined;
  try {
    if (run.isDone()) {
      const done = run.readDone();
      log(`[train] ${opts.outDir} is already complete (DONE at step ${done.step}, ${done.reason}); nothing to do`);
      return { status: 'already-done', step: done.step, reason: done.reason, weightsFile: run.weightsFile };
    }
    run.removeStaleTemps();
    model = createResNet({ arch: config.arch, width: config.width, numOutputs: config.outputs }, config.seed);
    if (config.task === UNTRAINED) {
      saveWeights(run.weightsFile, model);
      run.markDone({ step: 0, reason: 'untrained' });
      log(`[train] untrained ${config.arch} (seed ${config.seed}) written to ${run.weightsFile}`);
      return { status: 'done', step: 0, reason: 'untrained', weightsFile: run.weightsFile };
    }
    const set = parseTaskSet(config.task);
    const train = opts.train;
    if (config.steps > 0 && !train) throw new Error('trainRun: a training dataset is required');
    if (train) run.writeTargets({ zscore: train.meta.zscore });
    const columns = ['step', 'epoch', 'train_loss', ...(opts.val ? metricKeys(set).map((k) => `val_${k}`) : []), 'img_per_s', 'elapsed_s'];
    adam = new Adam(model.vars, model.trainable, { lr: config.lr });
    const { state, resumedFrom } = startState(run, model, adam, config, columns);
    if (resumedFrom !== undefined) log(`[train] resuming from ${run.checkpointFile(resumedFrom)} (step ${resumedFrom} of ${config.steps})`);

    const progress = new ProgressReporter({ label: `train ${opts.outDir}`, total: config.steps, unit: 'step', start: state.step,
      rateUnit: { name: 'img', per: config.batch }, sink: log });
    let lastMetrics: Record<string, number> | undefined;
    let lastMetricsStep = -1;
    const record = (): boolean => {
      const row: Record<string, number> = {
        step: state.step,
        epoch: train ? Math.floor((state.step * config.batch) / train.length) : 0,
        train_loss: state.trainLoss.count > 0 ? state.trainLoss.sum / state.trainLoss.count : Number.NaN,
        img_per_s: progress.rate(state.step), elapsed_s: progress.elapsed(),
      };
      let stop = false;
      if (opts.val) {
        const m = evaluate(model!, opts.val, set, { n: config.valN, batch: config.batch, size: config.size, log, zscore: train?.meta.zscore });
        lastMetrics = m;
        lastMetricsStep = state.step;
        for (const [k, v] of Object.entries(m)) row[`val_${k}`] = v;
        if (state.step > 0) stop = plateau(state, m.loss!, config);
        log(`[train] step ${state.step}: val loss ${m.loss!.toPrecision(5)}${state.plateau.bad ? ` (no improvement for ${state.plateau.bad} evals)` : ''}`);
      }
      run.appendMetrics(columns, row);
      checkDivergence(state.divergence ??= {}, row, model!, opts.outDir); // a finite but diverged run never ends as DONE
      state.trainLoss = { sum: 0, count: 0 };
      return stop;
    };

    if (resumedFrom === undefined && state.step === 0) record();
    let lastCheckpoint = resumedFrom;
    while (state.step < config.steps && !state.stopReason) {
      const loss = oneStep(model, adam, set, train!, config, state, run, lastCheckpoint);
      state.step += 1;
      state.adamStep = adam.step;
      state.data.nextStep = state.step;
      state.trainLoss.sum += loss;
      state.trainLoss.count += 1;
      opts.afterStep?.(state.step, loss);
      progress.update(state.step, `loss ${loss.toPrecision(5)}`, state.step === config.steps);
      const end = state.step === config.steps;
      let stop = false;
      if (state.step % config.evalEvery === 0 || end) stop = record();
      if (stop) state.stopReason = 'plateau';
      if (state.step % config.checkpointEvery === 0 || end || stop) {
        saveCheckpoint(run.checkpointFile(state.step), model, adam, state);
        run.prune(opts.keepCheckpoints ?? DEFAULTS.keepCheckpoints);
        lastCheckpoint = state.step;
      }
      if (stop) {
        log(`[train] stopping at step ${state.step}: val loss has not improved for ${state.plateau.bad} evaluations`);
        break;
      }
    }
    const reason = state.stopReason ?? 'steps';
    if (config.steps === 0) saveCheckpoint(run.checkpointFile(0), model, adam, state);
    saveWeights(run.weightsFile, model);
    // The run's final held-out competence, kept beside its weights (REPORT's competence table reads it).
    if (opts.val) {
      if (lastMetricsStep !== state.step) {
        lastMetrics = evaluate(model, opts.val, set, { n: config.valN, batch: config.batch, size: config.size, log, zscore: train?.meta.zscore });
      }
      run.writeFinal({ step: state.step, reason, stepCap: config.steps, patience: config.patience, evalEvery: config.evalEvery,
        n: Math.min(config.valN, opts.val.length), metrics: lastMetrics! });
    }
    run.markDone({ step: state.step, reason });
    log(`[train] done: ${state.step} steps (${reason}); weights in ${run.weightsFile}`);
    return { status: 'done', step: state.step, reason, weightsFile: run.weightsFile, resumedFrom, lastMetrics };
  } finally {
    adam?.dispose();
    if (model) disposeResNet(model);
    release();
  }
}

function freshState(config: TrainConfig): TrainState {
  return {
    format: 1, step: 0, adamStep: 0, rng: { seed: config.seed },
    data: { nextStep: 0, batch: config.batch, seed: config.seed },
    plateau: { best: null, bad: 0 }, trainLoss: { sum: 0, count: 0 }, configSha256: configHash(config),
  };
}

/** Fresh state, or the newest checkpoint's; a damaged newest checkpoint stops the run (nothing is deleted). */
function startState(run: RunDir, model: ResNet, adam: Adam, config: TrainConfig, columns: string[]): { state: TrainState; resumedFrom?: number } {
  const steps = run.checkpoints();
  if (steps.length === 0) {
    run.resetMetrics(columns);
    return { state: freshState(config) };
  }
  const latest = steps[steps.length - 1]!;
  const file = run.checkpointFile(latest);
  let state: TrainState;
  try {
    state = loadCheckpoint(file, model, adam, config);
  } catch (err) {
    const prev = steps.length > 1 ? `; to resume from the previous one (step ${steps[steps.length - 2]}), remove it` : '; remove it to restart from the seeded init';
    throw new Error(`cannot resume: ${(err as Error).message}. Nothing was changed${prev}`);
  }
  run.truncateMetrics(state.step, columns);
  return { state, resumedFrom: latest };
}

function oneStep(model: ResNet, adam: Adam, set: TaskSet, train: DatasetLike, config: TrainConfig, state: TrainState,
  run: RunDir, lastCheckpoint: number | undefined): number {
  const b = train.batchAt(state.data.nextStep, config.batch, config.seed);
  try {
    const x = modelInput(b.images, config.size);
    try {
      return trainStep(model, adam, set, x, targetsFrom(b.latents, train.meta), learningRate(config, state.step + 1));
    } finally {
      if (x !== b.images) x.dispose();
    }
  } catch (err) {
    if (err instanceof NonFiniteLossError) {
      const keep = lastCheckpoint !== undefined ? `the last good checkpoint is ${run.checkpointFile(lastCheckpoint)} (step ${lastCheckpoint})`
        : 'no checkpoint was written yet';
      throw new Error(`step ${state.step + 1}: ${err.message} (task ${config.task}); stopped before updating the weights; ${keep}. ` +
        'Lower --lr or check the data; the run directory is unchanged');
    }
    throw err;
  } finally {
    b.images.dispose();
  }
}

/** Early stop on plateau: true when val loss failed to improve by more than minDelta `patience` times in a row. */
function plateau(state: TrainState, valLoss: number, config: TrainConfig): boolean {
  if (state.plateau.best === null || valLoss < state.plateau.best - config.minDelta) {
    state.plateau = { best: valLoss, bad: 0 };
  } else {
    state.plateau.bad += 1;
  }
  return config.patience > 0 && state.plateau.bad >= config.patience;
}
