// The tfjs backend `torch`: tensor storage over libtorch. Each tfjs dataId maps to one native
// handle (plus optional auxiliary handles such as max-pool indices, freed with it). String
// tensors, which no ATen op takes, are kept as JS values so that tfjs utilities still work.
import * as tf from '@tensorflow/tfjs';
import type { BackendValues, DataId, DataType, TensorInfo } from '@tensorflow/tfjs';
import type { NativeTraceEnd, TorchAddon } from './addon.js';
import { dtypeCode } from './dtypes.js';
import type { Desc, ExecHost } from './exec.js';
import { toDesc } from './exec.js';

interface Entry {
  h: number; // 0 for string tensors
  dtype: DataType;
  shape: number[];
  refCount: number;
  aux?: number[];
  strings?: BackendValues;
}

function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function typedFor(dtype: DataType, n: number): Float32Array | Int32Array | Uint8Array {
  return dtype === 'float32' ? new Float32Array(n) : dtype === 'int32' ? new Int32Array(n) : new Uint8Array(n);
}

/** Converts whatever tfjs hands to write() into the typed array the addon copies from. */
function asTyped(values: BackendValues | null | undefined, dtype: DataType, n: number): Float32Array | Int32Array | Uint8Array {
  if (values == null) return typedFor(dtype, n);
  if (dtype === 'float32') return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
  if (dtype === 'int32') return values instanceof Int32Array ? values : Int32Array.from(values as ArrayLike<number>);
  if (values instanceof Uint8Array) return values;
  return Uint8Array.from(values as ArrayLike<number>, (v) => (v ? 1 : 0));
}

export class TorchBackend extends tf.KernelBackend implements ExecHost {
  private data = new WeakMap<DataId, Entry>();
  private count = 0;
  readonly version: string;

  constructor(readonly native: TorchAddon, readonly device: string) {
    super();
    this.version = native.version;
  }

  numThreads(): number {
    return this.native.getThreads();
  }

  private entry(dataId: DataId): Entry {
    const e = this.data.get(dataId);
    if (!e) throw new Error('torch backend: tensor data not found (disposed, or created on another backend)');
    return e;
  }

  handleOf(t: TensorInfo): number {
    const e = this.entry(t.dataId);
    if (e.h === 0) throw new Error(`torch backend: ${t.dtype} tensors cannot enter torch kernels`);
    return e.h;
  }

  adopt(d: Desc, aux: number[] = []): TensorInfo {
    const dataId = {};
    this.data.set(dataId, { h: d.h, dtype: d.dtype, shape: d.shape, refCount: 1, aux: aux.length ? aux : undefined });
    this.count++;
    return { dataId, shape: d.shape, dtype: d.dtype };
  }

  /** Auxiliary handles stored with a tensor by the kernel that produced it (e.g. pooling argmax). */
  auxOf(t: TensorInfo): number[] | undefined {
    return this.data.get(t.dataId)?.aux;
  }

  override write(values: BackendValues, shape: number[], dtype: DataType): DataId {
    const dataId = {};
    this.move(dataId, values, shape, dtype, 1);
    return dataId;
  }

  override move(dataId: DataId, values: BackendValues, shape: number[], dtype: DataType, refCount: number): void {
    if (dtype === 'string') {
      this.data.set(dataId, { h: 0, dtype, shape, refCount, strings: values });
    } else if (dtype === 'complex64') {
      throw new Error('torch backend: complex64 tensors are not supported');
    } else {
      const d = toDesc(this.native.fromBuffer(asTyped(values, dtype, sizeOf(shape)), shape, dtypeCode(dtype)));
      this.data.set(dataId, { h: d.h, dtype, shape, refCount });
    }
    this.count++;
  }

  makeTensorInfo(shape: number[], dtype: DataType, values?: BackendValues): TensorInfo {
    return { dataId: this.write(values as BackendValues, shape, dtype), shape, dtype };
  }

  override refCount(dataId: DataId): number {
    return this.data.get(dataId)?.refCount ?? 0;
  }

  override incRef(dataId: DataId): void {
    this.entry(dataId).refCount++;
  }

  decRef(dataId: DataId): void {
    const e = this.data.get(dataId);
    if (e) e.refCount--;
  }

  override readSync(dataId: DataId): BackendValues {
    const e = this.entry(dataId);
    if (e.h === 0) return e.strings as BackendValues;
    return this.native.toBuffer(e.h);
  }

  override async read(dataId: DataId): Promise<BackendValues> {
    return this.readSync(dataId);
  }

  bufferSync<R extends tf.Rank, D extends DataType>(t: TensorInfo): tf.TensorBuffer<R, D> {
    const values = this.readSync(t.dataId);
    if (t.dtype === 'string') {
      const strings = (values as Uint8Array[]).map((v) => tf.util.decodeString(v));
      return tf.buffer(t.shape, t.dtype, strings) as unknown as tf.TensorBuffer<R, D>;
    }
    return tf.buffer(t.shape, t.dtype, values as tf.TypedArray) as unknown as tf.TensorBuffer<R, D>;
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const e = this.data.get(dataId);
    if (!e) return true;
    e.refCount--;
    if (!force && e.refCount > 0) return false;
    if (e.h !== 0) this.native.free(e.h);
    for (const a of e.aux ?? []) this.native.free(a);
    this.data.delete(dataId);
    this.count--;
    return true;
  }

  disposeIntermediateTensorInfo(t: TensorInfo): void {
    this.disposeData(t.dataId);
  }

  override numDataIds(): number {
    return this.count;
  }

  override async time(f: () => void): Promise<tf.BackendTimingInfo> {
    const start = tf.util.now();
    f();
    this.native.synchronize();
    return { kernelMs: tf.util.now() - start };
  }

  override memory(): { unreliable: boolean; reasons?: string[] } {
    return { unreliable: true, reasons: [`${this.native.live()} native tensors alive`] };
  }

  /** tf.whereAsync / booleanMask call this directly rather than through a kernel. */
  where(condition: TensorInfo): tf.Tensor2D {
    const vals = this.readSync(condition.dataId) as tf.TypedArray;
    return tf.kernel_impls.whereImpl(condition.shape, vals);
  }

  override floatPrecision(): 16 | 32 {
    return 32;
  }

  override epsilon(): number {
    return 1e-7;
  }

  override timerAvailable(): boolean {
    return true;
  }

  // Traces (lib/engine/trace.ts): record the native calls a piece of tfjs code makes, replay them in one call.
  traceBegin(): void {
    this.native.traceBegin();
  }

  traceEnd(params: TensorInfo[], outputs: TensorInfo[]): NativeTraceEnd {
    return this.native.traceEnd(params.map((t) => this.handleOf(t)), outputs.map((t) => this.handleOf(t)));
  }

  traceSame(a: number, b: number): string {
    return this.native.traceSame(a, b);
  }

  traceRun(id: number, params: TensorInfo[]): TensorInfo[] {
    return this.native.traceRun(id, params.map((t) => this.handleOf(t))).map((d) => this.adopt(toDesc(d)));
  }

  traceDrop(id: number): void {
    this.native.traceDrop(id);
  }

  override dispose(): void {
    /* native tensors are freed per dataId; nothing global to release */
  }
}
