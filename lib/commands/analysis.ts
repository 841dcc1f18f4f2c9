// `whatwhere analysis --scale S --name cka|decoding-category|decoding-translation [--part RUN] [--only fig4,...]`:
// one cached analysis of the paper runner, or one part of it (one model's decoding), in its own process
// (the runner starts these).
import { join } from 'node:path';
import { analysisNamed, ANALYSES } from '../experiments/analyses.js';
import { analysisContext, analysisPartFile } from '../experiments/jobs.js';
import { buildManifest, selectFigures } from '../experiments/manifest.js';
import { scalePaths } from '../experiments/paths.js';
import { SCALES, type Scale } from '../experiments/scales.js';
import { asUsage, optStr, str, UsageError } from './args.js';
import { parseOptions, type Options } from './options.js';

export const summary = 'compute one analysis of a scale (cka, decoding-category, decoding-translation) from its activations, or one part of it (--part: one model of a decoding analysis)';

export const options = {
  scale: { value: SCALES.join('|'), help: 'the scale whose activations to analyse', required: true },
  name: { value: ANALYSES.map((a) => a.name).join('|'), help: 'the analysis', required: true },
  part: { value: 'PART', help: 'compute only this part (one model of a decoding analysis)', default: 'the whole analysis' },
  only: { value: 'FIG,...', help: "only these figures' models", default: 'every figure of the scale' },
} as const satisfies Options;

export async function run(argv: string[]): Promise<number> {
  const flags = parseOptions(argv, options, 'analysis');
  const scale = str(flags, 'scale', 'analysis') as Scale;
  if (!SCALES.includes(scale)) throw new UsageError(`whatwhere analysis: --scale expected ${SCALES.join(', ')}, got '${scale}'`);
  const name = str(flags, 'name', 'analysis');
  const analysis = asUsage('analysis', () => analysisNamed(name));
  const only = optStr(flags, 'only')?.split(',').map((s) => s.trim()).filter(Boolean);
  const m = asUsage('analysis', () => selectFigures(buildManifest(scale), only));
  const part = optStr(flags, 'part');
  const t0 = Date.now();
  if (part !== undefined) {
    if (!analysis.runPart || !analysis.parts) throw new UsageError(`whatwhere analysis: --part: ${analysis.name} has no parts`);
    const known = analysis.parts(m).map((p) => p.id);
    if (!known.includes(part)) throw new UsageError(`whatwhere analysis: --part: '${part}' is not a part of ${analysis.name} (known: ${known.join(', ')})`);
    const out = analysisPartFile(m, analysis.name, part);
    await analysis.runPart(analysisContext(m), part, out);
    console.error(`[analysis] ${analysis.name} ${part}: ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return 0;
  }
  const out = join(scalePaths(scale).analysis, analysis.file);
  await analysis.run(analysisContext(m), out);
  console.error(`[analysis] ${analysis.name}: ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}
