// Running ATen ops from kernel code. An Exec is one kernel invocation: every native tensor it
// creates is freed when the kernel returns, except the ones handed back to tfjs as outputs, so
// kernels cannot leak (the "no growth over 1000 steps" requirement rests on this file).
import type { DataType, KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import type { TorchAddon } from './addon.js';
import { CODE_TO_DTYPE, SCALAR_TYPE, WIDE_CODES } from './dtypes.js';

/** A native tensor produced inside a kernel. */
export interface Desc {
  h: number;
  /** The tfjs dtype this tensor becomes (int64 -> int32, float64 -> float32). */
  dtype: DataType;
  shape: number[];
  /** The addon's dtype code (see dtypes.ts). */
  code: number;
}

/** What an Exec needs from the backend: the addon, input handles, and adopting outputs. */
export interface ExecHost {
  readonly native: TorchAddon;
  handleOf(t: TensorInfo): number;
  adopt(d: Desc, aux?: number[]): TensorInfo;
}

const opIndex = new Map<string, number>();

/** `add.Tensor` -> the addon's index for aten::add.Tensor (looked up once per process). */
function opId(native: TorchAddon, op: string): number {
  let i = opIndex.get(op);
  if (i === undefined) {
    const dot = op.indexOf('.');
    const name = 'aten::' + (dot < 0 ? op : op.slice(0, dot));
    i = native.op(name, dot < 0 ? '' : op.slice(dot + 1));
    opIndex.set(op, i);
  }
  return i;
}

export function toDesc(r: number[]): Desc {
  const dtype = CODE_TO_DTYPE[r[1]];
  if (dtype === undefined) throw new Error(`torch backend: an ATen op returned an unsupported dtype (code ${r[1]})`);
  return { h: r[0], dtype, shape: r.slice(2), code: r[1] };
}

export class Exec {
  private temps: number[] = [];
  private kept = new Set<number>();

  constructor(readonly host: ExecHost) {}

  /** Native handle of a kernel input (owned by tfjs: never freed here). */
  in(t: TensorInfo): number {
    return this.host.handleOf(t);
  }

  /** Runs one ATen op returning a tensor; arguments follow the op's schema order. */
  run(op: string, args: unknown[]): Desc {
    const r = this.host.native.call(opId(this.host.native, op), args);
    if (!Array.isArray(r) || Array.isArray(r[0])) throw new Error(`aten::${op} did not return one tensor`);
    const d = toDesc(r as number[]);
    this.temps.push(d.h);
    return d;
  }

  /** Runs one ATen op returning several tensors (a tuple or a Tensor[]); outputs it skipped are null. */
  runMany(op: string, args: unknown[]): Desc[] {
    const r = this.host.native.call(opId(this.host.native, op), args);
    if (!Array.isArray(r)) throw new Error(`aten::${op} did not return tensors`);
    return (r as unknown[]).map((e) => {
      if (e === null) return null as unknown as Desc;
      const d = toDesc(e as number[]);
      this.temps.push(d.h);
      return d;
    });
  }

  /** Runs an ATen op returning a plain value (a number, a boolean). */
  value(op: string, args: unknown[]): unknown {
    return this.host.native.call(opId(this.host.native, op), args);
  }

  /** A new native tensor holding `values` (small constants: indices, weights). */
  constant(values: Float32Array | Int32Array | Uint8Array, shape: number[]): Desc {
    const code = values instanceof Float32Array ? 0 : values instanceof Int32Array ? 1 : 2;
    const d = toDesc(this.host.native.fromBuffer(values, shape, code));
    this.temps.push(d.h);
    return d;
  }

  /** Hands a native tensor to tfjs (it then owns it); `aux` handles are freed along with it. */
  out(d: Desc, aux: Desc[] = []): TensorInfo {
    if (WIDE_CODES.has(d.code)) d = this.run('to.dtype', [d.h, d.dtype === 'int32' ? SCALAR_TYPE.int32 : SCALAR_TYPE.float32]);
    this.kept.add(d.h);
    for (const a of aux) this.kept.add(a.h);
    return this.host.adopt(d, aux.map((a) => a.h));
  }

  /** Frees every temporary not handed to tfjs. */
  dispose(): void {
    for (const h of this.temps) if (!this.kept.has(h)) this.host.native.free(h);
    this.temps = [];
  }
}

/** Kernel inputs by name (optional ones, such as a fused bias, may be absent at run time). */
export type KernelInputs = Record<string, TensorInfo>;

export type TorchKernelFunc = (x: Exec, inputs: KernelInputs, attrs: NamedAttrMap) => Desc | Desc[] | TensorInfo | TensorInfo[];

function isDesc(v: unknown): v is Desc {
  return typeof (v as Desc).h === 'number' && (v as TensorInfo).dataId === undefined;
}

/** Per-kernel call counts and wall time, collected while `kernelProfile.enabled` (bench/torch_profile.ts). */
export const kernelProfile = { enabled: false, stats: new Map<string, { calls: number; ms: number }>() };

/** Wraps a kernel body into a tfjs KernelConfig for the torch backend. */
export function torchKernel(kernelName: string, body: TorchKernelFunc): KernelConfig {
  const kernelFunc = ((args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }) => {
    if (!kernelProfile.enabled) return run(args);
    const t0 = performance.now();
    try {
      return run(args);
    } finally {
      const st = kernelProfile.stats.get(kernelName) ?? { calls: 0, ms: 0 };
      st.calls++;
      st.ms += performance.now() - t0;
      kernelProfile.stats.set(kernelName, st);
    }
  }) as unknown as KernelFunc;
  const run = ({ inputs, backend, attrs }: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }) => {
    const x = new Exec(backend as ExecHost);
    try {
      const r = body(x, inputs as KernelInputs, attrs ?? {});
      if (Array.isArray(r)) return (r as (Desc | TensorInfo)[]).map((e) => (isDesc(e) ? x.out(e) : e));
      return isDesc(r) ? x.out(r) : r;
    } finally {
      x.dispose();
    }
  };
  return { kernelName, backendName: 'torch', kernelFunc };
}
