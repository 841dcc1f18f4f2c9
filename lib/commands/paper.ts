// `whatwhere paper [--scale tiny|small|paper] [--only ...]`: the main job.
// Until the experiment runner lands this runs the foundation smoke pipeline: start the engine,
// execute every notebook in notebooks/ headlessly, write them under results/<scale>/.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { initEngine } from '../engine/index.js';
import { executeNotebook } from '../experiments/notebook_runner.js';
import { parseFlags, str, UsageError } from './args.js';

export const summary = 'run the main job (smoke pipeline: engine check + execute notebooks into results/<scale>/)';

export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { scale: { type: 'string' }, only: { type: 'string' } }, 'paper');
  const scale = str(flags, 'scale', 'paper', 'small');
  if (!['tiny', 'small', 'paper'].includes(scale)) throw new UsageError(`whatwhere paper: --scale expected tiny, small or paper, got '${scale}'`);
  const only = typeof flags.values.only === 'string' ? flags.values.only.split(',') : undefined;
  const info = await initEngine();
  console.error(`[paper] scale ${scale}, backend ${info.backend}`);
  const outDir = join(process.cwd(), 'results', scale);
  mkdirSync(outDir, { recursive: true });
  const notebooks = readdirSync(join(process.cwd(), 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort()
    .filter((f) => !only || only.some((o) => f.includes(o)));
  for (const [i, nb] of notebooks.entries()) {
    const t0 = Date.now();
    await executeNotebook(join(process.cwd(), 'notebooks', nb), join(outDir, nb), { env: { WHATWHERE_SCALE: scale } });
    console.error(`[paper] ${i + 1}/${notebooks.length} ${nb} executed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  console.error(`[paper] results in ${outDir}`);
  return 0;
}
