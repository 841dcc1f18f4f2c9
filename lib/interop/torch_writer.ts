// Writing a state_dict the way torch.save does (zip format, pickle protocol 2): data.pkl holds an
// OrderedDict of `torch._utils._rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())`
// calls, each storage a persistent id ('storage', torch.<Type>Storage, key, 'cpu', numel) whose bytes
// are the member `<archive>/data/<key>`. Only classes torch.load(weights_only=True) accepts appear.
import { numel, type DType, type RawTensor } from './tensor.js';
import { encodeZip } from '../zip.js';

const STORAGE_CLASS: Partial<Record<DType, string>> = { F32: 'FloatStorage', F64: 'DoubleStorage', I64: 'LongStorage', I32: 'IntStorage' };
/** The zip format's version record, as PyTorch writes it. */
const FORMAT_VERSION = '3\n';

/** Pickle protocol 2 opcodes, written without the memo (torch.load does not need one). */
class PickleWriter {
  private readonly parts: Buffer[] = [];
  op(code: number): this { this.parts.push(Buffer.from([code])); return this; }
  global(module: string, name: string): this { this.parts.push(Buffer.from(`c${module}\n${name}\n`, 'latin1')); return this; }
  str(s: string): this {
    const b = Buffer.from(s, 'utf8');
    const h = Buffer.alloc(5); h[0] = 0x58; h.writeUInt32LE(b.length, 1); // BINUNICODE
    this.parts.push(h, b); return this;
  }
  int(n: number): this {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) throw new Error(`pickle writer: integer ${n} out of range`);
    if (n < 0x100) this.parts.push(Buffer.from([0x4b, n])); // BININT1
    else { const b = Buffer.alloc(5); b[0] = 0x4a; b.writeInt32LE(n, 1); this.parts.push(b); } // BININT
    return this;
  }
  tuple(items: readonly number[]): this {
    if (items.length === 0) return this.op(0x29); // EMPTY_TUPLE
    this.op(0x28); items.forEach((i) => this.int(i)); return this.op(0x74); // MARK ... TUPLE
  }
  emptyOrderedDict(): this { return this.global('collections', 'OrderedDict').op(0x29).op(0x52); } // () REDUCE
  bytes(): Buffer { return Buffer.concat(this.parts); }
}

/** The pickle of an OrderedDict of tensors, storage i for the i-th tensor. */
export function stateDictPickle(tensors: ReadonlyArray<{ name: string; tensor: RawTensor }>): Buffer {
  const w = new PickleWriter();
  w.op(0x80).op(0x02); // PROTO 2
  w.emptyOrderedDict().op(0x28); // MARK for SETITEMS
  tensors.forEach(({ name, tensor }, i) => {
    const cls = STORAGE_CLASS[tensor.dtype];
    if (!cls) throw new Error(`pickle writer: '${name}' has dtype ${tensor.dtype}; only F32, F64, I64 and I32 are written`);
    const stride = tensor.shape.map((_, k) => numel(tensor.shape.slice(k + 1)));
    w.str(name);
    w.global('torch._utils', '_rebuild_tensor_v2').op(0x28); // MARK for the argument tuple
    w.op(0x28).str('storage').global('torch', cls).str(String(i)).str('cpu').int(numel(tensor.shape)).op(0x74).op(0x51); // (...) BINPERSID
    w.int(0).tuple(tensor.shape).tuple(stride).op(0x89).emptyOrderedDict(); // offset, size, stride, requires_grad=False, hooks
    w.op(0x74).op(0x52); // TUPLE REDUCE
  });
  return w.op(0x75).op(0x2e).bytes(); // SETITEMS STOP
}

/** torch.save starts every member's data at a multiple of 64 bytes (torch.load maps storages in place). */
const TORCH_ALIGN = 64;

/** A file torch.load reads as an OrderedDict of these tensors; `archive` names its top folder. */
export function encodeTorchSave(tensors: ReadonlyArray<{ name: string; tensor: RawTensor }>, archive = 'archive'): Buffer {
  return encodeZip([
    { name: `${archive}/data.pkl`, data: stateDictPickle(tensors) },
    { name: `${archive}/byteorder`, data: Buffer.from('little') },
    ...tensors.map(({ tensor }, i) => ({ name: `${archive}/data/${i}`, data: tensor.bytes })),
    { name: `${archive}/version`, data: Buffer.from(FORMAT_VERSION) },
  ], { align: TORCH_ALIGN });
}
