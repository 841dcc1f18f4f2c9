// Float64 Gram products through libtorch's BLAS when the optional native addon (lib/native) is built:
// the same class of library numpy calls, so large CKA/ridge Grams run at numpy's speed instead of our
// JS kernel's (~5 GFLOP/s). The addon moves only float32 buffers, so float64 values cross as exact
// hi + lo float32 pairs (error <= 2^-48 relative) and the product itself is float64 in libtorch.
// Returns undefined when the addon is missing or WHATWHERE_ANALYSIS_NATIVE=0; callers fall back to JS.
import { loadAddon, type TorchAddon } from '../native/addon.js';
import { type Real } from './linalg.js';

interface Ops {
  a: TorchAddon;
  to: number;
  add: number;
  sub: number;
  t: number;
  mm: number;
  addmm: number;
}

let ops: Ops | null | undefined;

function getOps(): Ops | null {
  if (process.env.WHATWHERE_ANALYSIS_NATIVE === '0') return null;
  if (ops !== undefined) return ops;
  const a = loadAddon();
  if (typeof a === 'string') {
    ops = null;
    return ops;
  }
  try {
    ops = {
      a, to: a.op('aten::to', 'dtype'), add: a.op('aten::add', 'Tensor'), sub: a.op('aten::sub', 'Tensor'),
      t: a.op('aten::t', ''), mm: a.op('aten::mm', ''), addmm: a.op('aten::addmm', ''),
    };
  } catch {
    ops = null;
  }
  return ops;
}

/** True when the native float64 path can run. */
export function nativeGramAvailable(): boolean {
  return getOps() !== null;
}

const FLOAT32 = 6;
const FLOAT64 = 7;
/** Features per uploaded block: 2000 x 2048 float64 = 33 MB on the native side. */
const NATIVE_BLOCK = 2048;

/**
 * K = Z Z^T (n x n float64) with Z = (X - means) * scale, or undefined when the addon is unavailable.
 */
export function gramNative(X: Real, n: number, d: number,
  opts: { means?: Float64Array; scale?: number; onBlock?: (done: number, total: number) => void } = {}): Float64Array | undefined {
  const o = getOps();
  if (!o) return undefined;
  const { a } = o;
  const live: number[] = [];
  const keep = (r: unknown): number => {
    const h = (r as number[])[0];
    live.push(h);
    return h;
  };
  const scale = opts.scale ?? 1;
  let K: number | undefined;
  try {
    for (let c0 = 0; c0 < d; c0 += NATIVE_BLOCK) {
      const c1 = Math.min(d, c0 + NATIVE_BLOCK);
      const w = c1 - c0;
      const hi = new Float32Array(n * w);
      const lo = new Float32Array(n * w);
      for (let i = 0; i < n; i++) {
        const src = i * d + c0;
        for (let t = 0; t < w; t++) {
          const v = (X[src + t] - (opts.means ? opts.means[c0 + t] : 0)) * scale;
          const h = Math.fround(v);
          hi[i * w + t] = h;
          lo[i * w + t] = v - h;
        }
      }
      const hHi = keep(a.fromBuffer(hi, [n, w], 0));
      const hLo = keep(a.fromBuffer(lo, [n, w], 0));
      const B = keep(a.call(o.add, [keep(a.call(o.to, [hHi, FLOAT64])), keep(a.call(o.to, [hLo, FLOAT64])), 1]));
      const Bt = keep(a.call(o.t, [B]));
      K = K === undefined ? keep(a.call(o.mm, [B, Bt])) : keep(a.call(o.addmm, [K, B, Bt, 1, 1]));
      // Free this block's temporaries (everything but the running K).
      for (const h of live.splice(0)) if (h !== K) a.free(h);
      live.push(K);
      opts.onBlock?.(c1, d);
    }
    if (K === undefined) return new Float64Array(n * n);
    const kHi = keep(a.call(o.to, [K, FLOAT32]));
    const kLo = keep(a.call(o.to, [keep(a.call(o.sub, [K, keep(a.call(o.to, [kHi, FLOAT64])), 1])), FLOAT32]));
    const H = a.toBuffer(kHi) as Float32Array;
    const L = a.toBuffer(kLo) as Float32Array;
    const out = new Float64Array(n * n);
    for (let i = 0; i < out.length; i++) out[i] = H[i] + L[i];
    return out;
  } finally {
    for (const h of new Set(live)) a.free(h);
  }
}
