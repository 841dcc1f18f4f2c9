// `whatwhere score --benchmark NAME[,NAME...] (--activations DIR | --export-stimuli DIR --size N)
//   [--data-dir DIR] [--layers a,b] [--ceiling squared|r2-over-ceiling] [--pca 1000] [--out FILE.json]`
// Brain-Score public benchmark scores from the real files (placed in --data-dir, default
// data/brainscore). --activations DIR holds stimulus_ids.txt (one id per line, the row order) and
// one <layer>.npy (stimuli x ...) per candidate layer, computed on the stimuli as --export-stimuli
// prepares them (placed in visual degrees, resized, ImageNet-normalised, NHWC float32).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpy, writeNpy } from '../alignment/npy.js';
import { benchmark, BENCHMARKS, type NeuralBenchmarkSpec } from '../alignment/benchmarks.js';
import type { CeilingMode } from '../alignment/ceiling.js';
import { LAYER_SELECTION_PCA, type ActivationSource } from '../alignment/layer_selection.js';
import { benchmarkImages, loadNeuralBenchmark, scoreNeural, type BenchmarkData } from '../alignment/neural_benchmark.js';
import { repoRoot } from '../paths.js';
import { num, optStr, parseFlags, str, UsageError } from './args.js';

export const summary = 'score a model on Brain-Score public benchmarks (PLS, ceiling, layer selection) from the real data files';

const CMD = 'score';

/** Layers stored in an activations folder, in the row order of stimulus_ids.txt. */
export function folderActivations(dir: string, ids: string[]): { layers: string[]; source: ActivationSource } {
  const idFile = join(dir, 'stimulus_ids.txt');
  if (!existsSync(idFile)) throw new UsageError(`whatwhere ${CMD}: ${idFile} missing; expected one stimulus id per line giving the row order of the .npy files`);
  const rows = readFileSync(idFile, 'utf8').split(/\r?\n/).filter((l) => l !== '');
  const rowOf = new Map(rows.map((id, i) => [id, i]));
  const missing = ids.filter((id) => !rowOf.has(id));
  if (missing.length) throw new Error(`${idFile}: ${missing.length} benchmark stimuli have no activations (first: ${missing[0]})`);
  const layers = readdirSync(dir).filter((f) => f.endsWith('.npy') && f !== 'stimuli.npy').map((f) => f.slice(0, -4)).sort();
  const source: ActivationSource = async (layer) => {
    const path = join(dir, `${layer}.npy`);
    if (!existsSync(path)) throw new Error(`${path}: no activations for layer '${layer}'`);
    const a = readNpy(path);
    if (a.shape[0] !== rows.length) throw new Error(`${path}: ${a.shape[0]} rows, stimulus_ids.txt lists ${rows.length}`);
    const d = a.shape.slice(1).reduce((x, y) => x * y, 1);
    const src = a.data;
    const out = new Float32Array(ids.length * d);
    ids.forEach((id, i) => { const r = rowOf.get(id)!; for (let c = 0; c < d; c++) out[i * d + c] = Number(src[r * d + c]); });
    return { data: out, features: d };
  };
  return { layers, source };
}

export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, {
    benchmark: { type: 'string' }, 'data-dir': { type: 'string' }, activations: { type: 'string' }, run: { type: 'string' },
    layers: { type: 'string' }, ceiling: { type: 'string' }, pca: { type: 'string' }, out: { type: 'string' },
    'export-stimuli': { type: 'string' }, size: { type: 'string' },
  }, CMD);
  const names = str(flags, 'benchmark', CMD).split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!BENCHMARKS[n]) throw new UsageError(`whatwhere ${CMD}: unknown benchmark '${n}' (known: ${Object.keys(BENCHMARKS).join(', ')})`);
  const dataDir = optStr(flags, 'data-dir') ?? join(repoRoot(), 'data', 'brainscore');
  const ceilingMode = str(flags, 'ceiling', CMD, 'squared');
  if (ceilingMode !== 'squared' && ceilingMode !== 'r2-over-ceiling') throw new UsageError(`whatwhere ${CMD}: --ceiling expected squared or r2-over-ceiling, got '${ceilingMode}'`);
  const pca = num(flags, 'pca', CMD, LAYER_SELECTION_PCA, { integer: true, min: 1 });
  if (optStr(flags, 'run')) {
    throw new UsageError(`whatwhere ${CMD}: --run is not wired yet (needs the trained-model loader); extract activations on the stimuli from --export-stimuli and pass --activations DIR`);
  }
  const results: unknown[] = [];
  for (const name of names) {
    const spec = benchmark(name);
    if (spec.kind !== 'neural') throw new UsageError(`whatwhere ${CMD}: ${name} is a behavioural benchmark; it is scored from the avgpool activations with the i2n metric (not wired into this command yet)`);
    const data: BenchmarkData = await loadNeuralBenchmark(spec as NeuralBenchmarkSpec, dataDir);
    process.stderr.write(`[score] ${name}: ${data.ids.length} stimuli, ${data.neuroids} neuroids, ceiling ${data.ceiling.center.toFixed(4)} +- ${data.ceiling.error.toFixed(4)}\n`);
    const exportDir = optStr(flags, 'export-stimuli');
    if (exportDir) {
      const size = num(flags, 'size', CMD, undefined, { integer: true, min: 8 });
      const dir = join(exportDir, name);
      mkdirSync(dir, { recursive: true });
      writeNpy(join(dir, 'stimuli.npy'), benchmarkImages(data, { size }), [data.ids.length, size, size, 3]);
      writeFileSync(join(dir, 'stimulus_ids.txt'), data.ids.join('\n') + '\n');
      process.stderr.write(`[score] ${name}: wrote ${dir}/stimuli.npy (${data.ids.length} x ${size} x ${size} x 3, NHWC, ImageNet-normalised) and stimulus_ids.txt\n`);
      data.stimuli.close();
      continue;
    }
    const actDir = optStr(flags, 'activations');
    if (!actDir) throw new UsageError(`whatwhere ${CMD}: pass --activations DIR (or --export-stimuli DIR --size N to prepare the stimuli first)`);
    const folder = folderActivations(existsSync(join(actDir, name)) ? join(actDir, name) : actDir, data.ids);
    const layersFlag = optStr(flags, 'layers');
    const layers = layersFlag ? layersFlag.split(',').map((s) => s.trim()) : folder.layers;
    if (layers.length === 0) throw new UsageError(`whatwhere ${CMD}: no <layer>.npy files in ${actDir}`);
    const r = await scoreNeural(data, { layers, activations: folder.source, ceilingMode: ceilingMode as CeilingMode, pcaComponents: pca });
    data.stimuli.close();
    results.push({ ...r, dataDir, activations: actDir, pcaComponents: pca,
      note: `layer choice on ${pca} PCA components fit on the benchmark stimuli themselves (Brain-Score fits them on ImageNet images)` });
    process.stderr.write(`[score] ${name}: layer ${r.layer}, raw r ${r.raw.toFixed(4)}, ceiled ${r.score.toFixed(4)}\n`);
  }
  if (results.length === 0) return 0;
  const json = JSON.stringify(results.length === 1 ? results[0] : results, null, 2);
  const out = optStr(flags, 'out');
  if (out) writeFileSync(out, json + '\n'); else console.log(json);
  return 0;
}
