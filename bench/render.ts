// Renderer throughput: images/s at 64 and 128 px, render-only (one thread, warmed up) and end-to-end
// `generate` (render + csv rows + sha256 + shard writes, all in each worker) with 1 and 2 workers, run
// alternately twice (best of two), each in a fresh process. Run: npx tsx bench/render.ts [--quick]
// Wall-clock numbers depend on how busy the machine is (the load average is printed with them); images
// per CPU-second of this process is what one busy core delivers, start-up included. "Linear in workers" is
// read off the steady rate (after every worker has delivered its first shard): a worker's start-up (thread,
// module load, scenes, meshes, JIT; about a second) is a fixed latency that the whole-run rate also carries.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDataset } from '../lib/data/index.js';
import { DEFAULT_SAMPLING, SampleRenderer, sampleSeed } from '../lib/render/sample.js';

const quick = process.argv.includes('--quick');
const ALL = [...Array(117).keys()];

interface Rate { wall: number; cpu: number; steady?: number; firstShard?: number }

/** images per wall-clock second, and per CPU-second of this process (all threads): the second is what one
 *  core delivers when the machine is shared and the wall clock is not ours alone */
function timed(n: number, f: () => void): Rate;
function timed(n: number, f: () => Promise<void>): Promise<Rate>;
function timed(n: number, f: () => void | Promise<void>): Rate | Promise<Rate> {
  const t0 = performance.now(), c0 = process.cpuUsage();
  const done = (): Rate => {
    const c = process.cpuUsage(c0);
    return { wall: n / ((performance.now() - t0) / 1000), cpu: n / ((c.user + c.system) / 1e6) };
  };
  const r = f();
  return r instanceof Promise ? r.then(done) : done();
}

function renderOnly(size: number, n: number, supersample = 1): Rate {
  const r = new SampleRenderer(size, { ...DEFAULT_SAMPLING, supersample });
  const out = new Uint8Array(size * size * 3);
  for (let i = 0; i < 1500; i++) r.render(sampleSeed(0, 'full', 'warm', i), ALL, out, 0); // builds the meshes, JIT warm-up
  return timed(n, () => { for (let i = 0; i < n; i++) r.render(sampleSeed(0, 'full', 'bench', i), ALL, out, 0); });
}

async function endToEnd(size: number, n: number, workers: number): Promise<Rate> {
  const dir = mkdtempSync(join(tmpdir(), 'whatwhere-bench-'));
  try {
    // steady state: the images finished after the first `workers` shards (one a worker: every start-up is
    // behind), per second after that point
    const t0 = performance.now();
    const events: { t: number; n: number }[] = [];
    const onProgress = ({ done }: { done: number }) => { if (done > 0) events.push({ t: performance.now(), n: done }); };
    const r = await timed(n, async () => { await generateDataset({ variant: 'full', count: n, size, seed: 0, out: join(dir, 'ds'), workers, onProgress }); });
    const from = events[workers - 1], last = events[events.length - 1];
    if (from && last && last.t > from.t) r.steady = (last.n - from.n) / ((last.t - from.t) / 1000);
    if (events[0]) r.firstShard = (events[0].t - t0) / 1000;
    return r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const best = (a: Rate, b: Rate): Rate => ({ wall: Math.max(a.wall, b.wall), cpu: Math.max(a.cpu, b.cpu),
  steady: Math.max(a.steady ?? 0, b.steady ?? 0) || undefined, firstShard: Math.min(a.firstShard ?? Infinity, b.firstShard ?? Infinity) });

/** One `generate` run in a fresh process, as a user's `whatwhere generate` starts cold (this process is warm). */
function endToEndFresh(size: number, n: number, workers: number): Rate {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', `${size}`, `${n}`, `${workers}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench child (generate ${size} px x${workers}) failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Rate;
}

async function main(): Promise<void> {
  const child = process.argv.indexOf('--child');
  if (child > 0) {
    const [size, n, workers] = process.argv.slice(child + 1, child + 4).map(Number) as [number, number, number];
    console.log(JSON.stringify(await endToEnd(size, n, workers)));
    return;
  }
  const k = quick ? 0.25 : 1;
  console.log(`whatwhere renderer bench (${cpus().length} cores, ${cpus()[0]?.model ?? '?'}, node ${process.versions.node})`);
  console.log(`load average at start: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
  const rows: string[][] = [];
  for (const [size, n] of [[64, 10000], [128, 3000]] as const) {
    const v = renderOnly(size, Math.round(n * k));
    rows.push([`${size}`, 'render only, 1 thread', v.wall.toFixed(0), v.wall.toFixed(0), v.cpu.toFixed(0)]);
    process.stderr.write(`  ${size} px render-only: ${v.wall.toFixed(0)} img/s\n`);
  }
  const ss = renderOnly(64, Math.round(3000 * k), 2);
  rows.push(['64', 'render only, 1 thread, 2x2 supersampling', ss.wall.toFixed(0), ss.wall.toFixed(0), ss.cpu.toFixed(0)]);
  const gen: string[][] = [];
  for (const [size, n] of [[64, 60000], [128, 12000]] as const) {
    const count = Math.round(n * k);
    const runs: Record<number, Rate[]> = { 1: [], 2: [] };
    for (let rep = 0; rep < 2; rep++) {
      for (const w of [1, 2]) {
        const v = endToEndFresh(size, count, w);
        runs[w]!.push(v);
        process.stderr.write(`  ${size} px generate x${w}: ${v.wall.toFixed(0)} img/s (steady ${v.steady?.toFixed(0) ?? '-'})\n`);
      }
    }
    const one = best(runs[1]![0]!, runs[1]![1]!);
    for (const w of [1, 2]) {
      const v = best(runs[w]![0]!, runs[w]![1]!), steady = v.steady ?? v.wall;
      gen.push([`${size}`, `${count}`, `${w}`, v.wall.toFixed(0), steady.toFixed(0), (steady / w).toFixed(0),
        (steady / (one.steady ?? one.wall)).toFixed(2), (v.wall / one.wall).toFixed(2), v.firstShard?.toFixed(2) ?? '', v.cpu.toFixed(0)]);
    }
  }
  console.log('\n| px | what | img/s | per core | img per CPU-second |\n|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log('\n`generate` (render, csv rows, sha256 and shard writes in each worker), best of two alternating runs:\n');
  console.log('| px | images | workers | img/s, whole run | img/s, steady | steady per worker | steady vs 1 worker | whole run vs 1 worker | first shard at (s) | img per CPU-second |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of gen) console.log(`| ${r.join(' | ')} |`);
  console.log(`\nload average at end: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
