// Reading what torch.save writes (the zip format, PyTorch >= 1.6): `<name>/data.pkl` is a pickle
// whose tensors are `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)` calls and
// whose storages are persistent ids ('storage', torch.FloatStorage, key, location, numel) naming the
// member `<name>/data/<key>`. Only the classes a state_dict needs are constructed (lib/interop/pickle.ts).
import { PickleGlobal, unpickle, type PickleValue } from './pickle.js';
import { DTYPE_BYTES, numel, Tensor, type DType } from './tensor.js';
import { ZipReader } from '../zip.js';

const STORAGE_DTYPES: Record<string, DType> = {
  FloatStorage: 'F32', DoubleStorage: 'F64', HalfStorage: 'F16', BFloat16Storage: 'BF16', LongStorage: 'I64',
  IntStorage: 'I32', ShortStorage: 'I16', CharStorage: 'I8', ByteStorage: 'U8', BoolStorage: 'BOOL',
};

/** Pickle opcodes PROTO 2 then LONG1 of 10 bytes: the magic number that opens a pre-1.6 torch.save file. */
const LEGACY_MAGIC = Buffer.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]);

interface StorageRef { dtype: DType; bytes: Buffer }

/** The object a torch.save zip holds, tensors as `Tensor`s, dicts as Maps, tuples/lists as arrays. */
export function readTorchZip(buf: Buffer, source: string): PickleValue {
  if (buf.subarray(0, LEGACY_MAGIC.length).equals(LEGACY_MAGIC)) {
    throw new Error(`${source}: legacy torch.save format (PyTorch < 1.6 or _use_new_zipfile_serialization=False) is not supported; re-save it with torch.save(obj, path) in PyTorch >= 1.6`);
  }
  const members = ZipReader.fromBuffer(buf, source).readAll();
  const pkl = [...members.keys()].find((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (!pkl) {
    const torchScript = [...members.keys()].some((n) => /\/constants\.pkl$/.test(n));
    throw new Error(`${source}: ${torchScript ? 'a TorchScript archive (torch.jit.save), not a state_dict' : 'zip archive without <name>/data.pkl: not written by torch.save'}`);
  }
  const prefix = pkl.slice(0, -'data.pkl'.length);
  const order = members.get(`${prefix}byteorder`)?.toString('latin1');
  if (order !== undefined && order !== 'little') throw new Error(`${source}: byteorder '${order}' is not supported (little-endian files only)`);

  const persistentLoad = (pid: PickleValue): StorageRef => {
    if (!Array.isArray(pid) || pid[0] !== 'storage' || pid.length < 5) throw new Error(`${source}: unknown persistent id ${JSON.stringify(pid)}; expected ('storage', type, key, location, numel)`);
    const [, type, key, , count] = pid as [string, PickleValue, string, string, number];
    const dtype = type instanceof PickleGlobal && type.module === 'torch' ? STORAGE_DTYPES[type.name] : undefined;
    if (!dtype) throw new Error(`${source}: storage type ${type instanceof PickleGlobal ? type.qualified : String(type)} is not supported`);
    const bytes = members.get(`${prefix}data/${key}`);
    if (!bytes) throw new Error(`${source}: storage '${key}' is missing (no member ${prefix}data/${key})`);
    if (bytes.length < count * DTYPE_BYTES[dtype]) throw new Error(`${source}: storage '${key}' holds ${bytes.length} bytes, ${count} x ${dtype} needs ${count * DTYPE_BYTES[dtype]}`);
    return { dtype, bytes };
  };
  const rebuildTensor = (args: PickleValue[]): Tensor => {
    const [storage, offset, size, stride] = args as [StorageRef, number, number[], number[]];
    if (!storage || !(storage.bytes instanceof Buffer)) throw new Error(`${source}: _rebuild_tensor_v2 without a storage`);
    return stridedCopy(storage, offset, size, stride, source);
  };
  const firstArg = (args: PickleValue[]) => {
    if (!(args[0] instanceof Tensor)) throw new Error(`${source}: a parameter that wraps no tensor`);
    return args[0];
  };
  return unpickle(members.get(pkl)!, {
    source,
    persistentLoad,
    callables: {
      'collections.OrderedDict': (args) => new Map(Array.isArray(args[0]) ? (args[0] as [PickleValue, PickleValue][]) : []),
      'torch._utils._rebuild_tensor_v2': rebuildTensor,
      'torch._utils._rebuild_parameter': firstArg,
      'torch._utils._rebuild_parameter_with_state': firstArg,
    },
  });
}

/** The tensor `storage[offset + sum(i_k * stride_k)]` over every index of `size`, in C order. */
function stridedCopy(storage: StorageRef, offset: number, size: number[], stride: number[], source: string): Tensor {
  const es = DTYPE_BYTES[storage.dtype];
  const n = numel(size);
  const out = Buffer.alloc(n * es);
  if (n === 0) return new Tensor(storage.dtype, size, out);
  let last = offset;
  size.forEach((s, k) => { last += (s - 1) * stride[k]!; });
  if (offset < 0 || (last + 1) * es > storage.bytes.length) throw new Error(`${source}: a tensor of shape [${size.join(', ')}] reaches past its storage`);
  const contiguous = size.every((_, k) => stride[k] === numel(size.slice(k + 1)) || size[k] === 1);
  if (contiguous) {
    storage.bytes.copy(out, 0, offset * es, (offset + n) * es);
    return new Tensor(storage.dtype, size, out);
  }
  const idx = new Array<number>(size.length).fill(0);
  for (let i = 0; i < n; i++) {
    let src = offset;
    for (let k = 0; k < size.length; k++) src += idx[k]! * stride[k]!;
    storage.bytes.copy(out, i * es, src * es, (src + 1) * es);
    for (let k = size.length - 1; k >= 0; k--) { if (++idx[k]! < size[k]!) break; idx[k] = 0; }
  }
  return new Tensor(storage.dtype, size, out);
}

