// Manifests: per figure/table, which datasets, runs, activations and analyses it needs, at a scale.
// Everything is a pure function of the scale, so the runner can tell what exists from the file system.
import { ANALYSIS_LAYERS, FIGURE_LAYERS, MAIN_TASKS, SCALE_PARAMS, controlTasks, type Scale } from './scales.js';

export type Variant = string; // 'full' | `tdw-${n}` | 'centered'

export interface DatasetSpec {
  kind: 'dataset';
  id: string;
  variant: Variant;
  n: number;
  size: number;
  seed: number;
  role: 'train' | 'val' | 'analysis';
}

export interface RunSpec {
  kind: 'run';
  id: string;
  /** A task name (`distance`, `distance+translation`, `all`...) or `untrained`. */
  task: string;
  arch: 'resnet18' | 'resnet50';
  width: number;
  size: number;
  steps: number;
  batch: number;
  lr: number;
  lrSchedule: 'constant' | 'cosine';
  warmup: number;
  evalEvery: number;
  valN: number;
  /** Evaluations without held-out improvement before stopping (0: run to `steps`). */
  patience: number;
  /** Replicate number within its condition (0, 1, 2...): what figures group by. */
  seed: number;
  /**
   * The seed training actually uses (weights init and data order): distinct for every (task, variant,
   * replicate), so models of different tasks never share an initialisation, which would inflate their
   * similarity at small training budgets.
   */
  initSeed: number;
  train: string;  // dataset id
  val: string;    // dataset id
  keepEvery?: number;
  /** What the run stands for in figures: the main grid, a variability control, TDW-N, or a dataset-size point. */
  group: 'main' | 'category-control' | 'translation-control' | 'tdw-n' | 'dataset-size';
}

export interface ActivationSpec {
  kind: 'activations';
  id: string;
  run: string;
  data: string;
  n: number;
  layers: string[];
}

export interface FigureSpec {
  id: string;
  title: string;
  notebook: string;
  runs: string[];
  needsNeuralData: boolean;
}

export interface Manifest {
  scale: Scale;
  datasets: DatasetSpec[];
  runs: RunSpec[];
  activations: ActivationSpec[];
  figures: FigureSpec[];
}

const TRAIN_SEED = 1, VAL_SEED = 2, ANALYSIS_SEED = 3;

/** FNV-1a hash of a string, as a non-negative 31-bit integer. */
export function stableSeed(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) & 0x7fffffff;
}

function slug(task: string): string {
  return task.replace(/\+/g, '_');
}

export function buildManifest(scale: Scale): Manifest {
  const p = SCALE_PARAMS[scale];
  const datasets = new Map<string, DatasetSpec>();
  const dataset = (variant: Variant, n: number, role: DatasetSpec['role']): string => {
    const seed = role === 'train' ? TRAIN_SEED : role === 'val' ? VAL_SEED : ANALYSIS_SEED;
    const id = `${variant}-${p.size}px-${n}-s${seed}`;
    datasets.set(id, { kind: 'dataset', id, variant, n, size: p.size, seed, role });
    return id;
  };
  const val = dataset('full', p.valImages, 'val');
  const analysis = dataset('full', p.analysisImages, 'analysis');

  const runs = new Map<string, RunSpec>();
  const run = (task: string, variant: Variant, seed: number, group: RunSpec['group'], trainImages = p.trainImages): string => {
    const train = dataset(variant, trainImages, 'train');
    const sizeTag = trainImages === p.trainImages ? '' : `-n${trainImages}`;
    const id = `r18-${slug(task)}-${variant}${sizeTag}-s${seed}`;
    if (!runs.has(id)) {
      runs.set(id, {
        kind: 'run', id, task, arch: 'resnet18', width: p.width, size: p.size,
        steps: task === 'untrained' ? 0 : /category|identity|all/.test(task) ? p.steps : p.spatialSteps ?? p.steps, batch: p.batch, lr: p.lr, lrSchedule: p.lrSchedule, warmup: p.warmup,
        evalEvery: p.evalEvery, valN: p.valImages, patience: p.patience, seed,
        initSeed: stableSeed(`${task}|${variant}|${trainImages}|${seed}`), train,
        // Each variant is validated on its own distribution (a TDW-1 model cannot classify 117 categories).
        val: variant === 'full' ? val : dataset(variant, p.valImages, 'val'),
        keepEvery: p.keepEvery, group,
      });
    }
    return id;
  };

  const seeds = (k: number) => Array.from({ length: k }, (_, i) => i);
  const main = [...MAIN_TASKS, 'untrained'].flatMap((t) => seeds(p.seeds).map((s) => run(t, 'full', s, 'main')));
  const control = controlTasks(scale);
  const catFull = control.category.flatMap((t) => seeds(p.controlSeeds).map((s) => run(t, 'full', s, 'main')));
  const catReduced = control.category.flatMap((t) => seeds(p.controlSeeds).map((s) => run(t, 'tdw-1', s, 'category-control')));
  const tranFull = control.translation.flatMap((t) => seeds(p.controlSeeds).map((s) => run(t, 'full', s, 'main')));
  const tranReduced = control.translation.flatMap((t) => seeds(p.controlSeeds).map((s) => run(t, 'centered', s, 'translation-control')));
  const untrained = seeds(p.controlSeeds).map((s) => run('untrained', 'full', s, 'main'));
  const tdwN = p.tdwN.map((n) => run('category', `tdw-${n}`, 0, 'tdw-n'));
  const sizes = p.datasetSizes.filter((n) => n !== p.trainImages)
    .flatMap((n) => ['distance', 'category'].map((t) => run(t, 'full', 0, 'dataset-size', n)));

  const activations: ActivationSpec[] = [...runs.values()].map((r) => ({
    kind: 'activations', id: `${r.id}@${analysis}`, run: r.id, data: analysis, n: p.analysisImages,
    layers: [...FIGURE_LAYERS],
  }));

  const uniq = (xs: string[]) => [...new Set(xs)];
  const figures: FigureSpec[] = [
    { id: 'fig2', title: 'Fig 2, C.1, C.3, Tables C.1/C.2: neural alignment vs number of outputs', notebook: '02-neural-alignment',
      runs: uniq([...main, ...tdwN]), needsNeuralData: true },
    { id: 'fig3', title: 'Fig 3, C.7, Table C.3: alignment vs task performance along training', notebook: '03-alignment-vs-performance',
      runs: uniq(main.filter((id) => /-(distance|translation|rotation|category)-full-/.test(id))), needsNeuralData: true },
    { id: 'fig4', title: 'Fig 4, D.1-D.3: representational similarity (CKA, MDS)', notebook: '04-representational-similarity',
      runs: uniq(main), needsNeuralData: false },
    { id: 'fig5', title: 'Fig 5, E.1, E.2: non-target decoding, full vs reduced variability', notebook: '05-nontarget-decoding',
      runs: uniq([...catFull, ...catReduced, ...tranFull, ...tranReduced, ...untrained]), needsNeuralData: false },
    { id: 'fig6', title: 'Fig D.4-D.6, E.3: non-target variability and similarity', notebook: '06-variability-and-similarity',
      runs: uniq([...catFull, ...catReduced, ...tranFull, ...tranReduced, ...main.filter((id) => /-(translation|category)-full-/.test(id))]),
      needsNeuralData: false },
    { id: 'fig7', title: 'Fig C.2: alignment vs dataset size', notebook: '07-dataset-size',
      runs: uniq([...sizes, ...main.filter((id) => /-(distance|category)-full-s0$/.test(id))]), needsNeuralData: true },
    { id: 'fig8', title: 'Fig C.4: layer assignment vs similarity to category models', notebook: '08-layer-assignment',
      runs: uniq(main), needsNeuralData: true },
  ];
  return { scale, datasets: [...datasets.values()], runs: [...runs.values()], activations, figures };
}

/** The manifest restricted to the figures named in `only` (e.g. ['fig4', 'fig5']) and what they need. */
export function selectFigures(m: Manifest, only?: string[]): Manifest {
  if (!only || only.length === 0) return m;
  const unknown = only.filter((o) => !m.figures.some((f) => f.id === o));
  if (unknown.length) throw new Error(`--only: unknown figure ${unknown.join(', ')}; expected some of ${m.figures.map((f) => f.id).join(', ')}`);
  const figures = m.figures.filter((f) => only.includes(f.id));
  const runIds = new Set(figures.flatMap((f) => f.runs));
  const runs = m.runs.filter((r) => runIds.has(r.id));
  const activations = m.activations.filter((a) => runIds.has(a.run));
  const dataIds = new Set([...runs.flatMap((r) => [r.train, r.val]), ...activations.map((a) => a.data)]);
  return { ...m, figures, runs, activations, datasets: m.datasets.filter((d) => dataIds.has(d.id)) };
}

export { ANALYSIS_LAYERS };
