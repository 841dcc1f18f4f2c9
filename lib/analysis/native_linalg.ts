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
  narrow: number;
  mulScalar: number;
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
      eigh: a.op('aten::linalg_eigh', ''), contiguous: a.op('aten::contiguous', ''), narrow: a.op('aten::narrow', ''),
      mulScalar: a.op('aten::mul', 'Scalar'),
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

/**
 * K = Z Z^T (n x n float64) with Z = (X - means) * scale, or undefined when the addon is unavailable.
 * Like BLAS syrk (which numpy uses for X @ X.T) only the lower block triangle is multiplied: rows are cut
 * into RB slices and the RB (RB + 1) / 2 products Z_r Z_s^T (s <= r) are accumulated, then mirrored.
 */
export function gramNative(X: Real, n: number, d: number,
  opts: { means?: Float64Array; scale?: number; onBlock?: (done: number, total: number) => void } = {}): Float64Array | undefined {
  const o = getOps();
  if (!o) return undefined;
  const { a } = o;
  const scale = opts.scale ?? 1;
  const RB = n >= 1600 ? 8 : n >= 800 ? 4 : n >= 400 ? 2 : 1;
  const cuts = Array.from({ length: RB + 1 }, (_, i) => Math.round((i * n) / RB));
  const acc = new Map<string, number>(); // "r,s" -> accumulated float64 tile handle
  const temps: number[] = [];
  const h0 = (r: unknown): number => (r as number[])[0];
  const tmp = (h: number): number => {
    temps.push(h);
    return h;
  };
  const whole: number[] = [];
  const keepWhole = (h: number): number => {
    whole.push(h);
    return h;
  };
  try {
    // Upload X once: float32 as is (exact); float64 as hi + lo float32 halves. Means likewise (as float64).
    const [xHi, xLo] = splitHiLo(X);
    const hXhi = keepWhole(h0(a.fromBuffer(xHi, [n, d], 0)));
    const hXlo = xLo ? keepWhole(h0(a.fromBuffer(xLo, [n, d], 0))) : undefined;
    let hMeans: number | undefined;
    if (opts.means) {
      const [mHi, mLo] = splitHiLo(opts.means);
      const m1 = keepWhole(h0(a.call(o.to, [keepWhole(h0(a.fromBuffer(mHi, [d], 0))), FLOAT64])));
      hMeans = mLo ? keepWhole(h0(a.call(o.add, [m1, keepWhole(h0(a.call(o.to, [keepWhole(h0(a.fromBuffer(mLo, [d], 0))), FLOAT64]))), 1]))) : m1;
    }
    for (let c0 = 0; c0 < d; c0 += NATIVE_BLOCK) {
      const c1 = Math.min(d, c0 + NATIVE_BLOCK);
      const w = c1 - c0;
      let Z = tmp(h0(a.call(o.to, [tmp(h0(a.call(o.narrow, [hXhi, 1, c0, w]))), FLOAT64])));
      if (hXlo !== undefined) Z = tmp(h0(a.call(o.add, [Z, tmp(h0(a.call(o.to, [tmp(h0(a.call(o.narrow, [hXlo, 1, c0, w]))), FLOAT64]))), 1])));
      if (hMeans !== undefined) Z = tmp(h0(a.call(o.sub, [Z, tmp(h0(a.call(o.narrow, [hMeans, 0, c0, w]))), 1])));
      if (scale !== 1) Z = tmp(h0(a.call(o.mulScalar, [Z, scale])));
      const rowsOf = cuts.slice(0, RB).map((r0, r) => tmp(h0(a.call(o.narrow, [Z, 0, r0, cuts[r + 1] - r0]))));
      const rowsT = rowsOf.map((h) => tmp(h0(a.call(o.t, [h]))));
      for (let r = 0; r < RB; r++) {
        for (let q = 0; q <= r; q++) {
          const key = `${r},${q}`;
          const prev = acc.get(key);
          const next = prev === undefined ? h0(a.call(o.mm, [rowsOf[r], rowsT[q]])) : h0(a.call(o.addmm, [prev, rowsOf[r], rowsT[q], 1, 1]));
          acc.set(key, next);
          if (prev !== undefined) a.free(prev);
        }
      }
      for (const h of temps.splice(0)) a.free(h);
      opts.onBlock?.(c1, d);
    }
    const K = new Float64Array(n * n);
    for (const [key, h] of acc) {
      const [r, q] = key.split(',').map(Number);
      const tile = download(o, h, (cuts[r + 1] - cuts[r]) * (cuts[q + 1] - cuts[q]));
      const wq = cuts[q + 1] - cuts[q];
      for (let i = cuts[r]; i < cuts[r + 1]; i++) {
        for (let j = cuts[q]; j < cuts[q + 1]; j++) {
          const v = tile[(i - cuts[r]) * wq + (j - cuts[q])];
          K[i * n + j] = v;
          K[j * n + i] = v;
        }
      }
    }
    return K;
  } finally {
    for (const h of temps) a.free(h);
    for (const h of acc.values()) a.free(h);
    for (const h of whole) a.free(h);
  }
}

// float64 values as exact float32 hi + lo halves (lo undefined when every value is already a float32).
function splitHiLo(X: Real): [Float32Array, Float32Array | undefined] {
  if (X instanceof Float32Array) return [X, undefined];
  const hi = new Float32Array(X.length);
  const lo = new Float32Array(X.length);
  let exact = true;
  for (let i = 0; i < X.length; i++) {
    const h = Math.fround(X[i]);
    hi[i] = h;
    lo[i] = X[i] - h;
    if (lo[i] !== 0) exact = false;
  }
  return [hi, exact ? undefined : lo];
}

// A native float64 tensor (contiguous, `len` values) back to JS as exact hi + lo float32 halves.
function download(o: Ops, h: number, len: number): Float64Array {
  const { a } = o;
  const hs: number[] = [];
  const k = (r: unknown): number => {
    const x = (r as number[])[0];
    hs.push(x);
    return x;
  };
  try {
    const c = k(a.call(o.contiguous, [h, 0]));
    const hi = k(a.call(o.to, [c, FLOAT32]));
    const lo = k(a.call(o.to, [k(a.call(o.sub, [c, k(a.call(o.to, [hi, FLOAT64])), 1])), FLOAT32]));
    const H = a.toBuffer(hi) as Float32Array;
    const L = a.toBuffer(lo) as Float32Array;
    const out = new Float64Array(len);
    for (let i = 0; i < len; i++) out[i] = H[i] + L[i];
    return out;
  } finally {
    for (const x of hs) a.free(x);
  }
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
