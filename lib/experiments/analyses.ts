// The analyses behind the representation figures, computed once per scale from the activations of
// the 2000 held-out images and cached as plain files the notebooks read:
//   cka.json      model x model linear CKA per layer (Fig 4, D.2-D.6)
//   decoding.csv  non-target decoding, tidy rows model/layer/target/fold (Fig 5, E.1, E.2)
import { existsSync, readFileSync } from 'node:fs';
import { writeAtomic } from '../atomic.js';
import { join } from 'node:path';
import { ckaMatrix, type Matrix } from '../analysis/cka.js';
import { decode, type DecodeRow } from '../analysis/decode.js';
import { readMatrix } from '../analysis/npy_io.js';
import type { ActivationSpec, Manifest, RunSpec } from './manifest.js';
import { SCALE_PARAMS, ANALYSIS_LAYERS, CATEGORY_CONTROL_TASKS, FIGURE_LAYERS, TRANSLATION_CONTROL_TASKS } from './scales.js';

export { FIGURE_LAYERS };

/** CKA on fc compares task heads of different sizes, which the paper does not do. */
export const CKA_LAYERS = [...ANALYSIS_LAYERS, 'avgpool'] as const;

export interface AnalysisContext {
  manifest: Manifest;
  activationsDir(a: ActivationSpec): string;
  runDir(id: string): string;
}

export interface Analysis {
  name: string;
  /** Figures whose notebooks read this analysis. */
  figures: string[];
  file: string;
  activations(m: Manifest): ActivationSpec[];
  cost(m: Manifest): number;
  run(ctx: AnalysisContext, out: string): Promise<void>;
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

/** Latent columns of the extracted images (latents.csv written beside the activations). */
export function readLatentsCsv(dir: string): Record<string, Float64Array> {
  const file = join(dir, 'latents.csv');
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const cols: Record<string, Float64Array> = {};
  header.forEach((h) => { cols[h] = new Float64Array(lines.length - 1); });
  for (let i = 1; i < lines.length; i++) {
    const v = lines[i]!.split(',');
    header.forEach((h, j) => { cols[h]![i - 1] = Number(v[j]); });
  }
  return cols;
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
      matrices[layer] = Array.from(ckaMatrix(reps, { label: `cka ${layer}` }));
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
  const variantOf = (r: RunSpec) => m.datasets.find((d) => d.id === r.train)?.variant;
  const pick = (tasks: readonly string[], variants: string[]) => m.runs.filter((r) =>
    tasks.includes(r.task) && variants.includes(variantOf(r) ?? '') && r.seed < seeds && r.group !== 'dataset-size' && r.group !== 'tdw-n');
  const plan: DecodingPlan[] = [];
  // Category as the non-target latent: spatial targets with full vs one-category data (Fig 5b), and the
  // category-trained, all-spatial and untrained references (Fig E.1).
  for (const r of pick([...CATEGORY_CONTROL_TASKS, 'distance+translation+rotation', 'category', 'untrained'], ['full', 'tdw-1'])) {
    plan.push({ run: r, target: 'category' });
  }
  // Translation (x, y) as the non-target latent: full vs centred data (Fig 5c, E.2), untrained reference.
  for (const r of pick([...TRANSLATION_CONTROL_TASKS, 'untrained'], ['full', 'centered'])) {
    plan.push({ run: r, target: 'x' }, { run: r, target: 'y' });
  }
  return plan;
}

export interface DecodingRowOut extends DecodeRow {
  task: string;
  variant: string;
  seed: number;
}

/** Decoding of one family of non-target latents (category, or translation x/y): separate jobs run in parallel. */
function decodingAnalysis(family: 'category' | 'translation'): Analysis {
  const planFor = (m: Manifest) => decodingPlan(m).filter((p) => (family === 'category') === (p.target === 'category'));
  return {
    name: `decoding-${family}`,
    figures: ['fig5'],
    file: `decoding-${family}.csv`,
    activations: (m) => activationsFor(m, planFor(m).map((p) => p.run.id)),
    cost: (m) => 2 + planFor(m).length * FIGURE_LAYERS.length * SCALE_PARAMS[m.scale].folds * (SCALE_PARAMS[m.scale].analysisImages / 2000) * 2,
    async run(ctx, out) {
      const m = ctx.manifest;
      const p = SCALE_PARAMS[m.scale];
      const plan = planFor(m);
      const rows: DecodingRowOut[] = [];
      const t0 = Date.now();
      for (const [i, { run, target }] of plan.entries()) {
        const dir = ctx.activationsDir(m.activations.find((a) => a.run === run.id)!);
        const lat = readLatentsCsv(dir);
        const y = lat[target];
        if (!y) throw new Error(`${join(dir, 'latents.csv')}: no column '${target}'`);
        const lab = label(run, m);
        for (const layer of FIGURE_LAYERS) {
          const X = readLayer(dir, layer);
          const r = decode(X.data, X.rows, X.cols, y, {
            kind: target === 'category' ? 'classify' : 'regress', folds: p.folds, seed: 0, model: run.id, layer, target,
          });
          for (const row of r) rows.push({ ...row, task: lab.task, variant: lab.variant, seed: lab.seed });
        }
        const el = (Date.now() - t0) / 1000;
        process.stderr.write(`[decoding ${family}] ${i + 1}/${plan.length} models, ${((i + 1) / el).toFixed(2)} models/s, ETA ${Math.round(el / (i + 1) * (plan.length - i - 1))}s\n`);
      }
      const cols = ['model', 'task', 'variant', 'seed', 'layer', 'target', 'fold', 'score', 'metric', 'r2', 'alpha', 'features', 'projected'] as const;
      const csv = [cols.join(','), ...rows.map((r) => cols.map((c) => String((r as unknown as Record<string, unknown>)[c] ?? '')).join(','))].join('\n') + '\n';
      writeAtomic(out, csv);
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

