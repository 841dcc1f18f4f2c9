// The analyses behind the representation figures, computed once per scale from the activations of
// the 2000 held-out images and cached as plain files the notebooks read:
//   cka.json      model x model linear CKA per layer (Fig 4, D.2-D.6)
//   decoding-category.csv, decoding-translation.csv
//                 non-target decoding, tidy rows model/layer/target/fold (Fig 5, E.1, E.2); each model is a
//                 separate part (its own job and file under parts/), merged when all are done
import { existsSync, readFileSync } from 'node:fs';
import { writeAtomic } from '../atomic.js';
import { csvField, parseCsv } from '../csv.js';
import { join } from 'node:path';
import { ckaMatrix, type Matrix } from '../analysis/cka.js';
import { decode, type DecodeRow } from '../analysis/decode.js';
import { CONTRACT_COLUMNS, parseLatentsCsv } from '../data/csv.js';
import { readMatrix } from '../npy.js';
import { verifyListed } from '../integrity.js';
import { progressPrinter, ProgressReporter } from '../progress.js';
import type { ActivationSpec, Manifest, RunSpec } from './manifest.js';
import { SCALE_PARAMS, ANALYSIS_LAYERS, FIGURE_LAYERS, controlTasks } from './scales.js';

export { FIGURE_LAYERS };

/** CKA on fc compares task heads of different sizes, which the paper does not do. */
export const CKA_LAYERS = [...ANALYSIS_LAYERS, 'avgpool'] as const;

export interface AnalysisContext {
  manifest: Manifest;
  activationsDir(a: ActivationSpec): string;
  runDir(id: string): string;
  /** Where part `partId` of analysis `name` is cached. */
  partFile(name: string, partId: string): string;
}

/** An independent piece of an analysis (one model's decoding): its own job, file and process. */
export interface AnalysisPart {
  id: string;
  activations: ActivationSpec[];
  cost: number;
}

export interface Analysis {
  name: string;
  /** Figures whose notebooks read this analysis. */
  figures: string[];
  file: string;
  activations(m: Manifest): ActivationSpec[];
  cost(m: Manifest): number;
  /** Computes the analysis into `out`; with parts, from their cached files (computing any that are missing). */
  run(ctx: AnalysisContext, out: string): Promise<void>;
  /** Pieces the runner schedules as separate jobs, so they run in parallel and a kill loses only one. */
  parts?(m: Manifest): AnalysisPart[];
  runPart?(ctx: AnalysisContext, partId: string, out: string): Promise<void>;
}

export interface RunLabel {
  id: string;
  task: string;
  variant: string;
  seed: number;
  group: RunSpec['group'];
}

export interface CkaResult {
  scale: string;
  n: number;
  runs: RunLabel[];
  layers: string[];
  /** Per layer, the m x m matrix row-major. */
  matrices: Record<string, number[]>;
}

function label(r: RunSpec, m: Manifest): RunLabel {
  const variant = m.datasets.find((d) => d.id === r.train)?.variant ?? 'full';
  return { id: r.id, task: r.task, variant, seed: r.seed, group: r.group };
}


/** Activation matrix (n x features) of one layer, as written by `whatwhere extract`. */
export function readLayer(dir: string, layer: string): Matrix {
  const file = join(dir, `${layer}.npy`);
  if (!existsSync(file)) throw new Error(`activations missing: ${file}`);
  return readMatrix(file);
}

/**
 * Latent columns of the extracted images (latents.csv written beside the activations), read by the dataset's
 * own parser: meta.json's `n` rows, indexed from its `start`. Extraction writes every digit of the float32
 * values, so these are the very numbers the dataset reader held.
 */
export function readLatentsCsv(dir: string): Record<string, Float64Array> {
  const file = join(dir, 'latents.csv');
  verifyListed(file);
  const { n, start } = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { n: number; start: number };
  const { cols } = parseLatentsCsv(readFileSync(file, 'utf8'), n, file, [], start);
  return Object.fromEntries(CONTRACT_COLUMNS.map((c) => [c, Float64Array.from(cols[c])]));
}

function activationsFor(m: Manifest, runIds: Iterable<string>): ActivationSpec[] {
  const ids = new Set(runIds);
  return m.activations.filter((a) => ids.has(a.run));
}

/** Runs compared by CKA: the main grid plus the variability controls (every model trained here). */
function ckaRuns(m: Manifest): RunSpec[] {
  return m.runs.filter((r) => r.group === 'main' || r.group === 'category-control' || r.group === 'translation-control');
}

const ckaAnalysis: Analysis = {
  name: 'cka',
  figures: ['fig4', 'fig6', 'fig8'],
  file: 'cka.json',
  activations: (m) => activationsFor(m, ckaRuns(m).map((r) => r.id)),
  cost: (m) => 2 + ckaRuns(m).length * CKA_LAYERS.length * (SCALE_PARAMS[m.scale].analysisImages / 1000) ** 2 * 0.5,
  async run(ctx, out) {
    const m = ctx.manifest;
    const runs = ckaRuns(m);
    const acts = activationsFor(m, runs.map((r) => r.id));
    const matrices: Record<string, number[]> = {};
    let n = 0;
    for (const layer of CKA_LAYERS) {
      const reps = runs.map((r) => readLayer(ctx.activationsDir(acts.find((a) => a.run === r.id)!), layer));
      n = reps[0]!.rows;
      matrices[layer] = Array.from(ckaMatrix(reps, { label: `cka ${layer}`, onProgress: progressPrinter() }));
    }
    const result: CkaResult = { scale: m.scale, n, runs: runs.map((r) => label(r, m)), layers: [...CKA_LAYERS], matrices };
    writeAtomic(out, JSON.stringify(result));
  },
};

export interface DecodingPlan {
  run: RunSpec;
  target: 'category' | 'x' | 'y';
}

/** Which (model, non-target latent) pairs Fig 5, E.1 and E.2 decode. */
export function decodingPlan(m: Manifest): DecodingPlan[] {
  const seeds = SCALE_PARAMS[m.scale].controlSeeds;
  const control = controlTasks(m.scale);
  const variantOf = (r: RunSpec) => m.datasets.find((d) => d.id === r.train)?.variant;
  const pick = (tasks: readonly string[], variants: string[]) => m.runs.filter((r) =>
    tasks.includes(r.task) && variants.includes(variantOf(r) ?? '') && r.seed < seeds && r.group !== 'dataset-size' && r.group !== 'tdw-n');
  const plan: DecodingPlan[] = [];
  // Category as the non-target latent: spatial targets with full vs one-category data (Fig 5b), and the
  // category-trained, all-spatial and untrained references (Fig E.1).
  for (const r of pick([...control.category, 'distance+translation+rotation', 'category', 'untrained'], ['full', 'tdw-1'])) {
    plan.push({ run: r, target: 'category' });
  }
  // Translation (x, y) as the non-target latent: full vs centred data (Fig 5c, E.2), untrained reference.
  for (const r of pick([...control.translation, 'untrained'], ['full', 'centered'])) {
    plan.push({ run: r, target: 'x' }, { run: r, target: 'y' });
  }
  return plan;
}

export interface DecodingRowOut extends DecodeRow {
  task: string;
  variant: string;
  seed: number;
}

const DECODING_COLUMNS = ['model', 'task', 'variant', 'seed', 'layer', 'target', 'fold', 'score', 'metric', 'r2', 'alpha', 'features', 'projected'] as const;
const DECODING_HEADER = DECODING_COLUMNS.join(',');

function decodingCsvBody(rows: DecodingRowOut[]): string {
  return rows.map((r) => DECODING_COLUMNS.map((c) => csvField(String((r as unknown as Record<string, unknown>)[c] ?? ''))).join(',') + '\n').join('');
}

/** Body rows of a cached part file, after checking it was written with today's columns. */
function readPartBody(file: string): string {
  const text = readFileSync(file, 'utf8');
  const nl = text.indexOf('\n');
  const header = nl < 0 ? text : text.slice(0, nl);
  if (header !== DECODING_HEADER) throw new Error(`${file}: header '${header}' is not the expected '${DECODING_HEADER}'; delete the file to recompute it`);
  return text.slice(nl + 1);
}

/**
 * Decoding of one family of non-target latents (category, or translation x/y). Each model is a part:
 * the runner decodes models in parallel processes (category decoding is 117 one-vs-rest SVMs per layer
 * and fold, the long pole of the small scale), then the merge writes one tidy CSV.
 */
function decodingAnalysis(family: 'category' | 'translation'): Analysis {
  const name = `decoding-${family}`;
  const planFor = (m: Manifest) => decodingPlan(m).filter((p) => (family === 'category') === (p.target === 'category'));
  const runsOf = (m: Manifest) => [...new Set(planFor(m).map((p) => p.run.id))];
  const activationOf = (m: Manifest, runId: string) => {
    const a = m.activations.find((x) => x.run === runId);
    if (!a) throw new Error(`${name}: no activations are planned for run ${runId}`);
    return a;
  };
  const costPerTarget = (m: Manifest) => FIGURE_LAYERS.length * SCALE_PARAMS[m.scale].folds * (SCALE_PARAMS[m.scale].analysisImages / 2000) * (family === 'category' ? 4 : 3);

  async function decodeRun(ctx: AnalysisContext, runId: string): Promise<DecodingRowOut[]> {
    const m = ctx.manifest;
    const p = SCALE_PARAMS[m.scale];
    const targets = planFor(m).filter((x) => x.run.id === runId);
    if (targets.length === 0) throw new Error(`${name}: run '${runId}' is not in this scale's decoding plan (known: ${runsOf(m).join(', ')})`);
    const run = targets[0]!.run;
    const dir = ctx.activationsDir(activationOf(m, runId));
    const lat = readLatentsCsv(dir);
    const lab = label(run, m);
    const ys = targets.map(({ target }) => {
      const y = lat[target];
      if (!y) throw new Error(`${join(dir, 'latents.csv')}: no column '${target}'`);
      return y;
    });
    // Each layer is read once for all targets; rows stay grouped by target, then layer.
    const rowsByTarget: DecodingRowOut[][] = targets.map(() => []);
    const onProgress = progressPrinter();
    for (const layer of FIGURE_LAYERS) {
      const X = readLayer(dir, layer);
      targets.forEach(({ target }, t) => {
        const r = decode(X.data, X.rows, X.cols, ys[t]!, {
          kind: target === 'category' ? 'classify' : 'regress', folds: p.folds, seed: 0, model: run.id, layer, target, onProgress,
        });
        for (const row of r) rowsByTarget[t]!.push({ ...row, task: lab.task, variant: lab.variant, seed: lab.seed });
      });
    }
    return rowsByTarget.flat();
  }

  async function runPart(ctx: AnalysisContext, runId: string, out: string): Promise<void> {
    const t0 = Date.now();
    const rows = await decodeRun(ctx, runId);
    writeAtomic(out, DECODING_HEADER + '\n' + decodingCsvBody(rows));
    process.stderr.write(`[${name}] ${runId}: ${rows.length} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }

  return {
    name,
    figures: ['fig5'],
    file: `${name}.csv`,
    activations: (m) => activationsFor(m, runsOf(m)),
    cost: () => 2,
    parts: (m) => runsOf(m).map((id) => ({
      id, activations: [activationOf(m, id)], cost: 2 + costPerTarget(m) * planFor(m).filter((x) => x.run.id === id).length,
    })),
    runPart,
    async run(ctx, out) {
      const ids = runsOf(ctx.manifest);
      let body = '';
      const progress = new ProgressReporter({ label: name, total: ids.length, unit: 'models' });
      for (const [i, id] of ids.entries()) {
        const file = ctx.partFile(name, id);
        if (!existsSync(file)) {
          await runPart(ctx, id, file);
          progress.update(i + 1, id, true);
        }
        body += readPartBody(file);
      }
      writeAtomic(out, DECODING_HEADER + '\n' + body);
    },
  };
}

export const ANALYSES: Analysis[] = [ckaAnalysis, decodingAnalysis('category'), decodingAnalysis('translation')];

/** The analysis named `name` (a CLI argument). */
export function analysisNamed(name: string): Analysis {
  const a = ANALYSES.find((x) => x.name === name);
  if (!a) throw new Error(`unknown analysis '${name}' (known: ${ANALYSES.map((x) => x.name).join(', ')})`);
  return a;
}

