// `whatwhere bench train --arch resnet18 --size PX --width W [--mode train|infer] [--batch 64]
//   [--steps N] [--warmup K] [--task T] [--json]`: images/s of ResNet training steps (forward, backward,
// Adam, BN update) or eval-mode inference on random inputs, after warm-up, on the chosen backend.
import * as tf from '@tensorflow/tfjs';
import { initEngine } from '../engine/index.js';
import { ARCHS, createResNet, disposeResNet, type Arch } from '../models/index.js';
import { parseTaskSet, type Targets } from '../tasks/index.js';
import { Adam, inferOutput, stepTraceStatus, trainStep } from '../train/index.js';
import { bool, num, str, UsageError } from './args.js';
import { parseOptions, type Options } from './options.js';

export const summary = 'benchmarks: `bench train` measures ResNet training/inference images per second';

export const usage = 'train [options]';

export const options = {
  arch: { value: ARCHS.join('|'), help: 'architecture', default: 'resnet18' },
  size: { value: 'PX', help: 'input side in pixels', default: 64 },
  width: { value: 'W', help: 'channel width multiplier', default: 1 },
  mode: { value: 'train|infer', help: 'training steps (forward, backward, Adam) or eval-mode inference', default: 'train' },
  batch: { value: 'B', help: 'batch size', default: 64 },
  steps: { value: 'N', help: 'timed steps', default: 5 },
  warmup: { value: 'K', help: 'untimed steps first', default: 2 },
  task: { value: 'T', help: 'task set whose head and losses to use', default: 'all' },
  json: { help: 'one JSON line' },
} as const satisfies Options;

export interface BenchResult {
  backend: string; arch: Arch; size: number; width: number; mode: 'train' | 'infer'; batch: number;
  steps: number; img_per_s: number; ms_per_step: number;
  /** How the steps ran (replayed from a trace, or eager and why); lib/train/step.ts */
  step_trace: string;
}

function randomTargets(n: number, seed: number): Targets {
  let s = seed >>> 0;
  const r = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
  const f = (k: number) => Float32Array.from({ length: n * k }, () => r() * 2 - 1);
  return { n, distance: f(1), translation: f(2), rotation: f(6),
    category: Int32Array.from({ length: n }, () => Math.floor(r() * 117)), identity: Int32Array.from({ length: n }, () => Math.floor(r() * 548)) };
}

export async function benchTrain(o: { arch: Arch; size: number; width: number; mode: 'train' | 'infer'; batch: number; steps: number; warmup: number; task: string }): Promise<BenchResult> {
  const info = await initEngine();
  const set = parseTaskSet(o.task);
  const model = createResNet({ arch: o.arch, width: o.width, numOutputs: set.outputs }, 0);
  const adam = new Adam(model.vars, model.trainable, { lr: 1e-3 });
  const x = tf.randomNormal([o.batch, o.size, o.size, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
  const targets = randomTargets(o.batch, 1);
  const once = () => {
    if (o.mode === 'train') trainStep(model, adam, set, x, targets);
    // Eval-mode forward as evaluation runs it (replayed where the backend traces), logits read back.
    else {
      const y = inferOutput(model, x);
      y.dataSync();
      y.dispose();
    }
  };
  try {
    for (let i = 0; i < o.warmup; i++) once();
    const t0 = performance.now();
    let shown = t0;
    for (let i = 0; i < o.steps; i++) {
      once();
      const now = performance.now();
      // a progress line at most every half second (a line per step would be part of what is timed)
      if (now - shown > 500 || i === o.steps - 1) {
        shown = now;
        process.stderr.write(`[bench] ${o.mode} step ${i + 1}/${o.steps} ${((now - t0) / (i + 1)).toFixed(1)} ms/step\n`);
      }
    }
    const ms = (performance.now() - t0) / o.steps;
    return { backend: info.backend, arch: o.arch, size: o.size, width: o.width, mode: o.mode, batch: o.batch, steps: o.steps,
      img_per_s: Number(((o.batch * 1000) / ms).toFixed(2)), ms_per_step: Number(ms.toFixed(1)),
      step_trace: stepTraceStatus(model).join('; ') };
  } finally {
    x.dispose(); adam.dispose(); disposeResNet(model);
  }
}

export async function run(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what !== 'train') throw new UsageError(`whatwhere bench: expected a benchmark name (train), got '${what ?? ''}'`);
  const f = parseOptions(rest, options, 'bench train');
  const c = 'bench train';
  const arch = str(f, 'arch', c, options.arch.default) as Arch;
  if (!ARCHS.includes(arch)) throw new UsageError(`whatwhere bench train: --arch expected ${ARCHS.join(' or ')}, got '${arch}'`);
  const mode = str(f, 'mode', c, options.mode.default);
  if (mode !== 'train' && mode !== 'infer') throw new UsageError(`whatwhere bench train: --mode expected train or infer, got '${mode}'`);
  const r = await benchTrain({
    arch, mode, size: num(f, 'size', c, options.size.default, { integer: true, min: 8 }), width: num(f, 'width', c, options.width.default, { min: 1e-3 }),
    batch: num(f, 'batch', c, options.batch.default, { integer: true, min: 2 }), steps: num(f, 'steps', c, options.steps.default, { integer: true, min: 1 }),
    warmup: num(f, 'warmup', c, options.warmup.default, { integer: true, min: 0 }), task: str(f, 'task', c, options.task.default),
  });
  if (bool(f, 'json')) console.log(JSON.stringify(r));
  else {
    console.log(`${r.backend}: ${r.arch} x${r.width} @${r.size}px ${r.mode} batch ${r.batch}: ${r.img_per_s} img/s (${r.ms_per_step} ms/step)`);
    if (r.step_trace) console.log(`steps: ${r.step_trace}`);
  }
  return 0;
}
