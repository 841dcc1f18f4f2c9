// `whatwhere analysis --scale S --name cka|decoding-category|decoding-translation [--only fig4,...]`:
// one cached analysis of the paper runner, in its own process (the runner starts these).
import { join } from 'node:path';
import { analysisNamed } from '../experiments/analyses.js';
import { analysisContext } from '../experiments/jobs.js';
import { buildManifest, selectFigures } from '../experiments/manifest.js';
import { scalePaths } from '../experiments/paths.js';
import { SCALES, type Scale } from '../experiments/scales.js';
import { optStr, parseFlags, str, UsageError } from './args.js';

export const summary = 'compute one analysis of a scale (cka, decoding-category, decoding-translation) from its activations';

export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { scale: { type: 'string' }, name: { type: 'string' }, only: { type: 'string' } }, 'analysis');
  const scale = str(flags, 'scale', 'analysis') as Scale;
  if (!SCALES.includes(scale)) throw new UsageError(`whatwhere analysis: --scale expected tiny, small or paper, got '${scale}'`);
  let analysis;
  try { analysis = analysisNamed(str(flags, 'name', 'analysis')); } catch (err) { throw new UsageError(`whatwhere analysis: --name: ${(err as Error).message}`); }
  const only = optStr(flags, 'only')?.split(',').map((s) => s.trim()).filter(Boolean);
  const m = selectFigures(buildManifest(scale), only);
  const out = join(scalePaths(scale).analysis, analysis.file);
  const t0 = Date.now();
  await analysis.run(analysisContext(m), out);
  console.error(`[analysis] ${analysis.name}: ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}
