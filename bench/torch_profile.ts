// Where a torch-backend ResNet training step spends its time, per tfjs kernel (wall time of the
// kernel call, including the native op on CPU) and in addon calls.
// Run: npx tsx bench/torch_profile.ts [size] [width] [steps] [batch]   (MODE=infer for inference, TOP=N kernels listed, default 12)
import { formatHostProfile, hostProfile } from './host_profile.js';

process.env.WHATWHERE_BACKEND = 'torch';
const [size = '32', width = '0.25', steps = '5', batch = '64'] = process.argv.slice(2);
const mode = (process.env.MODE as 'train' | 'infer') ?? 'train';
const p = await hostProfile({ size: +size, width: +width, steps: +steps, mode, batch: +batch });
console.log(`${(+batch * 1000 / p.msPerStep).toFixed(1)} img/s`);
for (const line of formatHostProfile(p)) console.log(line);
