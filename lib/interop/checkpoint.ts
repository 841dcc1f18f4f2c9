// A checkpoint file's state_dict, whatever holds it: torch.save of a state_dict, of a training
// checkpoint dict (the state_dict under `state_dict`, `model`, ...), or a .safetensors file.
// Anything else gets one line saying what the file holds instead.
import { readFileSync } from 'node:fs';
import { describe, OpaqueObject, type PickleValue } from './pickle.js';
import { readSafetensors } from './safetensors.js';
import { Tensor } from './tensor.js';
import { readTorchZip } from './torch_file.js';

/** Entries of a training checkpoint dict that may hold the model's state_dict, in the order tried. */
export const STATE_DICT_ENTRIES = ['state_dict', 'model_state_dict', 'model', 'net', 'network'];

export interface StateDict {
  format: 'torch' | 'safetensors';
  /** Where in the file the tensors were found ('' = the top level; else the checkpoint entry). */
  entry: string;
  tensors: Map<string, Tensor>;
}

export function readStateDict(file: string): StateDict {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    throw new Error(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (buf.readUInt32LE(0) === 0x04034b50 || buf.subarray(0, 2).toString('latin1') === '\x80\x02') {
    return { format: 'torch', ...findStateDict(readTorchZip(buf, file), file) };
  }
  if (file.endsWith('.safetensors') || (buf.length > 9 && buf[8] === 0x7b)) {
    return { format: 'safetensors', entry: '', tensors: stripPrefix(readSafetensors(buf, file)) };
  }
  throw new Error(`${file}: not a PyTorch checkpoint (expected a torch.save zip archive or a .safetensors file)`);
}

function findStateDict(root: PickleValue, file: string): { entry: string; tensors: Map<string, Tensor> } {
  const holds = (v: PickleValue) => v instanceof OpaqueObject
    ? `a pickled ${v.cls} object, not a state_dict; save model.state_dict() instead`
    : `a ${describe(v)}, not a state_dict`;
  if (!(root instanceof Map)) throw new Error(`${file}: holds ${holds(root)}`);
  if (isTensorMap(root)) return { entry: '', tensors: asStateDict(root, file, '') };
  // A training checkpoint: the state_dict sits under one of the usual entries.
  for (const key of STATE_DICT_ENTRIES) {
    const v = root.get(key);
    if (v === undefined) continue;
    if (v instanceof Map) return { entry: key, tensors: asStateDict(v, file, key) };
    throw new Error(`${file}: checkpoint entry '${key}' holds ${holds(v)}`);
  }
  const keys = [...root.keys()].map(String);
  const firstOther = [...root.entries()].find(([, v]) => !(v instanceof Tensor));
  throw new Error(`${file}: a dict that is no state_dict (entry '${String(firstOther?.[0])}' is a ${describe(firstOther?.[1])}) and has none of the entries ${STATE_DICT_ENTRIES.join(', ')}; keys: ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', ...' : ''}`);
}

function isTensorMap(m: Map<PickleValue, PickleValue>): boolean {
  return m.size > 0 && [...m.values()].every((v) => v instanceof Tensor);
}

/** Every value must be a tensor with a string key. */
function asStateDict(m: Map<PickleValue, PickleValue>, file: string, entry: string): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  const where = entry ? ` (in '${entry}')` : '';
  for (const [k, v] of m) {
    if (typeof k !== 'string') throw new Error(`${file}: state_dict${where} has a non-string key ${String(k)}`);
    if (!(v instanceof Tensor)) throw new Error(`${file}: state_dict${where} entry '${k}' is a ${describe(v)}, expected a tensor`);
    out.set(k, v);
  }
  return stripPrefix(out);
}

/** Drops the `module.` prefix nn.DataParallel / DistributedDataParallel put on every key. */
function stripPrefix(m: Map<string, Tensor>): Map<string, Tensor> {
  const keys = [...m.keys()];
  if (keys.length === 0 || !keys.every((k) => k.startsWith('module.'))) return m;
  return new Map([...m].map(([k, v]) => [k.slice('module.'.length), v]));
}
