// Traces: the native calls a piece of tfjs code makes, recorded once and then replayed in one call,
// without tfjs's per-kernel bookkeeping (dispatch, tape, clones). Only backends that run every kernel
// as native calls can do this (torch: lib/native/backend.ts); elsewhere `startTrace` returns
// undefined and callers run their code as usual.
//
// A replay runs the same operators with the same constant arguments in the same order as the recording,
// so its results are bit-identical to running the code again, provided the code makes the same calls
// every time: no branch on tensor values (a value read back while recording makes the trace invalid)
// and nothing that changes between runs except the tensors passed as parameters. `Trace.sameAs` checks
// two recordings against each other; callers replay only once two agree.
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';

// ('invalid' in r) tells the two apart, also where strictNullChecks is off (tslab compiles notebooks so)
type TraceEnd = { id: number; instructions: number; captured: number; unreadParams: number[] } | { invalid: string };

/** What a backend offers for traces (duck-typed, so lib/engine does not import a backend). */
interface TracingBackend {
  traceBegin(): void;
  traceEnd(params: TensorInfo[], outputs: TensorInfo[]): TraceEnd;
  traceSame(a: number, b: number): string;
  traceRun(id: number, params: TensorInfo[]): TensorInfo[];
  traceDrop(id: number): void;
}

function tracingBackend(): TracingBackend | undefined {
  const b = tf.backend() as unknown as Partial<TracingBackend>;
  return typeof b.traceBegin === 'function' && typeof b.traceRun === 'function' ? (b as TracingBackend) : undefined;
}

/** Why traces cannot be recorded now (WHATWHERE_TRACE=0, or a backend without them); undefined when they can. */
function whyNoTrace(): string | undefined {
  if (process.env.WHATWHERE_TRACE === '0') return 'WHATWHERE_TRACE=0';
  return tracingBackend() ? undefined : `the ${tf.getBackend()} backend does not trace`;
}

/** Whether the active backend can record and replay traces (WHATWHERE_TRACE=0 turns them off). */
export function canTrace(): boolean {
  return whyNoTrace() === undefined;
}

/** A recorded sequence of native calls with numbered parameters and outputs. */
export class Trace {
  private dropped = false;

  constructor(private readonly backend: TracingBackend, readonly id: number, readonly instructions: number,
    readonly captured: number) {}

  /** The recorded calls on new parameters (same count, shapes and dtypes as recorded); new tensors out. */
  run(params: readonly tf.Tensor[]): tf.Tensor[] {
    if (this.dropped) throw new Error('trace: run after dispose');
    const engine = tf.engine();
    return this.backend.traceRun(this.id, params as tf.Tensor[]).map((info) => engine.makeTensorFromTensorInfo(info, this.backend as unknown as tf.KernelBackend));
  }

  /** '' when both traces make the same calls on the same constants; else the first difference. */
  sameAs(other: Trace): string {
    return this.backend.traceSame(this.id, other.id);
  }

  dispose(): void {
    if (!this.dropped) this.backend.traceDrop(this.id);
    this.dropped = true;
  }
}

/** A recording in progress: end it with the tensors that become parameters and outputs. */
export class Recording {
  private open = true;

  constructor(private readonly backend: TracingBackend) {
    backend.traceBegin();
  }

  /**
   * Stops recording. `params` are the tensors a replay takes anew (inputs, weights): every other tensor the
   * recorded calls read is captured as a constant. `outputs` are the tensors a replay returns, in order.
   * Returns the trace, or why it cannot be replayed.
   */
  end(params: readonly tf.Tensor[], outputs: readonly tf.Tensor[]): Trace | string {
    this.open = false;
    const r = this.backend.traceEnd(params as tf.Tensor[], outputs as tf.Tensor[]);
    if ('invalid' in r) return r.invalid;
    return new Trace(this.backend, r.id, r.instructions, r.captured);
  }

  /** Stops recording and discards it (the recorded code threw). */
  abort(): void {
    if (!this.open) return;
    this.open = false;
    const r = this.backend.traceEnd([], []);
    if (!('invalid' in r)) this.backend.traceDrop(r.id);
  }
}

/** Starts recording the active backend's native calls, or undefined where it cannot. */
export function startTrace(): Recording | undefined {
  return whyNoTrace() === undefined ? new Recording(tracingBackend()!) : undefined;
}

/** Per key: a recording waiting for its twin, the agreed trace, or why there is none. */
interface Replay<M> {
  pending?: Trace;
  trace?: Trace;
  /** What the recorded run said about its outputs (their layout), handed back with each replay. */
  meta?: M;
  off?: string;
}

/**
 * Replays a function of tensors: the first two calls of each key run it eagerly while recording; once both
 * recordings agree, later calls replay the trace. A key names everything that may change the calls
 * (shapes, which inputs, the backend); `params` are the tensors read anew each call. Where the backend cannot
 * trace, or a recording is refused, the function simply runs eagerly every time (`status` says why).
 */
export class ReplayCache<M = undefined> {
  private readonly byKey = new Map<string, Replay<M>>();

  run(key: string, params: readonly tf.Tensor[], fn: () => { outputs: tf.Tensor[]; meta: M }): { outputs: tf.Tensor[]; meta: M } {
    let s = this.byKey.get(key);
    if (!s) {
      s = {};
      this.byKey.set(key, s);
    }
    if (s.trace) return { outputs: s.trace.run(params), meta: s.meta as M };
    s.off ??= whyNoTrace();
    const rec = s.off ? undefined : startTrace();
    let r: { outputs: tf.Tensor[]; meta: M };
    try {
      r = fn();
    } catch (err) {
      rec?.abort();
      throw err;
    }
    if (rec) this.settle(s, rec.end(params, r.outputs), r.meta);
    return r;
  }

  private settle(s: Replay<M>, t: Trace | string, meta: M): void {
    if (typeof t === 'string') {
      s.off = t;
    } else if (!s.pending) {
      s.pending = t;
    } else {
      const why = s.pending.sameAs(t);
      s.pending.dispose();
      s.pending = undefined;
      if (why) {
        s.off = `two recordings differ: ${why}`;
        t.dispose();
      } else {
        s.trace = t;
        s.meta = meta;
      }
    }
  }

  /** One line per key: 'replayed (N calls)', 'recording', or 'eager (why)'. */
  status(): string[] {
    return [...this.byKey].map(([key, s]) =>
      `${key}: ${s.trace ? `replayed (${s.trace.instructions} calls)` : s.off ? `eager (${s.off})` : 'recording'}`);
  }

  dispose(): void {
    for (const s of this.byKey.values()) { s.pending?.dispose(); s.trace?.dispose(); }
    this.byKey.clear();
  }
}
