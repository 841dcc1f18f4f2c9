// Turns a manifest into runner jobs. Datasets, training runs and activations are whatwhere CLI
// commands (each resumable on its own); analyses run in-process on the activations they need.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ActivationSpec, DatasetSpec, Manifest, RunSpec } from './manifest.js';
import { scalePaths } from './paths.js';
import type { Job } from './runner.js';
import { SCALE_PARAMS } from './scales.js';
import { ANALYSES, type AnalysisContext } from './analyses.js';
import { brainScoreDir } from './paths.js';
import { missingBrainScoreFiles, readAlignment, runsToScore, runsToScoreAlongTraining, SCORE_BENCHMARKS } from './scoring.js';

export interface CommandJob extends Job {
  /** whatwhere CLI arguments. */
  argv: string[];
  /** Log file the executor appends the command's output to. */
  log: string;
  /** Threads the command will use (the executor packs jobs to the cores). */
  threads?: number;
  /** Clears what an interrupted earlier attempt left (the commands refuse to write over partial output). */
  prepare?(): void;
}

/** The job owns `dir`: anything there without its completion marker is a killed attempt's leftovers. */
function clearUnfinished(dir: string, marker: string): void {
  if (existsSync(dir) && !existsSync(join(dir, marker))) rmSync(dir, { recursive: true, force: true });
}

export interface InProcessJob extends Job {
  execute(): Promise<void>;
}

export function datasetDir(m: Manifest, id: string): string {
  return join(scalePaths(m.scale).data, id);
}
export function runDir(m: Manifest, id: string): string {
  return join(scalePaths(m.scale).runs, id);
}
export function activationsDir(m: Manifest, a: ActivationSpec): string {
  return join(scalePaths(m.scale).activations, a.run, a.data);
}

/** Rough seconds of work per job on this machine, for the ETA only. */
function costOf(m: Manifest, kind: Job['kind'], n: number): number {
  const px = SCALE_PARAMS[m.scale].size;
  const scale = (px / 32) ** 2;
  switch (kind) {
    case 'dataset': return 2 + (n * scale) / 2500;
    case 'train': return 3 + (n * scale * SCALE_PARAMS[m.scale].width * 4) / 1500;
    case 'activations': return 3 + (n * scale) / 2000;
    default: return 5;
  }
}

function datasetJob(m: Manifest, d: DatasetSpec): CommandJob {
  const out = datasetDir(m, d.id);
  return {
    id: `dataset:${d.id}`, kind: 'dataset', deps: [], cost: costOf(m, 'dataset', d.n),
    argv: ['generate', '--variant', d.variant, '--n', String(d.n), '--size', String(d.size), '--seed', String(d.seed), '--out', out],
    log: join(scalePaths(m.scale).logs, `dataset-${d.id}.log`),
    // meta.json is written last, after every shard and latents.csv.
    isDone: () => existsSync(join(out, 'meta.json')),
    prepare: () => clearUnfinished(out, 'meta.json'),
    describe: () => `dataset ${d.id}`,
  };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function trainJob(m: Manifest, r: RunSpec): CommandJob {
  const out = runDir(m, r.id);
  const argv = ['train', '--data', datasetDir(m, r.train), '--val', datasetDir(m, r.val), '--task', r.task,
    '--arch', r.arch, '--width', String(r.width), '--size', String(r.size), '--steps', String(r.steps),
    '--batch', String(r.batch), '--lr', String(r.lr), '--seed', String(r.initSeed), '--out', out];
  if (r.steps > 0) {
    // The schedule, the held-out evaluation and the paper's plateau rule (patience on held-out loss, the step cap).
    argv.push('--lr-schedule', r.lrSchedule, '--val-n', String(r.valN));
    if (r.warmup > 0) argv.push('--warmup', String(Math.min(r.warmup, r.steps)));
    if (r.patience > 0) argv.push('--patience', String(r.patience));
    // Checkpoints every keepEvery steps, all kept: Fig 3 relates performance and alignment along training,
    // so every checkpoint needs a held-out evaluation at its step.
    const evalEvery = r.keepEvery ? gcd(r.keepEvery, r.evalEvery) : r.evalEvery;
    argv.push('--eval-every', String(evalEvery));
    if (r.keepEvery) argv.push('--checkpoint-every', String(r.keepEvery), '--keep-checkpoints', String(Math.ceil(r.steps / r.keepEvery) + 1));
  }
  return {
    id: `run:${r.id}`, kind: 'train', deps: [`dataset:${r.train}`, `dataset:${r.val}`],
    cost: costOf(m, 'train', r.steps * r.batch), argv,
    log: join(scalePaths(m.scale).logs, `run-${r.id}.log`),
    isDone: () => existsSync(join(out, 'DONE')),
    describe: () => `train ${r.id}`,
  };
}

function activationJob(m: Manifest, a: ActivationSpec): CommandJob {
  const out = activationsDir(m, a);
  return {
    id: `activations:${a.id}`, kind: 'activations', deps: [`run:${a.run}`, `dataset:${a.data}`],
    cost: costOf(m, 'activations', a.n),
    argv: ['extract', '--run', runDir(m, a.run), '--data', datasetDir(m, a.data), '--n', String(a.n),
      '--layers', a.layers.join(','), '--out', out],
    log: join(scalePaths(m.scale).logs, `activations-${a.run}.log`),
    // extract writes meta.json last; a directory without it is an interrupted extraction.
    isDone: () => existsSync(join(out, 'meta.json')),
    prepare: () => clearUnfinished(out, 'meta.json'),
    describe: () => `activations ${a.run}`,
  };
}

export function scoreFile(m: Manifest, runId: string): string {
  return join(scalePaths(m.scale).scores, `${runId}.json`);
}

function scoreJob(m: Manifest, runId: string, dataDir: string): CommandJob {
  const out = scoreFile(m, runId);
  return {
    id: `score:${runId}`, kind: 'score', deps: [`run:${runId}`], cost: 120,
    argv: ['score', '--run', runDir(m, runId), '--benchmark', SCORE_BENCHMARKS.join(','), '--data-dir', dataDir, '--out', out],
    log: join(scalePaths(m.scale).logs, `score-${runId}.log`),
    isDone: () => readAlignment(out, runId) !== undefined,
    prepare: () => { rmSync(out, { force: true }); mkdirSync(dirname(out), { recursive: true }); },
    describe: () => `score ${runId}`,
  };
}

/** Cache file of one part of an analysis (e.g. one model's decoding). */
export function analysisPartFile(m: Manifest, name: string, partId: string): string {
  return join(scalePaths(m.scale).analysis, 'parts', name, `${partId}.csv`);
}

/** Folder of a run's checkpoint scores (step-NNNNNNNN.json each, DONE when all are scored). */
export function checkpointScoreDir(m: Manifest, runId: string): string {
  return join(scalePaths(m.scale).scores, 'checkpoints', runId);
}

function checkpointScoreJob(m: Manifest, runId: string, dataDir: string): CommandJob {
  const out = checkpointScoreDir(m, runId);
  return {
    id: `score-checkpoints:${runId}`, kind: 'score', deps: [`run:${runId}`], cost: 120 * 3,
    argv: ['score', '--run', runDir(m, runId), '--checkpoint', 'all', '--benchmark', SCORE_BENCHMARKS.join(','), '--data-dir', dataDir, '--out', out],
    log: join(scalePaths(m.scale).logs, `score-checkpoints-${runId}.log`),
    // Finished checkpoints are kept (the command skips them); DONE marks the whole run scored.
    isDone: () => existsSync(join(out, 'DONE')),
    describe: () => `score checkpoints ${runId}`,
  };
}

export function analysisContext(m: Manifest): AnalysisContext {
  return {
    manifest: m, activationsDir: (a) => activationsDir(m, a), runDir: (id) => runDir(m, id),
    partFile: (name, partId) => analysisPartFile(m, name, partId),
  };
}

export function buildJobs(m: Manifest, opts: { brainScoreDir?: string } = {}): Job[] {
  const jobs: Job[] = [
    ...m.datasets.map((d) => datasetJob(m, d)),
    ...m.runs.map((r) => trainJob(m, r)),
    ...m.activations.map((a) => activationJob(m, a)),
  ];
  // Alignment only when every public Brain-Score file is there (the figures say so otherwise).
  const bsDir = opts.brainScoreDir ?? brainScoreDir();
  if (missingBrainScoreFiles(bsDir).length === 0) {
    jobs.push(...runsToScore(m).map((id) => scoreJob(m, id, bsDir)));
    jobs.push(...runsToScoreAlongTraining(m).map((id) => checkpointScoreJob(m, id, bsDir)));
  }
  for (const analysis of ANALYSES) {
    if (!analysis.figures.some((f) => m.figures.some((x) => x.id === f))) continue;
    const needed = analysis.activations(m);
    if (needed.length === 0) continue;
    const out = join(scalePaths(m.scale).analysis, analysis.file);
    const only = m.figures.map((f) => f.id).join(',');
    const base = ['analysis', '--scale', m.scale, '--name', analysis.name, '--only', only];
    // A child process per analysis (or per part): they are CPU-bound JavaScript, so they run in parallel only that way.
    const parts = analysis.parts?.(m) ?? [];
    for (const part of parts) {
      const file = analysisPartFile(m, analysis.name, part.id);
      const partJob: CommandJob = {
        id: `analysis:${analysis.name}:${part.id}`, kind: 'analysis', deps: part.activations.map((a) => `activations:${a.id}`),
        cost: part.cost, describe: () => `${analysis.name} ${part.id}`,
        // Once merged, the parts are not needed again.
        isDone: () => existsSync(file) || existsSync(out),
        argv: [...base, '--part', part.id],
        log: join(scalePaths(m.scale).logs, `analysis-${analysis.name}-${part.id}.log`),
      };
      jobs.push(partJob);
    }
    const deps = parts.length > 0 ? parts.map((p) => `analysis:${analysis.name}:${p.id}`) : needed.map((a) => `activations:${a.id}`);
    const mergeJob: CommandJob = {
      id: `analysis:${analysis.name}`, kind: 'analysis', deps,
      cost: analysis.cost(m), isDone: () => existsSync(out), describe: () => `analysis ${analysis.name}`,
      argv: base, log: join(scalePaths(m.scale).logs, `analysis-${analysis.name}.log`),
    };
    jobs.push(mergeJob);
  }
  return jobs;
}
