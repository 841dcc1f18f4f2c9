// `whatwhere paper [--scale tiny|small|paper] [--only fig4,...] [--slots K] [--no-notebooks]`: the main job.
// Computes what is missing (datasets, runs, activations, analyses) with the cached runner, then executes
// the figure notebooks headlessly into results/<scale>/ and writes REPORT.md.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { initEngine } from '../engine/index.js';
import { LocalPoolExecutor } from '../experiments/executors.js';
import { buildJobs } from '../experiments/jobs.js';
import { buildManifest, selectFigures } from '../experiments/manifest.js';
import { executeNotebook } from '../experiments/notebook_runner.js';
import { scalePaths } from '../experiments/paths.js';
import { writeReport } from '../experiments/report.js';
import { runJobs } from '../experiments/runner.js';
import { appendTiming } from '../experiments/timings.js';
import { SCALES, type Scale } from '../experiments/scales.js';
import { repoRoot } from '../paths.js';
import { bool, num, optStr, parseFlags, str, UsageError } from './args.js';

export const ALWAYS_NOTEBOOKS = ['00-environment', '01-dataset-tour'];

export const summary = 'run the paper at a scale: datasets, training, analyses (cached), then every figure notebook and REPORT.md';

export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, {
    scale: { type: 'string' }, only: { type: 'string' }, slots: { type: 'string' }, 'no-notebooks': { type: 'boolean' },
  }, 'paper');
  const scale = str(flags, 'scale', 'paper', 'small') as Scale;
  if (!SCALES.includes(scale)) throw new UsageError(`whatwhere paper: --scale expected tiny, small or paper, got '${scale}'`);
  const only = optStr(flags, 'only')?.split(',').map((s) => s.trim()).filter(Boolean);
  const info = await initEngine();
  const t0 = Date.now();
  const manifest = selectFigures(buildManifest(scale), only);
  console.error(`[paper] scale ${scale}, backend ${info.backend}; figures ${manifest.figures.map((f) => f.id).join(', ')}`);
  const executor = new LocalPoolExecutor(flags.values.slots ? { slots: num(flags, 'slots', 'paper', undefined, { integer: true, min: 1 }) } : {});
  const paths = scalePaths(scale);
  const summaryRun = await runJobs(buildJobs(manifest), executor, 'paper', {
    onJobDone: (job, seconds) => appendTiming(paths.timings, { kind: job.kind, id: job.id, seconds }),
  });
  await executor.close();
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
