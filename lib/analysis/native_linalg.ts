// Float64 products and symmetric eigen-decompositions through libtorch (BLAS / LAPACK) when the
// optional native addon (lib/native) is built:
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
  eigh: number;
  contiguous: number;
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
      eigh: a.op('aten::linalg_eigh', ''), contiguous: a.op('aten::contiguous', ''),
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
 * C = sum over blocks of A_b B_b^T (A_b: rows x w, B_b: cols x w, float64 row-major; B_b === A_b for a
 * Gram), accumulated in float64 by libtorch. Undefined when the addon is unavailable.
 */
export function sumABtNative(rows: number, cols: number, blocks: Iterable<{ A: Float64Array; B: Float64Array; w: number }>,
  onBlock?: () => void): Float64Array | undefined {
  const o = getOps();
  if (!o) return undefined;
  const { a } = o;
  const live: number[] = [];
  const keep = (r: unknown): number => {
    const h = (r as number[])[0];
    live.push(h);
    return h;
  };
  // float64 matrix -> native float64 tensor via exact hi + lo float32 halves.
  const upload = (M: Float64Array, r: number, w: number): number => {
    const hi = new Float32Array(M.length);
    const lo = new Float32Array(M.length);
    for (let i = 0; i < M.length; i++) {
      const h = Math.fround(M[i]);
      hi[i] = h;
      lo[i] = M[i] - h;
    }
    const hHi = keep(a.fromBuffer(hi, [r, w], 0));
    const hLo = keep(a.fromBuffer(lo, [r, w], 0));
    return keep(a.call(o.add, [keep(a.call(o.to, [hHi, FLOAT64])), keep(a.call(o.to, [hLo, FLOAT64])), 1]));
  };
  let C: number | undefined;
  try {
    for (const { A, B, w } of blocks) {
      const hA = upload(A, rows, w);
      const hB = B === A ? hA : upload(B, cols, w);
      const hBt = keep(a.call(o.t, [hB]));
      C = C === undefined ? keep(a.call(o.mm, [hA, hBt])) : keep(a.call(o.addmm, [C, hA, hBt, 1, 1]));
      for (const h of live.splice(0)) if (h !== C) a.free(h);
      live.push(C);
      onBlock?.();
    }
    if (C === undefined) return new Float64Array(rows * cols);
    const cHi = keep(a.call(o.to, [C, FLOAT32]));
    const cLo = keep(a.call(o.to, [keep(a.call(o.sub, [C, keep(a.call(o.to, [cHi, FLOAT64])), 1])), FLOAT32]));
    const H = a.toBuffer(cHi) as Float32Array;
    const L = a.toBuffer(cLo) as Float32Array;
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < out.length; i++) out[i] = H[i] + L[i];
    return out;
  } finally {
    for (const h of new Set(live)) a.free(h);
  }
}

/** K = Z Z^T (n x n float64) with Z = (X - means) * scale, or undefined when the addon is unavailable. */
export function gramNative(X: Real, n: number, d: number,
  opts: { means?: Float64Array; scale?: number; onBlock?: (done: number, total: number) => void } = {}): Float64Array | undefined {
  if (!getOps()) return undefined;
  const scale = opts.scale ?? 1;
  function* blocks(): Generator<{ A: Float64Array; B: Float64Array; w: number }> {
    for (let c0 = 0; c0 < d; c0 += NATIVE_BLOCK) {
      const c1 = Math.min(d, c0 + NATIVE_BLOCK);
      const w = c1 - c0;
      const Z = new Float64Array(n * w);
      for (let i = 0; i < n; i++) {
        const src = i * d + c0;
        for (let t = 0; t < w; t++) Z[i * w + t] = (X[src + t] - (opts.means ? opts.means[c0 + t] : 0)) * scale;
      }
      yield { A: Z, B: Z, w };
      opts.onBlock?.(c1, d);
    }
  }
  return sumABtNative(n, n, blocks());
}

/**
 * Symmetric eigen-decomposition through LAPACK (torch.linalg.eigh, float64): eigenvalues ascending,
 * eigenvector j in column j of the row-major n x n result, like linalg.ts symEig. Undefined when the
 * addon is unavailable.
 */
export function symEigNative(A: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } | undefined {
  const o = getOps();
  if (!o) return undefined;
  const { a } = o;
  const live: number[] = [];
  const keep = (h: number): number => {
    live.push(h);
    return h;
  };
  const download = (h: number, len: number): Float64Array => {
    const hi = keep((a.call(o.to, [h, FLOAT32]) as number[])[0]);
    const back = keep((a.call(o.to, [hi, FLOAT64]) as number[])[0]);
    const lo = keep((a.call(o.to, [keep((a.call(o.sub, [h, back, 1]) as number[])[0]), FLOAT32]) as number[])[0]);
    const H = a.toBuffer(hi) as Float32Array;
    const L = a.toBuffer(lo) as Float32Array;
    const out = new Float64Array(len);
    for (let i = 0; i < len; i++) out[i] = H[i] + L[i];
    return out;
  };
  try {
    const hi = new Float32Array(A.length);
    const lo = new Float32Array(A.length);
    for (let i = 0; i < A.length; i++) {
      const h = Math.fround(A[i]);
      hi[i] = h;
      lo[i] = A[i] - h;
    }
    const hHi = keep(a.fromBuffer(hi, [n, n], 0)[0]);
    const hLo = keep(a.fromBuffer(lo, [n, n], 0)[0]);
    const hA = keep((a.call(o.add, [keep((a.call(o.to, [hHi, FLOAT64]) as number[])[0]), keep((a.call(o.to, [hLo, FLOAT64]) as number[])[0]), 1]) as number[])[0]);
    const r = a.call(o.eigh, [hA, 'L']) as number[][];
    const hVals = keep(r[0][0]);
    const hVecs = keep(r[1][0]);
    const hVecsC = keep((a.call(o.contiguous, [hVecs, 0]) as number[])[0]);
    return { values: download(hVals, n), vectors: download(hVecsC, n * n) };
  } finally {
    for (const h of new Set(live)) a.free(h);
  }
}
