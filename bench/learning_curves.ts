// Learning-curve study: how held-out competence of each task family depends on input size, width,
// number of training images, steps and the learning-rate schedule. It decides the scales
// (lib/experiments/scales.ts); its table is in environment.md.
//
//   npm run bench -- learning_curves [--runs NAME,NAME|all] [--parallel 2] [--out results/study]
//       [--include runs/small/r18-category-full-s0,...]   (finished runs of a scale's plan, scored the same way)
//
// Each study run is a plain `whatwhere train` (1 thread, checkpoints and metrics in its run directory),
// then `whatwhere evaluate` on fresh full-variability images rendered with a seed no scale uses.
// Finished runs are reused, so the study can be extended and re-run; results/study/ gets
// learning_curves.json, learning_curves.csv and learning_curves.html (Plotly, offline); the CSV, the JSON
// and a PNG of the figure are also copied to bench/results/ to be committed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { charts, writeFigureHtml, writeFigurePng } from '../lib/plots/index.js';
import { repoRoot } from '../lib/paths.js';
import { familiesOf, familyScore, type Family } from '../lib/experiments/competence.js';

/** One study point: a task trained at one size/width/data/schedule. */
interface StudyRun {
  name: string; task: string; size: number; width: number; images: number; steps: number;
  schedule: 'constant' | 'cosine'; lr: number; warmup?: number; patience?: number;
}

// Seeds: training 1 and validation 2 as in every scale; the competence test set uses 9001, which no
// scale renders, so it is fresh for every model.
const TRAIN_SEED = 1, VAL_SEED = 2, TEST_SEED = 9001;
const VAL_N = 1000, TEST_N = 2000;

const cat = (name: string, o: Partial<StudyRun>): StudyRun => ({ name, task: 'category', size: 32, width: 0.25, images: 100_000, steps: 6000, schedule: 'cosine', lr: 1e-3, warmup: 250, ...o });

/** The grid: category (the hardest task at small sizes) along every axis; every task family at the chosen point. */
export const STUDY: StudyRun[] = [
  cat('cat-32-w25-100k-cos6k', {}),
  cat('cat-32-w25-100k-const6k', { schedule: 'constant', warmup: 0 }),
  cat('cat-32-w25-20k-cos6k', { images: 20_000 }),
  cat('cat-32-w25-100k-cos3k', { steps: 3000 }),
  cat('cat-32-w25-100k-cos6k-lr2e-3', { lr: 2e-3 }),
  cat('cat-32-w25-100k-cos6k-lr3e-3', { lr: 3e-3 }),
  cat('cat-32-w25-200k-cos10k', { images: 200_000, steps: 10_000 }),
  cat('cat-32-w50-100k-cos6k', { width: 0.5 }),
  cat('cat-64-w25-100k-cos6k', { size: 64 }),
  cat('identity-32-w25-100k-cos6k', { task: 'identity' }),
  cat('distance-32-w25-100k-cos4k', { task: 'distance', steps: 4000 }),
  cat('translation-32-w25-100k-cos4k', { task: 'translation', steps: 4000 }),
  cat('rotation-32-w25-100k-cos6k', { task: 'rotation' }),
  cat('distance-32-w25-100k-const4k', { task: 'distance', steps: 4000, schedule: 'constant', warmup: 0 }),
  cat('distance-32-w25-100k-cos4k-lr3e-3', { task: 'distance', steps: 4000, lr: 3e-3 }),
  cat('distance-32-w50-100k-cos4k', { task: 'distance', steps: 4000, width: 0.5 }),
  cat('distance-32-w50-100k-cos4k-lr3e-3', { task: 'distance', steps: 4000, width: 0.5, lr: 3e-3 }),
  cat('distance-64-w25-100k-cos4k-lr3e-3', { task: 'distance', steps: 4000, size: 64, lr: 3e-3 }),
  cat('translation-32-w25-100k-cos4k-lr3e-3', { task: 'translation', steps: 4000, lr: 3e-3 }),
  cat('rotation-32-w25-100k-cos4k-lr3e-3', { task: 'rotation', steps: 4000, lr: 3e-3 }),
  cat('translation-32-w50-100k-cos4k-lr3e-3', { task: 'translation', steps: 4000, width: 0.5, lr: 3e-3 }),
  cat('rotation-32-w50-100k-cos4k-lr3e-3', { task: 'rotation', steps: 4000, width: 0.5, lr: 3e-3 }),
  cat('cat-32-w50-100k-cos6k-lr3e-3', { width: 0.5, lr: 3e-3 }),
  cat('translation-32-w50-100k-cos4k', { task: 'translation', steps: 4000, width: 0.5 }),
  cat('rotation-32-w50-100k-cos6k', { task: 'rotation', width: 0.5 }),
  cat('all-32-w25-100k-cos6k', { task: 'all' }),
];

const root = repoRoot();
const bin = join(root, 'bin', 'whatwhere.mjs');

function datasetDir(base: string, variant: string, n: number, size: number, seed: number): string {
  return join(base, 'data', `${variant}-${size}px-${n}-s${seed}`);
}

function sh(argv: string[], log: string): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [bin, ...argv], {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OMP_NUM_THREADS: '1', WHATWHERE_TORCH_THREADS: '1' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => {
      writeFileSync(log, err, { flag: 'a' });
      if (code === 0) ok(out);
      else fail(new Error(`whatwhere ${argv.join(' ')} exited ${code}:\n${err.split('\n').slice(-8).join('\n')}`));
    });
  });
}

async function ensureDataset(base: string, n: number, size: number, seed: number): Promise<string> {
  const dir = datasetDir(base, 'full', n, size, seed);
  if (!existsSync(join(dir, 'meta.json'))) {
    console.error(`[study] rendering ${dir}`);
    await sh(['generate', '--variant', 'full', '--n', String(n), '--size', String(size), '--seed', String(seed), '--out', dir, '--workers', '2'], join(base, 'generate.log'));
  }
  return dir;
}

interface Curve { step: number; [metric: string]: number }
interface StudyResult extends StudyRun { stopStep: number; reason: string; wallSeconds: number; test: Record<string, number>; curve: Curve[] }

function readCurve(runDir: string): Curve[] {
  const [header, ...rows] = readFileSync(join(runDir, 'metrics.csv'), 'utf8').trim().split('\n');
  const cols = header!.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i]!, Number(v)])) as Curve);
}

/** The competence number of each family a task trains (lib/experiments/competence.ts), named as in the CSV. */
export function headline(task: string, m: Record<string, number>): { metric: string; value: number }[] {
  return familiesOf(task).map((f) => ({ metric: `${f === 'category' || f === 'identity' ? 'acc' : 'r2'}_${f}`, value: familyScore(f, m).value }));
}

async function studyRun(base: string, r: StudyRun): Promise<StudyResult> {
  const train = await ensureDataset(base, r.images, r.size, TRAIN_SEED);
  const val = await ensureDataset(base, VAL_N, r.size, VAL_SEED);
  const test = await ensureDataset(base, TEST_N, r.size, TEST_SEED);
  const out = join(base, 'runs', r.name);
  const log = join(base, 'logs', `${r.name}.log`);
  mkdirSync(join(base, 'logs'), { recursive: true });
  const t0 = Date.now();
  const done = existsSync(join(out, 'DONE'));
  const evalEvery = Math.max(250, Math.round(r.steps / 24 / 250) * 250);
  await sh(['train', '--data', train, '--val', val, '--task', r.task, '--arch', 'resnet18', '--width', String(r.width),
    '--size', String(r.size), '--steps', String(r.steps), '--lr', String(r.lr), '--lr-schedule', r.schedule,
    ...(r.warmup ? ['--warmup', String(r.warmup)] : []), ...(r.patience ? ['--patience', String(r.patience)] : []),
    '--seed', '0', '--eval-every', String(evalEvery), '--checkpoint-every', String(evalEvery), '--val-n', String(VAL_N), '--out', out], log);
  const wallSeconds = done ? Number.NaN : (Date.now() - t0) / 1000;
  const testMetrics = JSON.parse((await sh(['evaluate', '--run', out, '--data', test, '--json'], log)).trim()) as Record<string, number>;
  const fin = JSON.parse(readFileSync(join(out, 'final.json'), 'utf8')) as { step: number; reason: string };
  const h = headline(r.task, testMetrics).map((x) => `${x.metric} ${x.value.toFixed(3)}`).join(', ');
  console.error(`[study] ${r.name}: ${h} (step ${fin.step}, ${fin.reason}${done ? ', cached' : `, ${wallSeconds.toFixed(0)} s`})`);
  return { ...r, stopStep: fin.step, reason: fin.reason, wallSeconds, test: testMetrics, curve: readCurve(out) };
}

/** A finished run of a scale's plan, scored on the same fresh test images as the study points. */
async function includedRun(base: string, dir: string): Promise<StudyResult> {
  const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { task: string; size: number; width: number; steps: number; lr: number;
    lrSchedule?: 'cosine'; warmupSteps?: number; patience: number; data: { count: number } };
  const test = await ensureDataset(base, TEST_N, cfg.size, TEST_SEED);
  const testMetrics = JSON.parse((await sh(['evaluate', '--run', dir, '--data', test, '--json'], join(base, 'logs', 'included.log'))).trim()) as Record<string, number>;
  const fin = JSON.parse(readFileSync(join(dir, 'final.json'), 'utf8')) as { step: number; reason: string };
  const name = `plan:${dir.split('/').slice(-2).join('/')}`;
  return { name, task: cfg.task, size: cfg.size, width: cfg.width, images: cfg.data.count, steps: cfg.steps, schedule: cfg.lrSchedule ?? 'constant',
    lr: cfg.lr, warmup: cfg.warmupSteps, patience: cfg.patience, stopStep: fin.step, reason: fin.reason, wallSeconds: Number.NaN, test: testMetrics, curve: readCurve(dir) };
}

async function pool<T, R>(items: T[], width: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  }));
  return results;
}

async function writeOutputs(base: string, results: StudyResult[]): Promise<void> {
  const slim = results.map(({ curve, ...rest }) => ({ ...rest, curve }));
  writeFileSync(join(base, 'learning_curves.json'), JSON.stringify(slim, null, 1) + '\n');
  const rows = ['name,task,size,width,images,steps,schedule,lr,stop_step,reason,metric,test_value,wall_s'];
  for (const r of results) for (const h of headline(r.task, r.test)) {
    rows.push([r.name, r.task, r.size, r.width, r.images, r.steps, r.schedule, r.lr, r.stopStep, r.reason, h.metric, h.value.toFixed(4), Number(r.wallSeconds ?? Number.NaN).toFixed(0)].join(','));
  }
  writeFileSync(join(base, 'learning_curves.csv'), rows.join('\n') + '\n');
  // Held-out (validation) curves per run: accuracy for class tasks, mean R^2 for regression families.
  const series = results.flatMap((r) => headline(r.task, r.test).map((h) => {
    const fam = h.metric.replace(/^(acc|r2)_/, '') as Family;
    const y = r.curve.map((c) => familyScore(fam, Object.fromEntries(Object.entries(c).map(([k, v]) => [k.replace(/^val_/, ''), v]))).value);
    return { name: `${r.name} ${h.metric}`, x: r.curve.map((c) => c.step), y };
  }));
  const fig = charts.lines(series, 'Held-out competence along training (validation, 1000 images)', 'step', 'top-1 / mean R^2', { height: 620, yRange: [0, 1] });
  writeFigureHtml(fig, join(base, 'learning_curves.html'), 'whatwhere learning curves');
  // The committed copy: table, curves and a static picture of the figure (the HTML carries Plotly's 4.8 MB bundle).
  const committed = join(root, 'bench', 'results');
  mkdirSync(committed, { recursive: true });
  for (const f of ['learning_curves.csv', 'learning_curves.json']) writeFileSync(join(committed, f), readFileSync(join(base, f)));
  if (!(await writeFigurePng(fig, join(committed, 'learning_curves.png'), { width: 1100, height: 620 }))) {
    console.error('[study] no PNG (needs Debian chromium and playwright-core); the HTML is in ' + base);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: 'all' }, parallel: { type: 'string', default: '2' }, out: { type: 'string' },
    include: { type: 'string' } } });
  const base = resolve(values.out ?? join(root, 'results', 'study'));
  const names = values.runs === 'all' ? STUDY.map((r) => r.name) : values.runs === 'none' ? [] : values.runs!.split(',');
  const unknown = names.filter((n) => !STUDY.some((r) => r.name === n));
  if (unknown.length) throw new Error(`--runs: unknown ${unknown.join(', ')}; the study has ${STUDY.map((r) => r.name).join(', ')}`);
  mkdirSync(base, { recursive: true });
  const chosen = STUDY.filter((r) => names.includes(r.name));
  // Datasets first, one at a time (rendering uses both cores).
  for (const r of chosen) { await ensureDataset(base, r.images, r.size, TRAIN_SEED); await ensureDataset(base, VAL_N, r.size, VAL_SEED); await ensureDataset(base, TEST_N, r.size, TEST_SEED); }
  const fresh = await pool(chosen, Number(values.parallel), (r) => studyRun(base, r));
  mkdirSync(join(base, 'logs'), { recursive: true });
  for (const dir of values.include?.split(',').filter(Boolean) ?? []) fresh.push(await includedRun(base, resolve(dir)));
  // Keep earlier finished runs in the outputs too.
  const previous: StudyResult[] = existsSync(join(base, 'learning_curves.json')) ? JSON.parse(readFileSync(join(base, 'learning_curves.json'), 'utf8')) : [];
  const all = [...fresh, ...previous.filter((p) => !fresh.some((f) => f.name === p.name))];
  const order = (name: string) => { const i = STUDY.findIndex((r) => r.name === name); return i < 0 ? STUDY.length : i; };
  all.sort((a, b) => order(a.name) - order(b.name) || a.name.localeCompare(b.name));
  await writeOutputs(base, all);
  console.error(`[study] wrote ${join(base, 'learning_curves.{json,csv,html}')}`);
}

main().catch((err) => { console.error(`[study] ${(err as Error).message}`); process.exit(1); });
