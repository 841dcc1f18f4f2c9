// `whatwhere paper [--scale tiny|small|paper] [--only fig4,...] [--slots K] [--no-notebooks] [--plan [--json]]
//  [--executor local|slurm] [Slurm options]`: the main job.
// Computes what is missing (datasets, runs, activations, analyses) with the cached runner, on a pool of
// local processes or on Slurm, then executes the figure notebooks headlessly into results/<scale>/
// and writes REPORT.md. --plan prints the jobs and their command lines and computes nothing.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { initEngine } from '../engine/index.js';
import { LocalPoolExecutor } from '../experiments/executors.js';
import { buildJobs } from '../experiments/jobs.js';
import { buildManifest, selectFigures } from '../experiments/manifest.js';
import { executeNotebook } from '../experiments/notebook_runner.js';
import { scalePaths } from '../experiments/paths.js';
import { formatPlan, planOf } from '../experiments/plan.js';
import { writeReport } from '../experiments/report.js';
import { runJobs, type Executor } from '../experiments/runner.js';
import { appendTiming } from '../experiments/timings.js';
import { SCALES, type Scale } from '../experiments/scales.js';
import { repoRoot } from '../paths.js';
import { asUsage, bool, num, optStr, str, UsageError, type ParsedFlags } from './args.js';
import { parseOptions, type Options } from './options.js';
import { SLURM_OPTIONS, slurmExecutorFromFlags } from './slurm_flags.js';

export const ALWAYS_NOTEBOOKS = ['00-environment', '01-dataset-tour'];

export const summary = 'run the paper at a scale: datasets, training, analyses (cached, locally or on Slurm), then every figure notebook and REPORT.md; --plan prints the jobs';

export const options = {
  scale: { value: SCALES.join('|'), help: 'the scale to run', default: 'small' },
  only: { value: 'FIG,...', help: 'only these figures (and what they need)', default: 'every figure of the scale' },
  plan: { help: 'print the jobs and their command lines; compute nothing' },
  json: { help: 'the plan as JSON (with --plan)' },
  'no-notebooks': { help: 'compute, but do not execute the notebooks' },
  executor: { value: 'local|slurm', help: 'where jobs run: local processes, or Slurm job arrays', default: 'local' },
  slots: { value: 'K', help: 'local processes at once (--executor local)', default: 'one per core' },
  ...SLURM_OPTIONS,
} as const satisfies Options;

function executorFor(flags: ParsedFlags, scale: Scale): Executor {
  const kind = str(flags, 'executor', 'paper', options.executor.default);
  if (kind === 'slurm') {
    if (flags.values.slots !== undefined) throw new UsageError('whatwhere paper: --slots is for --executor local; on Slurm use --max-queued/--max-running');
    return slurmExecutorFromFlags(flags, scale);
  }
  if (kind !== 'local') throw new UsageError(`whatwhere paper: --executor expected local or slurm, got '${kind}'`);
  const slurmOnly = Object.keys(SLURM_OPTIONS).filter((f) => flags.values[f] !== undefined);
  if (slurmOnly.length > 0) throw new UsageError(`whatwhere paper: --${slurmOnly[0]} needs --executor slurm`);
  return new LocalPoolExecutor(flags.values.slots ? { slots: num(flags, 'slots', 'paper', undefined, { integer: true, min: 1 }) } : {});
}

export async function run(argv: string[]): Promise<number> {
  const flags = parseOptions(argv, options, 'paper');
  const scale = str(flags, 'scale', 'paper', options.scale.default) as Scale;
  if (!SCALES.includes(scale)) throw new UsageError(`whatwhere paper: --scale expected ${SCALES.join(', ')}, got '${scale}'`);
  const only = optStr(flags, 'only')?.split(',').map((s) => s.trim()).filter(Boolean);
  const manifest = asUsage('paper', () => selectFigures(buildManifest(scale), only));
  if (bool(flags, 'json') && !bool(flags, 'plan')) throw new UsageError('whatwhere paper: --json goes with --plan');
  if (bool(flags, 'plan')) {
    const plan = planOf(scale, buildJobs(manifest));
    console.log(bool(flags, 'json') ? JSON.stringify(plan) : formatPlan(plan));
    return 0;
  }
  const executor = executorFor(flags, scale);
  const info = await initEngine();
  const t0 = Date.now();
  console.error(`[paper] scale ${scale}, backend ${info.backend}; figures ${manifest.figures.map((f) => f.id).join(', ')}`);
  const paths = scalePaths(scale);
  let summaryRun;
  try {
    summaryRun = await runJobs(buildJobs(manifest), executor, 'paper', {
      onJobDone: (job, seconds) => appendTiming(paths.timings, { kind: job.kind, id: job.id, seconds }),
    });
  } finally {
    await executor.close();
  }
  console.error(`[paper] compute: ${summaryRun.ran} jobs run, ${summaryRun.cached} cached, ${Math.round(summaryRun.seconds)} s`);

  // 00 (the engine) and 01 (Figure 1, the dataset) hold for every scale and selection; then the figures'.
  const wanted = new Set([...ALWAYS_NOTEBOOKS, ...manifest.figures.map((f) => f.notebook)]);
  const notebooks = readdirSync(join(repoRoot(), 'notebooks')).filter((f) => f.endsWith('.ipynb') && wanted.has(f.replace(/\.ipynb$/, ''))).sort();
  if (!bool(flags, 'no-notebooks')) {
    for (const [i, nb] of notebooks.entries()) {
      const t = Date.now();
      await executeNotebook(join(repoRoot(), 'notebooks', nb), join(paths.notebooks, nb), { env: { WHATWHERE_SCALE: scale } });
      appendTiming(paths.timings, { kind: 'notebook', id: nb, seconds: (Date.now() - t) / 1000 });
      console.error(`[paper] notebook ${i + 1}/${notebooks.length} ${nb} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
  }
  appendTiming(paths.timings, { kind: 'invocation', id: `${summaryRun.ran} jobs run, ${summaryRun.cached} cached`, seconds: (Date.now() - t0) / 1000 });
  const report = writeReport(scale, { seconds: (Date.now() - t0) / 1000, backend: info.backend, notebooks });
  console.error(`[paper] done in ${Math.round((Date.now() - t0) / 1000)} s: ${report}`);
  return 0;
}
