// A model's weights on disk: one .npz (numpy.load-able) with a member per torchvision state_dict name.
// Conv weights are HWIO and fc.weight is [in, out] (lib/models layout); to load into torch, permute
// conv weights (3, 2, 0, 1) and transpose fc.weight.
import { isRawMember, readNpz, writeNpzAtomic, type NpzEntries } from './npz.js';
import { readWeights, writeWeights, type ResNet } from './resnet.js';

/** Model tensors as npz entries, optionally under a key prefix (checkpoints use `model/`). */
export function weightEntries(m: ResNet, prefix = ''): NpzEntries {
  const values = readWeights(m);
  const out: NpzEntries = new Map();
  for (const p of m.arch.params) out.set(`${prefix}${p.name}`, { dtype: '<f4', shape: p.shape, data: values.get(p.name)! });
  return out;
}

/** Reads model tensors from npz entries (under `prefix`) into `m`; `source` names the file in errors. */
export function loadWeightEntries(m: ResNet, entries: NpzEntries, source: string, prefix = ''): void {
  const values = new Map<string, Float32Array>();
  for (const p of m.arch.params) {
    const e = entries.get(`${prefix}${p.name}`);
    if (e === undefined) throw new Error(`${source}: missing tensor '${prefix}${p.name}'`);
    if (isRawMember(e) || e.dtype !== '<f4') throw new Error(`${source}: tensor '${prefix}${p.name}' is not float32`);
    if (e.shape.join('x') !== p.shape.join('x')) {
      throw new Error(`${source}: tensor '${prefix}${p.name}' has shape ${e.shape.join('x')}, the model expects ${p.shape.join('x')}`);
    }
    values.set(p.name, e.data as Float32Array);
  }
  writeWeights(m, values, source);
}

export function saveWeights(file: string, m: ResNet): void {
  writeNpzAtomic(file, weightEntries(m));
}

export function loadWeights(file: string, m: ResNet): void {
  loadWeightEntries(m, readNpz(file), file);
}
