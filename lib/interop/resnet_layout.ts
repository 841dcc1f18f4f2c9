// torchvision ResNet state_dicts <-> whatwhere weights. Names are the same (lib/models uses
// torchvision's); layouts differ: conv weights are torch OIHW vs our HWIO, fc.weight torch
// [out, in] vs our [in, out]. BatchNorm's num_batches_tracked is a torch buffer we do not keep.
import { architecture, type Arch, type Architecture, type ParamSpec, type ResNetConfig } from '../models/index.js';
import { float32Tensor, int64Scalar, toFloat32, toInteger, type RawTensor, type Tensor } from './tensor.js';

export interface ResNetWeights {
  config: ResNetConfig;
  /** Every lib/models parameter, in lib/models layout. */
  values: Map<string, Float32Array>;
  /** num_batches_tracked of each BatchNorm (by module name, e.g. `layer1.0.bn1`). */
  numBatchesTracked: Record<string, number>;
}

const NBT = '.num_batches_tracked';

/** The shape torch stores for a lib/models parameter. */
export function torchShape(p: ParamSpec): number[] {
  if (p.kind === 'conv') { const [kh, kw, ci, co] = p.shape as [number, number, number, number]; return [co, ci, kh, kw]; }
  if (p.kind === 'fc.weight') return [p.shape[1]!, p.shape[0]!];
  return p.shape;
}

/** BatchNorm module names, in architecture order. */
export function batchNormNames(a: Architecture): string[] {
  return a.params.filter((p) => p.kind === 'bn.running_var').map((p) => p.name.slice(0, -'.running_var'.length));
}

/** torchvision state_dict keys for `a`, in the order torchvision's state_dict() lists them. */
export function torchKeys(a: Architecture): string[] {
  return a.params.flatMap((p) => (p.kind === 'bn.running_var' ? [p.name, p.name.replace(/running_var$/, 'num_batches_tracked')] : [p.name]));
}

/** Reads a torchvision ResNet state_dict; arch, width and head size come from the tensors unless given. */
export function fromTorchStateDict(sd: Map<string, Tensor>, source: string, want: { arch?: Arch; width?: number } = {}): ResNetWeights {
  const arch: Arch = sd.has('layer1.0.conv3.weight') ? 'resnet50' : 'resnet18';
  if (want.arch && want.arch !== arch) {
    throw new Error(`${source}: --arch ${want.arch}, but the state_dict has ${arch === 'resnet50' ? 'Bottleneck blocks (layer1.0.conv3.weight)' : 'BasicBlocks (no layer1.0.conv3.weight)'}`);
  }
  const conv1 = sd.get('conv1.weight');
  const fc = sd.get('fc.weight');
  if (!conv1 || conv1.shape.length !== 4) throw new Error(`${source}: no 4-d 'conv1.weight'; not a torchvision ResNet state_dict (keys: ${[...sd.keys()].slice(0, 5).join(', ')}, ...)`);
  if (!fc || fc.shape.length !== 2) throw new Error(`${source}: no 2-d 'fc.weight'; not a torchvision ResNet state_dict`);
  const config: ResNetConfig = { arch, width: want.width ?? conv1.shape[0]! / 64, numOutputs: fc.shape[0]! };
  const a = architecture(config);
  const expected = torchKeys(a);
  const missing = expected.filter((k) => !sd.has(k) && !k.endsWith(NBT));
  const extra = [...sd.keys()].filter((k) => !expected.includes(k));
  const list = (ks: string[]) => ks.slice(0, 5).join(', ') + (ks.length > 5 ? `, ... (${ks.length} in all)` : '');
  if (missing.length) throw new Error(`${source}: not a torchvision ${arch} state_dict: missing ${list(missing)}`);
  if (extra.length) throw new Error(`${source}: not a torchvision ${arch} state_dict: unexpected ${list(extra)}`);
  const values = new Map<string, Float32Array>();
  for (const p of a.params) {
    const t = sd.get(p.name)!;
    const shape = torchShape(p);
    if (t.shape.join('x') !== shape.join('x')) {
      throw new Error(`${source}: '${p.name}' has shape [${t.shape.join(', ')}], ${arch} at width ${config.width} with ${config.numOutputs} outputs expects [${shape.join(', ')}]`);
    }
    values.set(p.name, fromTorchLayout(p, toFloat32(t, `${source}: '${p.name}'`)));
  }
  const numBatchesTracked: Record<string, number> = {};
  for (const bn of batchNormNames(a)) {
    const t = sd.get(bn + NBT);
    numBatchesTracked[bn] = t ? toInteger(t, `${source}: '${bn}${NBT}'`) : 0;
  }
  return { config, values, numBatchesTracked };
}

/** The weights as a torchvision state_dict (torch layouts, num_batches_tracked included), in torchvision's key order. */
export function toTorchStateDict(config: ResNetConfig, values: Map<string, Float32Array>, numBatchesTracked: (bn: string) => number): { name: string; tensor: RawTensor }[] {
  const a = architecture(config);
  const byName = new Map(a.params.map((p) => [p.name, p]));
  return torchKeys(a).map((name) => {
    if (name.endsWith(NBT)) return { name, tensor: int64Scalar(numBatchesTracked(name.slice(0, -NBT.length))) };
    const p = byName.get(name)!;
    const v = values.get(name);
    if (!v) throw new Error(`weights: missing tensor '${name}'`);
    return { name, tensor: float32Tensor(torchShape(p), toTorchLayout(p, v)) };
  });
}

/** OIHW -> HWIO for convs, [out, in] -> [in, out] for fc.weight; others unchanged. */
function fromTorchLayout(p: ParamSpec, v: Float32Array): Float32Array {
  if (p.kind === 'conv') { const [kh, kw, ci, co] = p.shape as [number, number, number, number]; return permute(v, [co, ci, kh, kw], [2, 3, 1, 0]); }
  if (p.kind === 'fc.weight') return permute(v, [p.shape[1]!, p.shape[0]!], [1, 0]);
  return v;
}

function toTorchLayout(p: ParamSpec, v: Float32Array): Float32Array {
  if (p.kind === 'conv') return permute(v, p.shape, [3, 2, 0, 1]);
  if (p.kind === 'fc.weight') return permute(v, p.shape, [1, 0]);
  return v;
}

/** numpy's `v.reshape(shape).transpose(axes)` as a C-order copy. */
export function permute(v: Float32Array, shape: readonly number[], axes: readonly number[]): Float32Array {
  const rank = shape.length;
  const strides = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  const outShape = axes.map((a) => shape[a]!);
  const srcStride = axes.map((a) => strides[a]!);
  const out = new Float32Array(v.length);
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = v[src]!;
    for (let k = rank - 1; k >= 0; k--) {
      idx[k]!++; src += srcStride[k]!;
      if (idx[k]! < outShape[k]!) break;
      src -= idx[k]! * srcStride[k]!; idx[k] = 0;
    }
  }
  return out;
}
