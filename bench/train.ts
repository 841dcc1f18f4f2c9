// Training / inference speed of ResNet-18 on the chosen backend at the two reference configurations
// (32 px width 0.25, i.e. channels 16/32/64/128; 64 px full width), batch 64, after warm-up.
// Run: npx tsx bench/train.ts [--steps N]   (WHATWHERE_BACKEND=cpu|wasm|torch to force a backend)
import { benchTrain, type BenchResult } from '../lib/commands/bench.js';

const stepsArg = process.argv.indexOf('--steps');
const steps = stepsArg > 0 ? Number(process.argv[stepsArg + 1]) : 3;
const configs = [
  { size: 32, width: 0.25, mode: 'train' as const },
  { size: 32, width: 0.25, mode: 'infer' as const },
  { size: 64, width: 1, mode: 'train' as const },
  { size: 64, width: 1, mode: 'infer' as const },
];
const results: BenchResult[] = [];
for (const c of configs) {
  const r = await benchTrain({ arch: 'resnet18', batch: 64, steps, warmup: 1, task: 'all', ...c });
  results.push(r);
  console.log(JSON.stringify(r));
}
console.log('\n| backend | config | mode | img/s | ms/step |\n|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.backend} | resnet18 ${r.size}px x${r.width} | ${r.mode} | ${r.img_per_s} | ${r.ms_per_step} |`);
