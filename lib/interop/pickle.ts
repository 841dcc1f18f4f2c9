// A strict reader for the pickles torch.save writes (protocol 2, and the protocol 3-5 opcodes a
// checkpoint's extra entries may use). It builds data, never runs code: a class reference becomes
// a `PickleGlobal`, calling one the caller does not provide becomes an `OpaqueObject` naming it,
// and any opcode outside this set is refused with its byte offset.

export class PickleGlobal {
  constructor(readonly module: string, readonly name: string) {}
  get qualified(): string { return `${this.module}.${this.name}`; }
}

/** An instance of a class this reader does not construct (a pickled nn.Module, a numpy scalar...). */
export class OpaqueObject {
  state: unknown;
  constructor(readonly cls: string, readonly args: unknown) {}
}

export type PickleValue = unknown;

export interface UnpickleOptions {
  /** Names the file in errors. */
  source: string;
  /** Resolves BINPERSID ids (torch: storage references). */
  persistentLoad(pid: PickleValue): PickleValue;
  /** Callables by qualified name ('collections.OrderedDict'); others give OpaqueObjects. */
  callables: Record<string, (args: PickleValue[]) => PickleValue>;
}

const MARK = Symbol('mark');

export function unpickle(buf: Buffer, opts: UnpickleOptions): PickleValue {
  const stack: PickleValue[] = [];
  const memo = new Map<number, PickleValue>();
  let p = 0;
  const fail = (why: string): never => { throw new Error(`${opts.source}: ${why}`); };
  const need = (n: number) => { if (p + n > buf.length) fail(`pickle truncated at byte ${p} (needs ${n} more)`); };
  const u8 = () => { need(1); return buf[p++]!; };
  const u16 = () => { need(2); const v = buf.readUInt16LE(p); p += 2; return v; };
  const u32 = () => { need(4); const v = buf.readUInt32LE(p); p += 4; return v; };
  const u64 = () => { need(8); const v = Number(buf.readBigUInt64LE(p)); p += 8; return v; };
  const bytes = (n: number) => { need(n); const v = buf.subarray(p, p + n); p += n; return v; };
  const line = () => { const e = buf.indexOf(0x0a, p); if (e < 0) fail(`pickle truncated in a GLOBAL at byte ${p}`); const s = buf.toString('latin1', p, e); p = e + 1; return s; };
  const pop = () => { if (stack.length === 0) fail(`pickle stack underflow at byte ${p}`); return stack.pop(); };
  const top = () => { if (stack.length === 0) fail(`pickle stack underflow at byte ${p}`); return stack[stack.length - 1]; };
  const popMark = (): PickleValue[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) fail(`pickle has no MARK for the opcode at byte ${p - 1}`);
    const items = stack.splice(at);
    items.shift();
    return items;
  };
  const call = (fn: PickleValue, args: PickleValue): PickleValue => {
    if (!(fn instanceof PickleGlobal)) fail(`pickle calls a ${describe(fn)} at byte ${p - 1}; only class references can be called`);
    const g = fn as PickleGlobal;
    const impl = opts.callables[g.qualified];
    if (!impl) return new OpaqueObject(g.qualified, args);
    if (!Array.isArray(args)) fail(`pickle calls ${g.qualified} with ${describe(args)} instead of an argument tuple`);
    return impl(args as PickleValue[]);
  };
  const setItems = (target: PickleValue, items: PickleValue[]) => {
    if (!(target instanceof Map)) {
      if (target instanceof OpaqueObject) return; // items of an unconstructed class: kept out of the data
      fail(`pickle sets items on a ${describe(target)} at byte ${p - 1}`);
    }
    for (let i = 0; i + 1 < items.length; i += 2) (target as Map<PickleValue, PickleValue>).set(items[i], items[i + 1]);
  };
  const appendItems = (target: PickleValue, items: PickleValue[]) => {
    if (Array.isArray(target)) target.push(...items);
    else if (!(target instanceof OpaqueObject)) fail(`pickle appends to a ${describe(target)} at byte ${p - 1}`);
  };

  for (;;) {
    const at = p;
    const op = u8();
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: u64(); break; // FRAME: framing only
      case 0x28: stack.push(MARK); break; // MARK
      case 0x29: stack.push([]); break; // EMPTY_TUPLE (tuples are arrays)
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x8f: stack.push(new Set()); break; // EMPTY_SET
      case 0x71: memo.set(u8(), top()); break; // BINPUT
      case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x68: case 0x6a: { // BINGET, LONG_BINGET
        const k = op === 0x68 ? u8() : u32();
        if (!memo.has(k)) fail(`pickle refers to memo entry ${k}, never stored (byte ${at})`);
        stack.push(memo.get(k));
        break;
      }
      case 0x63: { const module = line(); stack.push(new PickleGlobal(module, line())); break; } // GLOBAL
      case 0x93: { const name = pop(); const module = pop(); stack.push(new PickleGlobal(String(module), String(name))); break; } // STACK_GLOBAL
      case 0x74: stack.push(popMark()); break; // TUPLE
      case 0x85: stack.push([pop()]); break; // TUPLE1
      case 0x86: { const b = pop(); stack.push([pop(), b]); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); stack.push([pop(), b, c]); break; } // TUPLE3
      case 0x4a: need(4); stack.push(buf.readInt32LE(p)); p += 4; break; // BININT
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(u16()); break; // BININT2
      case 0x8a: case 0x8b: { // LONG1, LONG4: little-endian two's complement
        const n = op === 0x8a ? u8() : u32();
        const b = bytes(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
        if (n > 0 && b[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: need(8); stack.push(buf.readDoubleBE(p)); p += 8; break; // BINFLOAT
      case 0x88: stack.push(true); break;
      case 0x89: stack.push(false); break;
      case 0x4e: stack.push(null); break;
      case 0x58: stack.push(bytes(u32()).toString('utf8')); break; // BINUNICODE
      case 0x8c: stack.push(bytes(u8()).toString('utf8')); break; // SHORT_BINUNICODE
      case 0x8d: stack.push(bytes(u64()).toString('utf8')); break; // BINUNICODE8
      case 0x54: stack.push(bytes(u32()).toString('latin1')); break; // BINSTRING
      case 0x55: stack.push(bytes(u8()).toString('latin1')); break; // SHORT_BINSTRING
      case 0x42: stack.push(Buffer.from(bytes(u32()))); break; // BINBYTES
      case 0x43: stack.push(Buffer.from(bytes(u8()))); break; // SHORT_BINBYTES
      case 0x8e: stack.push(Buffer.from(bytes(u64()))); break; // BINBYTES8
      case 0x52: { const args = pop(); stack.push(call(pop(), args)); break; } // REDUCE
      case 0x81: { const args = pop(); stack.push(call(pop(), args)); break; } // NEWOBJ
      case 0x62: { // BUILD
        const state = pop();
        const obj = top();
        if (obj instanceof OpaqueObject) obj.state = state;
        else if (!(obj instanceof Map)) fail(`pickle sets the state of a ${describe(obj)} at byte ${at}`);
        // A Map's state is OrderedDict.__dict__ (state_dict's `_metadata`): not data, dropped.
        break;
      }
      case 0x73: { const v = pop(); const k = pop(); setItems(top(), [k, v]); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(top(), items); break; } // SETITEMS
      case 0x61: { const v = pop(); appendItems(top(), [v]); break; } // APPEND
      case 0x65: { const items = popMark(); appendItems(top(), items); break; } // APPENDS
      case 0x90: { const items = popMark(); const s = top(); if (s instanceof Set) items.forEach((i) => s.add(i)); else fail(`pickle adds items to a ${describe(s)} at byte ${at}`); break; } // ADDITEMS
      case 0x91: stack.push(new Set(popMark())); break; // FROZENSET
      case 0x51: stack.push(opts.persistentLoad(pop())); break; // BINPERSID
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: stack.push(top()); break; // DUP
      case 0x2e: { // STOP
        if (stack.length !== 1) fail(`pickle ends with ${stack.length} values on the stack, expected 1`);
        return stack[0];
      }
      default:
        fail(`pickle opcode 0x${op.toString(16).padStart(2, '0')} at byte ${at} is not one torch.save writes; not a PyTorch checkpoint`);
    }
  }
}

/** A short description of a pickled value, for error messages. */
export function describe(v: PickleValue): string {
  if (v instanceof OpaqueObject) return `${v.cls} object`;
  if (v instanceof PickleGlobal) return `reference to ${v.qualified}`;
  if (v instanceof Map) return 'dict';
  if (Array.isArray(v)) return 'tuple/list';
  if (v === null) return 'None';
  if (v === MARK) return 'MARK';
  return typeof v;
}
