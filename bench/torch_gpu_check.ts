// The device check for the torch backend, run by scripts/gpu-check.sh on a CUDA machine (also runs
// on CPU): kernel parity vs tfjs cpu, one ResNet-18 training step vs cpu, a leak check, and the
// torch-vs-PyTorch benchmark on the same device. Writes summary.txt and check.json to $OUT (or ./out).
//
//   WHATWHERE_TORCH_DEVICE=cuda node gpu-check.mjs [--quick]
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAddon, type TorchAddon } from '../lib/native/addon.js';
import { registerNow } from '../lib/native/index.js';
import { TORCH_KERNELS } from '../lib/native/kernels/registry.js';
import { CASES, UNREACHED } from '../test/native/cases.js';
import { mismatch, runOn } from '../test/native/harness.js';
import { oneStep, stepDiff } from '../test/native/train_step.js';
import { formatHostProfile, hostProfile } from './host_profile.js';
import { compare } from './torch_compare.js';

const out = process.env.OUT || join(process.cwd(), 'out');
mkdirSync(out, { recursive: true });
const lines: string[] = [];
const say = (s: string) => { lines.push(s); console.log(s); writeFileSync(join(out, 'summary.txt'), lines.join('\n') + '\n'); };
const report: Record<string, unknown> = {};
const save = () => writeFileSync(join(out, 'check.json'), JSON.stringify(report, null, 2) + '\n');
const quick = process.argv.includes('--quick');

async function main(): Promise<void> {
  process.env.WHATWHERE_BACKEND = 'torch';
  const device = process.env.WHATWHERE_TORCH_DEVICE ?? 'cuda';
  const ok = await registerNow();
  if (ok !== true) throw new Error(`torch backend unavailable: ${ok}`);
  const native = loadAddon() as TorchAddon;
  report.addon = { libtorch: native.version, cuda: native.cuda, cudaDevices: native.cudaDeviceCount(), device: native.getDevice(), threads: native.getThreads() };
  say(`libtorch ${native.version}, CUDA ${native.cuda}, ${native.cudaDeviceCount()} GPU(s), tensors on ${native.getDevice()}`);
  if (device.startsWith('cuda') && !native.getDevice().startsWith('cuda')) throw new Error('asked for CUDA but tensors are on the CPU');

  // 1. kernel parity, in full float32: TF32 (PyTorch's default for cuDNN convolutions) is off for the
  // parity and training-step checks and back to the default for the benchmark. Float tolerances on
  // CUDA are floored at 2e-3 (different summation orders).
  const onGpu = native.getDevice().startsWith('cuda');
  const tf32Default = native.getTF32();
  native.setTF32(false);
  report.tf32 = { default: tf32Default, checks: native.getTF32() };
  const ran = new Set<string>();
  const failures: string[] = [];
  for (const c of CASES) {
    try {
      const ref = await runOn('cpu', c.fn, c.inputs);
      const got = await runOn('torch', c.fn, c.inputs);
      got.kernels.forEach((k) => ran.add(k));
      got.outs.forEach((o, i) => {
        const floor = onGpu && o.dtype === 'float32' ? 2e-3 : 0;
        const why = mismatch(o, ref.outs[i], Math.max(c.atol ?? 0, floor), Math.max(c.rtol ?? 0, floor));
        if (why) failures.push(`${c.name} output ${i}: ${why}`);
      });
    } catch (err) {
      failures.push(`${c.name}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  const unexercised = TORCH_KERNELS.map((k) => k.kernelName).filter((k) => !ran.has(k) && !UNREACHED.has(k));
  report.parity = { cases: CASES.length, failures, unexercised };
  say(`kernel parity vs tfjs cpu: ${CASES.length - new Set(failures.map((f) => f.split(' output')[0].split(':')[0])).size}/${CASES.length} cases pass` +
    (failures.length ? `; failures:\n  ${failures.join('\n  ')}` : '') + (unexercised.length ? `\n  not exercised: ${unexercised.join(', ')}` : ''));
  save();

  // 2. one ResNet-18 training step vs the cpu backend
  await tf.setBackend('cpu');
  const ref = await oneStep('cpu');
  const got = await oneStep('torch');
  const d = stepDiff(got, ref);
  report.trainStep = d;
  say(`ResNet-18 step vs cpu: loss rel ${d.loss.toExponential(2)}, worst grad rel ${d.grad[1].toExponential(2)} (${d.grad[0]}), ` +
    `worst weight abs ${d.weight[1].toExponential(2)} (bound 2e-3 from Adam's first step), worst running stat rel ${d.running[1].toExponential(2)}`);
  save();

  native.setTF32(...tf32Default);
  // 3. no growth over repeated steps
  const { benchTrain } = await import('../lib/commands/bench.js');
  await benchTrain({ arch: 'resnet18', size: 32, width: 0.25, mode: 'train', batch: 16, steps: 1, warmup: 1, task: 'all' });
  const live0 = native.live();
  const t0 = tf.memory().numTensors;
  await benchTrain({ arch: 'resnet18', size: 32, width: 0.25, mode: 'train', batch: 16, steps: quick ? 20 : 100, warmup: 0, task: 'all' });
  report.leak = { nativeBefore: live0, nativeAfter: native.live(), tfjsBefore: t0, tfjsAfter: tf.memory().numTensors };
  say(`leak check (${quick ? 20 : 100} steps): native tensors ${live0} -> ${native.live()}, tfjs tensors ${t0} -> ${tf.memory().numTensors}`);
  save();

  // 4. where a step's host time goes (64 px width 1)
  const prof = await hostProfile({ size: 64, width: 1, steps: 3 });
  report.hostProfile = prof;
  say('host profile, train 64 px width 1, batch 64:');
  for (const line of formatHostProfile(prof)) say(`  ${line}`);
  save();

  // 5. throughput vs PyTorch on the same device
  const configs: [number, number][] = quick ? [[32, 0.25], [64, 1]] : [[32, 0.25], [64, 1], [224, 1]];
  const bench = await compare({ steps: quick ? 5 : 20, warmup: 3, repeats: 2, device: native.getDevice(), threads: native.getThreads(),
    configs, modes: ['train', 'infer'] });
  report.bench = bench;
  say('throughput, batch 64 (best of 2 alternating runs each):');
  for (const r of bench.rows) {
    say(`  ${r.mode.padEnd(5)} ${String(r.size).padStart(3)} px width ${String(r.width).padEnd(4)} whatwhere/torch ${r.whatwhere.img_per_s.toFixed(1).padStart(8)} img/s` +
      `  PyTorch ${r.pytorch.img_per_s.toFixed(1).padStart(8)} img/s  ratio ${r.ratio.toFixed(2)}`);
  }
  say(`  (${Object.entries(bench.env).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  save();
}

main().then(() => process.exit(0), (err) => {
  say(`FAILED: ${(err as Error).stack ?? err}`);
  report.error = String((err as Error).message);
  save();
  process.exit(1);
});
