// ResNet-18 training and inference images/s: whatwhere on the torch backend vs PyTorch on the
// same machine, in one run, with the ratio (the CLI is bench/torch_vs_pytorch.ts). Configurations: size, width and
// batch (default 64), e.g. 16 px width 0.125 batch 8 (host-overhead-bound), 32 px width 0.25, 64 px width 1. PyTorch runs bench/torch_pytorch_ref.py (the same network, loss layout and
// Adam); on Debian it is python3-torch, installed here with apt when missing (never by setup).
//
// Both sides get the same thread count and OMP_WAIT_POLICY. Each measurement is repeated R times,
// alternating whatwhere and PyTorch, and the best of each is compared (the machine is shared).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

interface Measure { img_per_s: number; ms_per_step: number }
export interface ComparisonRow {
  size: number; width: number; mode: 'train' | 'infer'; batch: number;
  whatwhere: Measure; pytorch: Measure; ratio: number;
}

const REF = join(process.cwd(), 'bench', 'torch_pytorch_ref.py');

function hasTorch(py: string): boolean {
  return spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

/** An interpreter with PyTorch: $WHATWHERE_BENCH_PYTHON, Debian's, or python3 on PATH; apt-installs Debian's if root. */
export function findPython(): string {
  const candidates = [process.env.WHATWHERE_BENCH_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p);
  for (const py of candidates) if (hasTorch(py)) return py;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.error('[bench] installing Debian python3-torch for the PyTorch reference (one time, ~1 min)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '-q', '--no-install-recommends', 'python3-torch'],
      { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (hasTorch('/usr/bin/python3')) return '/usr/bin/python3';
  }
  throw new Error('no Python with PyTorch found (set WHATWHERE_BENCH_PYTHON, or as root let the bench apt-get install python3-torch)');
}

function pytorch(py: string, o: { size: number; width: number; mode: string; batch: number; steps: number; warmup: number; device: string; threads: number }): Measure {
  const r = spawnSync(py, [REF, String(o.size), String(o.width), o.mode, String(o.batch), String(o.steps), String(o.warmup), o.device, String(o.threads)],
    { encoding: 'utf8', env: process.env, maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`PyTorch reference failed: ${(r.stderr || '').trim().split('\n').pop()}`);
  const j = JSON.parse(r.stdout.trim().split('\n').pop()!) as Measure;
  return { img_per_s: j.img_per_s, ms_per_step: j.ms_per_step };
}

export async function compare(opts: { steps: number; warmup: number; repeats: number; device: string; threads: number;
  configs: [number, number, number?][]; modes: ('train' | 'infer')[] }): Promise<{ rows: ComparisonRow[]; env: Record<string, string> }> {
  process.env.WHATWHERE_BACKEND = 'torch';
  process.env.WHATWHERE_TORCH_DEVICE = opts.device;
  process.env.WHATWHERE_TORCH_THREADS = String(opts.threads);
  process.env.OMP_WAIT_POLICY ??= 'passive';
  const py = findPython();
  // imported late so that the environment above is in place when the addon loads
  const { benchTrain } = await import('../lib/commands/bench.js');
  const { initEngine } = await import('../lib/engine/index.js');
  const info = await initEngine();
  const rows: ComparisonRow[] = [];
  for (const [size, width, batch = 64] of opts.configs) {
    for (const mode of opts.modes) {
      let ours: Measure | undefined;
      let ref: Measure | undefined;
      for (let r = 0; r < opts.repeats; r++) {
        console.error(`[bench] ${size}px width ${width} ${mode}: whatwhere/torch, repeat ${r + 1}/${opts.repeats}`);
        // both modes as users run them: trainStep, and inferOutput (evaluate's eval-mode forward), each
        // replayed from a trace after two warm-up calls where the backend traces
        const a = await benchTrain({ arch: 'resnet18', size, width, mode, batch, steps: opts.steps, warmup: opts.warmup, task: 'all' });
        if (!ours || a.img_per_s > ours.img_per_s) ours = { img_per_s: a.img_per_s, ms_per_step: a.ms_per_step };
        console.error(`[bench] ${size}px width ${width} ${mode}: PyTorch, repeat ${r + 1}/${opts.repeats}`);
        const b = pytorch(py, { size, width, mode, batch, steps: opts.steps, warmup: opts.warmup, device: opts.device, threads: opts.threads });
        if (!ref || b.img_per_s > ref.img_per_s) ref = b;
      }
      const row = { size, width, mode, batch, whatwhere: ours!, pytorch: ref!, ratio: Number((ours!.img_per_s / ref!.img_per_s).toFixed(3)) };
      console.log(`${mode.padEnd(5)} ${String(size).padStart(3)} px width ${String(width).padEnd(5)} batch ${String(batch).padEnd(3)} whatwhere/torch ${row.whatwhere.img_per_s.toFixed(1).padStart(8)} img/s   ` +
        `PyTorch ${row.pytorch.img_per_s.toFixed(1).padStart(8)} img/s   ratio ${row.ratio.toFixed(2)}`);
      rows.push(row);
    }
  }
  const pyVersion = spawnSync(py, ['-c', 'import torch;print(torch.__version__)'], { encoding: 'utf8' }).stdout.trim();
  return { rows, env: { device: opts.device, threads: String(opts.threads), cores: String(cpus().length), cpu: cpus()[0]?.model ?? '?',
    libtorch: info.versions.libtorch ?? '?', pytorch: pyVersion, OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? '' } };
}

