// Writes one split of a dataset: shards (uint8 NHWC .npy), latents.csv and meta.json.
// Shards are pure functions of (spec, shard index), so K workers write the same bytes as one, and an
// interrupted run can resume. Files are written to temporary names and renamed; meta.json is written
// last (a directory without it is an unfinished dataset). An existing dataset is never overwritten.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { removeQuietly, writeAtomic } from '../atomic.js';
import { describeFsError, ensureDir, formatBytes, freeBytes, removeDeadTemps } from '../fs_guard.js';
import { repoRoot } from '../paths.js';
import { CATEGORIES, NUM_CATEGORIES, NUM_IDENTITIES, identityTable } from '../render/categories/index.js';
import { DEFAULT_SAMPLING, type SamplingConfig } from '../render/sample.js';
import { SCENE_NAMES } from '../render/scenes.js';
import type { OnProgress } from '../progress.js';
import { CSV_COLUMNS, csvHeader } from './csv.js';
import { IMAGENET_MEAN, IMAGENET_STD } from './normalise.js';
import { defaultShardSize, shardCount, shardFile, shardRowsFile, writeShard, type DatasetSpec, type ShardDone } from './shard.js';
import type { DatasetMeta } from './types.js';
import { parseVariant } from './variants.js';

export const FORMAT = 'whatwhere-dataset/1';

export interface GenerateOptions {
  variant: string;
  count: number;
  size: number;
  seed: number;
  out: string;
  split?: string;
  workers?: number;
  shardSize?: number;
  sampling?: Partial<SamplingConfig>;
  /** Told at the start (done 0) and after each shard (task 'generate', images rendered this session); nothing is printed here. */
  onProgress?: OnProgress;
  /** Where the one-line disk-space estimate goes (default: nowhere). */
  log?: (line: string) => void;
}

export function makeSpec(o: GenerateOptions): DatasetSpec {
  const variant = parseVariant(o.variant);
  const sampling: SamplingConfig = { ...DEFAULT_SAMPLING, ...o.sampling, centered: variant.centered };
  if (!Number.isInteger(o.count) || o.count < 1) throw new Error(`count must be a positive integer, got ${o.count}`);
  if (!Number.isInteger(o.size) || o.size < 8) throw new Error(`size must be an integer >= 8, got ${o.size}`);
  return { variant, seed: o.seed, split: o.split ?? 'train', size: o.size, count: o.count, shardSize: o.shardSize ?? defaultShardSize(o.size), sampling };
}

let workerCode: string | undefined;

/**
 * The generator worker (lib/data/worker.ts and the renderer it imports, plain code without file reads) bundled
 * into one CommonJS script by esbuild (~20 ms, once a process): a worker started from it skips the TypeScript
 * loader, about 0.3 s of each worker's start-up (bench/render.ts).
 */
function generatorWorkerCode(): string {
  if (workerCode === undefined) {
    const entry = resolve(repoRoot(), 'lib/data/worker.ts');
    if (!existsSync(entry)) throw new Error(`${entry} not found (set WHATWHERE_ROOT to the whatwhere checkout)`);
    const built = buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' });
    workerCode = built.outputFiles[0]!.text;
  }
  return workerCode;
}

/** Render and write the given shards on K worker threads (K = 1: in this thread); they finish in any order. */
async function writeAll(spec: DatasetSpec, out: string, todo: number[], workers: number, onShard: (d: ShardDone) => void): Promise<void> {
  if (workers <= 1 || todo.length <= 1) {
    for (const i of todo) onShard(writeShard(spec, i, out));
    return;
  }
  const code = generatorWorkerCode();
  const queue = todo.slice();
  let delivered = 0;
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolvePool, reject) => {
      const feed = (w: Worker) => {
        const i = queue.shift();
        if (i !== undefined) w.postMessage({ spec, index: i, out });
      };
      for (let k = 0; k < Math.min(workers, todo.length); k++) {
        const w = new Worker(code, { eval: true });
        pool.push(w);
        // one flat message type (tslab compiles without strict mode, where union narrowing is weaker)
        w.on('message', (m: { ok: boolean; done?: ShardDone; index?: number; error?: string; code?: string }) => {
          if (!m.ok || !m.done) {
            const err = new Error(m.code ? m.error : `shard ${m.index}: ${m.error}`) as NodeJS.ErrnoException;
            if (m.code) err.code = m.code;
            reject(err);
            return;
          }
          try { onShard(m.done); } catch (err) { reject(err); return; }
          if (++delivered === todo.length) resolvePool();
          else feed(w);
        });
        w.on('error', reject);
        w.on('exit', (code) => { if (code !== 0 && delivered < todo.length) reject(new Error(`generator worker exited with code ${code}`)); });
        feed(w); // one shard at a time: the worker writes it itself, so nothing waits on this thread
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

const SPEC_FILE = 'generate.json';

/**
 * Render a split into `out`. Each finished shard is two files (shard-NNNNN.npy and its rows in
 * shard-NNNNN.csv); `resume` keeps the finished shards of an interrupted run with the same spec. The end
 * assembles latents.csv and the statistics from the rows on disk, so a resumed run writes the same bytes.
 */
export async function generateDataset(o: GenerateOptions & { resume?: boolean }): Promise<DatasetMeta> {
  const spec = makeSpec(o);
  const out = o.out;
  if (existsSync(join(out, 'meta.json'))) throw new Error(`${join(out, 'meta.json')} exists: refusing to overwrite a dataset (choose another --out)`);
  const specJson = JSON.stringify(spec, null, 1) + '\n';
  const n = shardCount(spec);
  const done = new Set<number>();
  if (existsSync(out) && readdirSync(out).length > 0) {
    const prev = existsSync(join(out, SPEC_FILE)) ? readFileSync(join(out, SPEC_FILE), 'utf8') : undefined;
    if (!o.resume || prev === undefined) {
      throw new Error(`${out} is not empty${prev ? ' (an unfinished dataset: add --resume to continue it)' : ''}: choose another --out`);
    }
    if (prev !== specJson) throw new Error(`${join(out, SPEC_FILE)}: the unfinished dataset was started with other settings; --resume needs the same variant, n, size, seed, split and shard size`);
    for (let i = 0; i < n; i++) if (existsSync(join(out, shardFile(i))) && existsSync(join(out, shardRowsFile(i)))) done.add(i);
    removeDeadTemps(out); // the interrupted run's half-written files
  }
  ensureDir(out);
  if (done.size === 0) checkDiskSpace(spec, out, o.log);
  writeAtomic(join(out, SPEC_FILE), specJson);
  const todo = [...Array(n).keys()].filter((i) => !done.has(i));
  const total = todo.reduce((a, i) => a + Math.min(spec.shardSize, spec.count - i * spec.shardSize), 0);
  let rendered = 0;
  const hashes = new Map<number, string>();
  o.onProgress?.({ task: 'generate', done: 0, total, unit: 'images' }); // the start, so rates count from here
  await writeAll(spec, out, todo, o.workers ?? 1, (d) => {
    hashes.set(d.index, d.sha256);
    rendered += d.count;
    o.onProgress?.({ task: 'generate', done: rendered, total, unit: 'images' });
  });
  return finish(spec, out, hashes);
}

/** latents.csv from the shard rows, statistics from the rows as written; shards of an earlier (resumed) run are hashed from their files. */
function finish(spec: DatasetSpec, out: string, hashes: Map<number, string>): DatasetMeta {
  const csvTmp = join(out, 'latents.csv.tmp');
  try {
    return assemble(spec, out, hashes, csvTmp);
  } catch (err) {
    removeQuietly(csvTmp);
    throw describeFsError(err, join(out, 'latents.csv'), 'cannot write');
  }
}

function assemble(spec: DatasetSpec, out: string, hashes: Map<number, string>, csvTmp: string): DatasetMeta {
  const n = shardCount(spec);
  const csvHash = createHash('sha256');
  const head = csvHeader();
  writeFileSync(csvTmp, head);
  csvHash.update(head);
  const sums = { x: 0, y: 0, z: 0, xx: 0, yy: 0, zz: 0 };
  const shards: DatasetMeta['shards'] = [];
  for (let i = 0; i < n; i++) {
    const rows = readFileSync(join(out, shardRowsFile(i)), 'utf8');
    appendFileSync(csvTmp, rows);
    csvHash.update(rows);
    let count = 0;
    for (const line of rows.split('\n')) {
      if (!line) continue;
      const f = line.split(',', 4);
      const x = Number(f[1]), y = Number(f[2]), z = Number(f[3]);
      sums.x += x; sums.y += y; sums.z += z; sums.xx += x * x; sums.yy += y * y; sums.zz += z * z;
      count++;
    }
    const sha256 = hashes.get(i) ?? createHash('sha256').update(readFileSync(join(out, shardFile(i)))).digest('hex');
    shards.push({ file: shardFile(i), count, sha256 });
  }
  renameSync(csvTmp, join(out, 'latents.csv'));
  const meta = buildMeta(spec, shards, sums, csvHash.digest('hex'));
  writeAtomic(join(out, 'meta.json'), JSON.stringify(meta, null, 1) + '\n', { durable: true });
  for (let i = 0; i < n; i++) rmSync(join(out, shardRowsFile(i)));
  rmSync(join(out, SPEC_FILE));
  return meta;
}

/** Bytes of one latents.csv row (measured: about 190; generous so the estimate errs high). */
const CSV_ROW_BYTES = 220;

/**
 * Prints what the dataset will take on disk and refuses up front when its file system has less free:
 * a run that fills the disk after hours helps nobody. Rows are on disk twice until the end (shard parts + latents.csv).
 */
function checkDiskSpace(spec: DatasetSpec, out: string, log?: (line: string) => void): void {
  const images = spec.count * spec.size * spec.size * 3 + shardCount(spec) * 128;
  const rows = 2 * spec.count * CSV_ROW_BYTES;
  const free = freeBytes(out);
  const line = `generate: ${spec.count} images of ${spec.size}x${spec.size} px need about ${formatBytes(images + rows)} ` +
    `(${formatBytes(images)} of shards, ${formatBytes(rows / 2)} of latents); ${formatBytes(free)} free at ${out}`;
  if (images + rows > free) throw new Error(`${out}: not enough disk space: ${spec.count} images of ${spec.size}x${spec.size} px need about ${formatBytes(images + rows)}, only ${formatBytes(free)} free; choose a smaller --n or another --out`);
  log?.(line);
}

function zstat(sum: number, sumSq: number, n: number) {
  const mean = sum / n;
  const std = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
  // a constant latent (x, y in `centered`) keeps std 1 so z-scoring leaves it at 0 instead of dividing by 0
  return { mean: round(mean), std: std < 1e-6 ? 1 : round(std) };
}

function round(v: number): number {
  return Number(v.toPrecision(10));
}

function buildMeta(spec: DatasetSpec, shards: DatasetMeta['shards'], s: { x: number; y: number; z: number; xx: number; yy: number; zz: number }, csvSha: string): DatasetMeta {
  const ids = identityTable();
  const cats = spec.variant.categories;
  const present = ids.filter((i) => cats.includes(i.category));
  const n = spec.count;
  return {
    format: FORMAT,
    variant: spec.variant.name,
    seed: spec.seed,
    size: spec.size,
    count: n,
    split: spec.split,
    numCategories: cats.length,
    numIdentities: present.length,
    categories: cats.map((c) => CATEGORIES[c].name),
    identities: present.map((i) => i.name),
    categoryLabels: cats,
    identityLabels: present.map((i) => i.identity),
    classSpace: { categories: NUM_CATEGORIES, identities: NUM_IDENTITIES, categoryNames: CATEGORIES.map((c) => c.name), identityNames: ids.map((i) => i.name) },
    scenes: SCENE_NAMES,
    zscore: { x: zstat(s.x, s.xx, n), y: zstat(s.y, s.yy, n), z: zstat(s.z, s.zz, n) },
    shardSize: spec.shardSize,
    shards,
    latents: { file: 'latents.csv', sha256: csvSha, columns: CSV_COLUMNS },
    sampling: { ...spec.sampling, rule: `resample the pose while the object covers < ${spec.sampling.minVisibleFraction * 100}% of the pixels (at most ${spec.sampling.maxAttempts} draws, the last one moved to the nearest distance)`, categorySampling: 'category uniform over the variant, then identity uniform within it' },
    image: { layout: 'NHWC', dtype: 'uint8', channels: 3, normalisation: { mean: IMAGENET_MEAN, std: IMAGENET_STD } },
  };
}
