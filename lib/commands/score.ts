// `whatwhere score --benchmark NAME[,NAME...] (--run runs/ID [--checkpoint STEP|all] | --activations DIR | --export-stimuli DIR --size N)
//   [--data-dir DIR] [--layers a,b] [--readout avgpool] [--ceiling squared|r2-over-ceiling] [--pca 1000] [--out FILE.json]`
// Brain-Score public benchmark scores from the real files (placed in --data-dir, default
// data/brainscore): the raw r, ceiling, ceiled score, chosen layer and every layer's score (neural:
// --layers are the candidates, default every tap but maxpool); i2n reads out --readout (avgpool).
// --run scores a trained (or untrained) whatwhere model directly; --checkpoint all scores every kept
// checkpoint into --out DIR (step-NNNNNNNN.json each, resumable; DONE last: Fig 3, C.7). --activations DIR instead holds
// stimulus_ids.txt (one id per line: the row order) and one <layer>.npy (stimuli x ...) per layer,
// computed on the stimuli as --export-stimuli writes them (placed in visual degrees, resized,
// ImageNet-normalised, NHWC float32). A DIR/<benchmark name>/ subfolder is used when present.
import { BENCHMARKS } from '../alignment/benchmarks.js';
import type { CeilingMode } from '../alignment/ceiling.js';
import { LAYER_SELECTION_PCA } from '../alignment/layer_selection.js';
import { exportBenchmarkStimuli, scoreBenchmarks, scoreCheckpoints, ScoreInputError, scoreRun, type ScoreSettings } from '../alignment/model_scoring.js';
import { writeAtomic } from '../atomic.js';
import { num, optStr, str, UsageError } from './args.js';
import { brainscoreDataDir, DATA_DIR_OPTION } from './brainscore_dir.js';
import { parseOptions, type Options } from './options.js';

export const summary = 'score a model on Brain-Score public benchmarks (PLS, ceiling, layer selection; i2n) from the real data files';

const CMD = 'score';

const readoutLayers = [...new Set(Object.values(BENCHMARKS).flatMap((b) => (b.kind === 'behaviour' ? [b.layer] : [])))];

export const options = {
  benchmark: { value: 'NAME,...', help: `benchmarks, comma-separated: ${Object.keys(BENCHMARKS).join(', ')}`, required: true },
  run: { value: 'DIR', help: 'score this run (trained, untrained or imported)', required: 'unless --activations or --export-stimuli' },
  checkpoint: { value: 'STEP|all', help: 'score a kept checkpoint of --run; all: every one, into --out DIR', default: 'the final weights' },
  activations: { value: 'DIR', help: 'stimulus_ids.txt and one <layer>.npy per layer, computed on the exported stimuli (DIR/<benchmark>/ when present)' },
  'export-stimuli': { value: 'DIR', help: "write each benchmark's stimuli (stimuli.npy, stimulus_ids.txt) for another framework; scores nothing" },
  size: { value: 'PX', help: 'side of the exported stimuli', required: 'with --export-stimuli' },
  layers: { value: 'a,b', help: 'neural benchmarks: the candidate layers', default: 'every tap but maxpool with --run, every .npy with --activations' },
  readout: { value: 'LAYER', help: 'behaviour benchmarks: the layer read out', default: `the benchmark's: ${readoutLayers.join(', ')}` },
  ceiling: { value: 'squared|r2-over-ceiling', help: 'how the raw score is ceiled', default: 'squared' },
  pca: { value: 'N', help: 'PCA components of the layer choice', default: LAYER_SELECTION_PCA },
  out: { value: 'FILE.json', help: 'write the JSON here (a DIR with --checkpoint all)', default: 'stdout' },
  'data-dir': DATA_DIR_OPTION,
} as const satisfies Options;

export async function run(argv: string[]): Promise<number> {
  try {
    return await score(argv);
  } catch (err) {
    if (err instanceof ScoreInputError) throw new UsageError(`whatwhere ${CMD}: ${err.message}`);
    throw err;
  }
}

async function score(argv: string[]): Promise<number> {
  const flags = parseOptions(argv, options, CMD);
  const names = str(flags, 'benchmark', CMD).split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!BENCHMARKS[n]) throw new UsageError(`whatwhere ${CMD}: unknown benchmark '${n}' (known: ${Object.keys(BENCHMARKS).join(', ')})`);
  const dataDir = brainscoreDataDir(flags);
  const log = (line: string): void => { process.stderr.write(line + '\n'); };
  const ceilingMode = str(flags, 'ceiling', CMD, options.ceiling.default);
  if (ceilingMode !== 'squared' && ceilingMode !== 'r2-over-ceiling') throw new UsageError(`whatwhere ${CMD}: --ceiling expected squared or r2-over-ceiling, got '${ceilingMode}'`);
  const settings: ScoreSettings = {
    dataDir, ceilingMode: ceilingMode as CeilingMode, log,
    pca: num(flags, 'pca', CMD, options.pca.default, { integer: true, min: 1 }),
    layers: optStr(flags, 'layers')?.split(',').map((s) => s.trim()).filter(Boolean),
    readout: optStr(flags, 'readout'),
  };
  const runDir = optStr(flags, 'run');
  const checkpointFlag = optStr(flags, 'checkpoint');
  if (checkpointFlag !== undefined && !runDir) throw new UsageError(`whatwhere ${CMD}: --checkpoint needs --run`);
  const exportDir = optStr(flags, 'export-stimuli');
  if (exportDir) {
    const size = num(flags, 'size', CMD, undefined, { integer: true, min: 8 });
    await exportBenchmarkStimuli(names, dataDir, exportDir, size, log);
    return 0;
  }
  let results: unknown[];
  if (runDir && checkpointFlag === 'all') {
    const outDir = optStr(flags, 'out');
    if (!outDir) throw new UsageError(`whatwhere ${CMD}: --checkpoint all needs --out DIR (one JSON per checkpoint)`);
    await scoreCheckpoints(runDir, names, outDir, settings);
    return 0;
  } else if (runDir) {
    const step = checkpointFlag === undefined ? undefined : num(flags, 'checkpoint', CMD, undefined, { integer: true, min: 0 });
    results = await scoreRun(runDir, step, names, settings);
  } else {
    const activations = optStr(flags, 'activations');
    if (!activations) throw new UsageError(`whatwhere ${CMD}: pass --run DIR or --activations DIR (or --export-stimuli DIR --size N to prepare the stimuli)`);
    results = await scoreBenchmarks(names, { folder: activations }, settings);
  }
  if (results.length === 0) return 0;
  const json = JSON.stringify(results.length === 1 ? results[0] : results, null, 2);
  const out = optStr(flags, 'out');
  if (out) writeAtomic(out, json + '\n'); else console.log(json); // whole or absent: the paper runner reads it as the job's marker
  return 0;
}
