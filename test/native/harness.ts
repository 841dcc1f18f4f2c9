// Runs the same tfjs code on the cpu backend and on torch, and compares the results.
import * as tf from '@tensorflow/tfjs';
import { registerNow } from '../../lib/native/index.js';

export interface InputSpec {
  shape: number[];
  dtype?: 'float32' | 'int32' | 'bool';
  /** Value range for float inputs (uniform), or [0, n) for int32 inputs. */
  range?: [number, number];
  values?: number[];
}

export interface Output {
  shape: number[];
  dtype: string;
  values: Float32Array | Int32Array | Uint8Array;
}

/** mulberry32: a tiny seeded generator so that inputs are the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeValues(spec: InputSpec, rand: () => number): number[] {
  if (spec.values) return spec.values;
  const n = spec.shape.reduce((a, b) => a * b, 1);
  const [lo, hi] = spec.range ?? (spec.dtype === 'int32' ? [-5, 5] : [-2, 2]);
  return Array.from({ length: n }, () => {
    if (spec.dtype === 'bool') return rand() < 0.5 ? 1 : 0;
    if (spec.dtype === 'int32') return Math.floor(lo + rand() * (hi - lo));
    return lo + rand() * (hi - lo);
  });
}

export type Fn = (...ts: tf.Tensor[]) => tf.Tensor | tf.Tensor[];

/** Runs fn on `backend`; returns outputs as plain arrays and the kernels that ran. */
export async function runOn(backend: string, fn: Fn, inputs: InputSpec[], seed = 1): Promise<{ outs: Output[]; kernels: string[] }> {
  await tf.setBackend(backend);
  const rand = rng(seed);
  const values = inputs.map((s) => makeValues(s, rand));
  const ts = inputs.map((s, i) => tf.tensor(values[i], s.shape, s.dtype ?? 'float32'));
  const info = await tf.profile(() => {
    const r = fn(...ts);
    return Array.isArray(r) ? r : [r];
  });
  const res = info.result as tf.Tensor[];
  const outs = res.map((o) => ({ shape: o.shape, dtype: o.dtype, values: o.dataSync() as Output['values'] }));
  tf.dispose(res);
  tf.dispose(ts);
  return { outs, kernels: info.kernelNames };
}

/** Largest |a - b| / (atol + rtol |b|) over all elements (<= 1 passes); NaN positions must agree. */
export function mismatch(a: Output, b: Output, atol: number, rtol: number): string | undefined {
  if (a.shape.join() !== b.shape.join()) return `shape ${a.shape} vs ${b.shape}`;
  if (a.dtype !== b.dtype) return `dtype ${a.dtype} vs ${b.dtype}`;
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i];
    const y = b.values[i];
    if (Number.isNaN(y) || Number.isNaN(x)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) return `element ${i}: ${x} vs ${y}`;
      continue;
    }
    if (x === y) continue;
    if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) return `el ${i}: ${x.toPrecision(7)} vs ${y.toPrecision(7)}`;
  }
  return undefined;
}

export async function torchAvailable(): Promise<true | string> {
  return registerNow();
}
