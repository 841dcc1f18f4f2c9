// `whatwhere import --from pytorch --weights FILE.pth|.pt|.safetensors [--arch resnet18|resnet50]
//   [--width W] [--size 224] --out RUN`: a torchvision ResNet state_dict (torch.save zip format, a
// training checkpoint dict holding one, or safetensors) as a finished run directory that extract,
// cka, decode and score accept. Arch, width and head size are read from the tensors; --arch and
// --width, when given, are checked against them. --size is the input side the run records.
import { resolve } from 'node:path';
import { readStateDict } from '../interop/checkpoint.js';
import { fromTorchStateDict } from '../interop/resnet_layout.js';
import { sha256File, writeImportedRun } from '../interop/run_files.js';
import { ARCHS, type Arch } from '../models/index.js';
import { num, optStr, str, UsageError } from './args.js';
import { parseOptions, type Options } from './options.js';

export const summary = 'import a torchvision ResNet-18/50 state_dict (.pth zip, checkpoint dict, .safetensors) as a run directory';

export const options = {
  from: { value: 'pytorch', help: 'format of the weights', default: 'pytorch' },
  weights: { value: 'FILE', help: 'a state_dict: .pth/.pt (torch.save zip, or a checkpoint dict holding one) or .safetensors', required: true },
  arch: { value: ARCHS.join('|'), help: 'check the tensors are this architecture', default: 'read from the tensors' },
  width: { value: 'W', help: 'check the tensors are this width', default: 'read from the tensors' },
  size: { value: 'PX', help: 'input side the run records', default: 224 },
  out: { value: 'RUN', help: 'run folder to write', required: true },
} as const satisfies Options;

export async function run(argv: string[]): Promise<number> {
  const c = 'import';
  const f = parseOptions(argv, options, c);
  const from = str(f, 'from', c, options.from.default);
  if (from !== 'pytorch') throw new UsageError(`whatwhere import: --from expected 'pytorch', got '${from}'`);
  const arch = optStr(f, 'arch') as Arch | undefined;
  if (arch !== undefined && !ARCHS.includes(arch)) throw new UsageError(`whatwhere import: --arch expected ${ARCHS.join(' or ')}, got '${arch}'`);
  const file = str(f, 'weights', c);
  const out = str(f, 'out', c);
  const size = num(f, 'size', c, options.size.default, { integer: true, min: 8 });
  const width = f.values.width === undefined ? undefined : num(f, 'width', c, undefined, { min: 1e-3 });
  const sd = readStateDict(file);
  const w = fromTorchStateDict(sd.tensors, file, { arch, width });
  const state = writeImportedRun(out, w, size, {
    from: 'pytorch', file: resolve(file), sha256: sha256File(file), format: sd.format, entry: sd.entry, numBatchesTracked: w.numBatchesTracked,
  });
  process.stderr.write(`[import] ${state === 'existing' ? 'already imported' : 'wrote'} ${out}: ${w.config.arch} x${w.config.width}, ${w.config.numOutputs} outputs, ` +
    `${sd.tensors.size} tensors from ${file}${sd.entry ? ` (entry '${sd.entry}')` : ''}; input size ${size}px\n`);
  return 0;
}
