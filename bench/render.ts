// Renderer throughput: images/s at 64 and 128 px, render-only (one thread, warmed up) and end-to-end
// `generate` (render + shard write + csv) with 1 and 2 workers. Run: npx tsx bench/render.ts [--quick]
// Wall-clock numbers depend on how busy the machine is (the load average is printed with them); images
// per CPU-second of this process is what one busy core delivers, start-up included.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset } from '../lib/data/index.js';
import { DEFAULT_SAMPLING, SampleRenderer, sampleSeed } from '../lib/render/sample.js';

const quick = process.argv.includes('--quick');
const ALL = [...Array(117).keys()];

interface Rate { wall: number; cpu: number; steady?: number }

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
    // steady state: images after the first finished shard per second after it (leaves out worker start-up)
    let first: { t: number; n: number } | undefined, last = { t: 0, n: 0 };
    const onProgress = ({ done }: { done: number }) => { const t = performance.now(); first ??= { t, n: done }; last = { t, n: done }; };
    const r = await timed(n, async () => { await generateDataset({ variant: 'full', count: n, size, seed: 0, out: join(dir, 'ds'), workers, onProgress }); });
    r.steady = first && last.t > first.t ? (last.n - first.n) / ((last.t - first.t) / 1000) : undefined;
    return r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const k = quick ? 0.25 : 1;
  console.log(`whatwhere renderer bench (${cpus().length} cores, ${cpus()[0]?.model ?? '?'}, node ${process.versions.node})`);
  console.log(`load average at start: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
  const rows: string[][] = [];
  for (const [size, n] of [[64, 10000], [128, 3000]] as const) {
    const v = renderOnly(size, Math.round(n * k));
    rows.push([`${size}`, 'render only, 1 thread', v.wall.toFixed(0), '', v.wall.toFixed(0), v.cpu.toFixed(0)]);
    process.stderr.write(`  ${size} px render-only: ${v.wall.toFixed(0)} img/s\n`);
  }
  const ss = renderOnly(64, Math.round(3000 * k), 2);
  rows.push(['64', 'render only, 1 thread, 2x2 supersampling', ss.wall.toFixed(0), '', ss.wall.toFixed(0), ss.cpu.toFixed(0)]);
  for (const [size, n] of [[64, 24000], [128, 8000]] as const) {
    for (const w of [1, 2]) {
      const v = await endToEnd(size, Math.round(n * k), w);
      const steady = v.steady ?? v.wall;
      rows.push([`${size}`, `generate, ${w} worker${w > 1 ? 's' : ''} (render, shard + csv writes)`, v.wall.toFixed(0), steady.toFixed(0), (steady / w).toFixed(0), v.cpu.toFixed(0)]);
      process.stderr.write(`  ${size} px generate x${w}: ${v.wall.toFixed(0)} img/s\n`);
    }
  }
  console.log('\n| px | what | img/s, whole run | img/s after start-up | per worker | img per CPU-second |\n|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\nload average at end: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
