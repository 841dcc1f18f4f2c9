// CLI of the torch-vs-PyTorch benchmark (bench/torch_compare.ts):
//   npx tsx bench/torch_vs_pytorch.ts [--steps N] [--warmup K] [--repeats R] [--device cpu|cuda]
//                                     [--threads T] [--configs 32x0.25,64x1,16x0.125x8] [--modes train,infer] [--out FILE]
// Prints one line per configuration with both images/s and the ratio; writes JSON to --out
// (default results/bench/torch_vs_pytorch.json).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { compare } from './torch_compare.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    steps: { type: 'string', default: '5' }, warmup: { type: 'string', default: '2' }, repeats: { type: 'string', default: '2' },
    device: { type: 'string', default: 'cpu' }, threads: { type: 'string', default: String(cpus().length) },
    configs: { type: 'string', default: '32x0.25,64x1' }, modes: { type: 'string', default: 'train,infer' }, out: { type: 'string' },
  } });
  const configs = values.configs!.split(',').map((c) => c.split('x').map(Number) as [number, number, number?]);
  if (configs.some((c) => c.length < 2 || c.length > 3 || c.some((v) => !(v! > 0)))) throw new Error(`--configs expected SIZExWIDTH[xBATCH][,...], got '${values.configs}'`);
  const modes = values.modes!.split(',') as ('train' | 'infer')[];
  if (modes.some((m) => m !== 'train' && m !== 'infer')) throw new Error(`--modes expected train and/or infer, got '${values.modes}'`);
  const result = await compare({ steps: Number(values.steps), warmup: Number(values.warmup), repeats: Number(values.repeats),
    device: values.device!, threads: Number(values.threads), configs, modes });
  console.log(`(${Object.entries(result.env).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  const out = values.out ?? join(process.cwd(), 'results', 'bench', 'torch_vs_pytorch.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), ...result }, null, 2) + '\n');
  console.error(`[bench] wrote ${out}`);
}

main().catch((err) => {
  console.error(`[bench] ${(err as Error).message}`);
  process.exit(1);
});
