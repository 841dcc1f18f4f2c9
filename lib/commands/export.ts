// `whatwhere export --run RUN [--checkpoint STEP] --to pytorch|safetensors --out FILE`: a run's
// weights (trained or imported) as a torchvision state_dict: torch layouts, BN running statistics and
// num_batches_tracked, keys at the run's widths. torchvision.models.resnet18(num_classes=K)
// .load_state_dict(torch.load(FILE), strict=True) accepts a width-1 export.
import { basename, extname } from 'node:path';
import { writeAtomic } from '../atomic.js';
import { toTorchStateDict } from '../interop/resnet_layout.js';
import { readRunWeights } from '../interop/run_files.js';
import { encodeSafetensors } from '../interop/safetensors.js';
import { encodeTorchSave } from '../interop/torch_writer.js';
import { num, str, UsageError } from './args.js';
import { parseOptions, type Options } from './options.js';

export const summary = 'write a run\'s weights as a PyTorch state_dict (.pth, torch.load-able) or .safetensors';

export const options = {
  run: { value: 'RUN', help: 'a run folder (trained or imported)', required: true },
  checkpoint: { value: 'STEP', help: 'export this kept checkpoint', default: 'the final weights' },
  to: { value: 'pytorch|safetensors', help: 'torch.save zip (.pth) or .safetensors', required: true },
  out: { value: 'FILE', help: 'file to write', required: true },
} as const satisfies Options;

export async function run(argv: string[]): Promise<number> {
  const c = 'export';
  const f = parseOptions(argv, options, c);
  const to = str(f, 'to', c);
  if (to !== 'pytorch' && to !== 'safetensors') throw new UsageError(`whatwhere export: --to expected 'pytorch' or 'safetensors', got '${to}'`);
  const dir = str(f, 'run', c);
  const out = str(f, 'out', c);
  const step = f.values.checkpoint === undefined ? undefined : num(f, 'checkpoint', c, undefined, { integer: true, min: 0 });
  const w = readRunWeights(dir, step);
  const tensors = toTorchStateDict(w.config, w.values, (bn) => w.numBatchesTracked[bn] ?? 0);
  const bytes = to === 'pytorch'
    ? encodeTorchSave(tensors, archiveName(out))
    : encodeSafetensors(tensors, { format: 'pt', arch: w.config.arch, width: String(w.config.width), num_classes: String(w.config.numOutputs) });
  writeAtomic(out, bytes, { durable: true });
  process.stderr.write(`[export] wrote ${out}: ${tensors.length} tensors, ${w.config.arch} x${w.config.width}, ${w.config.numOutputs} outputs (${to})\n`);
  return 0;
}

/** torch.save names the archive's top folder after the file; any plain name loads. */
function archiveName(file: string): string {
  return basename(file, extname(file)).replace(/[^A-Za-z0-9_.-]/g, '_') || 'archive';
}
