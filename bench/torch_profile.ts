// Where a torch-backend ResNet training step spends its time, per tfjs kernel (wall time of the
// kernel call, including the native op). Run: npx tsx bench/torch_profile.ts [size] [width] [steps]
import { benchTrain } from '../lib/commands/bench.js';
import { kernelProfile } from '../lib/native/exec.js';

process.env.WHATWHERE_BACKEND = 'torch';
const [size = '32', width = '0.25', steps = '5'] = process.argv.slice(2);
const mode = (process.env.MODE as 'train' | 'infer') ?? 'train';
await benchTrain({ arch: 'resnet18', size: +size, width: +width, mode, batch: 64, steps: 1, warmup: 1, task: 'all' });
kernelProfile.enabled = true;
const t0 = performance.now();
const r = await benchTrain({ arch: 'resnet18', size: +size, width: +width, mode, batch: 64, steps: +steps, warmup: 0, task: 'all' });
const total = performance.now() - t0;
kernelProfile.enabled = false;
const rows = [...kernelProfile.stats].sort((a, b) => b[1].ms - a[1].ms);
const inKernels = rows.reduce((s, [, v]) => s + v.ms, 0);
console.log(`${r.img_per_s} img/s; ${(total / +steps).toFixed(1)} ms/step, of which ${(inKernels / +steps).toFixed(1)} ms in torch kernels`);
for (const [k, v] of rows.slice(0, 25)) {
  console.log(`${k.padEnd(28)} ${String(v.calls / +steps).padStart(6)} calls/step ${(v.ms / +steps).toFixed(2).padStart(8)} ms/step`);
}
