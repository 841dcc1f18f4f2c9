// The native LinalgProvider (lib/engine/linalg.ts): float64 products and symmetric eigen-decompositions
// through libtorch (BLAS / LAPACK), the same class of library numpy calls, so large CKA / ridge Grams
// run at numpy's speed instead of our JS kernel's (~5 GFLOP/s).
// float64 values cross the addon boundary as float64 (fromBuffer code 5, toBuffer wide): every bit kept,
// and the arithmetic is float64 in libtorch.
import type { ABtBlock, GramOptions, LinalgProvider, LinalgReal, SymEigResult } from '../engine/linalg.js';
import { loadAddon, type TorchAddon } from './addon.js';
import { BUFFER_CODE, SCALAR_TYPE } from './dtypes.js';

interface Ops {
  a: TorchAddon;
  to: number;
  sub: number;
  t: number;
  mm: number;
  addmm: number;
  eigh: number;
  narrow: number;
  mulScalar: number;
}

const FLOAT64 = SCALAR_TYPE.float64;
const FLOAT64_CODE = BUFFER_CODE.float64;
const FLOAT32_CODE = BUFFER_CODE.float32;
/** Features per uploaded block: 2000 x 2048 float64 = 33 MB on the native side. */
const NATIVE_BLOCK = 2048;

let ops: Ops | null | undefined;

function getOps(): Ops | null {
  if (ops !== undefined) return ops;
  const a = loadAddon();
  if (typeof a === 'string') return (ops = null);
  try {
    ops = {
      a, to: a.op('aten::to', 'dtype'), sub: a.op('aten::sub', 'Tensor'),
      t: a.op('aten::t', ''), mm: a.op('aten::mm', ''), addmm: a.op('aten::addmm', ''),
      eigh: a.op('aten::linalg_eigh', ''), narrow: a.op('aten::narrow', ''),
      mulScalar: a.op('aten::mul', 'Scalar'),
    };
    // An addon built before float64 buffers existed refuses code 5: then analysis stays in JS.
    a.free((a.fromBuffer(new Float64Array(1), [1], FLOAT64_CODE) as number[])[0]);
  } catch {
    ops = null;
  }
  return ops;
}

/** The native provider, or undefined when the addon is not built or lacks an op we need. */
export function nativeLinalg(): LinalgProvider | undefined {
  const o = getOps();
  if (!o) return undefined;
  return {
    name: 'native',
    gram: (X, n, d, opts) => gram(o, X, n, d, opts),
    sumABt: (rows, cols, blocks) => sumABt(o, rows, cols, blocks),
    symEig: (A, n) => symEig(o, A, n),
  };
}

/** Native tensor handles created during one call, freed together at its end. */
class Handles {
  private readonly list: number[] = [];
  constructor(private readonly a: TorchAddon) {}
  /** Takes the handle of a tensor description the addon returned. */
  keep(desc: unknown): number {
    const h = (desc as number[])[0];
    this.list.push(h);
    return h;
  }
  /** Frees every kept handle except `spare`. */
  freeAll(spare?: number): void {
    for (const h of new Set(this.list.splice(0))) if (h !== spare) this.a.free(h);
    if (spare !== undefined) this.list.push(spare);
  }
}

// A float64 matrix (shape) -> a native float64 tensor.
function uploadFloat64(o: Ops, hs: Handles, M: Float64Array, shape: number[]): number {
  return hs.keep(o.a.fromBuffer(M, shape, FLOAT64_CODE));
}

// A native float64 tensor (`len` values) back to JS, every bit kept.
function downloadFloat64(o: Ops, h: number, len: number): Float64Array {
  const out = o.a.toBuffer(h, true);
  if (!(out instanceof Float64Array)) throw new Error(`native linalg: expected float64 values back, got ${out.constructor.name}`);
  if (out.length !== len) throw new Error(`native linalg: expected ${len} values back, got ${out.length}`);
  return out;
}

function sumABt(o: Ops, rows: number, cols: number, blocks: Iterable<ABtBlock>): Float64Array {
  const { a } = o;
  const hs = new Handles(a);
  let C: number | undefined;
  try {
    for (const { A, B, w } of blocks) {
      const hA = uploadFloat64(o, hs, A, [rows, w]);
      const hB = B === A ? hA : uploadFloat64(o, hs, B, [cols, w]);
      const hBt = hs.keep(a.call(o.t, [hB]));
      C = C === undefined ? hs.keep(a.call(o.mm, [hA, hBt])) : hs.keep(a.call(o.addmm, [C, hA, hBt, 1, 1]));
      hs.freeAll(C); // this block's uploads; the running sum stays
    }
    if (C === undefined) return new Float64Array(rows * cols);
    return downloadFloat64(o, C, rows * cols);
  } finally {
    hs.freeAll();
  }
}

/**
 * K = Z Z^T (n x n float64) with Z = (X - means) * scale.
 * Like BLAS syrk (which numpy uses for X @ X.T) only the lower block triangle is multiplied: rows are cut
 * into RB slices and the RB (RB + 1) / 2 products Z_r Z_s^T (s <= r) are accumulated, then mirrored.
 */
function gram(o: Ops, X: LinalgReal, n: number, d: number, opts: GramOptions = {}): Float64Array {
  const { a } = o;
  const scale = opts.scale ?? 1;
  const RB = n >= 1600 ? 8 : n >= 800 ? 4 : n >= 400 ? 2 : 1;
  const cuts = Array.from({ length: RB + 1 }, (_, i) => Math.round((i * n) / RB));
  const acc = new Map<string, number>(); // "r,s" -> accumulated float64 tile handle
  const h0 = (r: unknown): number => (r as number[])[0];
  const temps = new Handles(a); // per feature block
  const whole = new Handles(a); // for the whole call
  try {
    // Upload X once in its own precision (float32 stays half the size); each block is widened to float64.
    const hX = whole.keep(a.fromBuffer(X, [n, d], X instanceof Float32Array ? FLOAT32_CODE : FLOAT64_CODE));
    const hMeans = opts.means ? uploadFloat64(o, whole, opts.means, [d]) : undefined;
    for (let c0 = 0; c0 < d; c0 += NATIVE_BLOCK) {
      const c1 = Math.min(d, c0 + NATIVE_BLOCK);
      const w = c1 - c0;
      let Z = temps.keep(a.call(o.to, [temps.keep(a.call(o.narrow, [hX, 1, c0, w])), FLOAT64]));
      if (hMeans !== undefined) Z = temps.keep(a.call(o.sub, [Z, temps.keep(a.call(o.narrow, [hMeans, 0, c0, w])), 1]));
      if (scale !== 1) Z = temps.keep(a.call(o.mulScalar, [Z, scale]));
      const rowsOf = cuts.slice(0, RB).map((r0, r) => temps.keep(a.call(o.narrow, [Z, 0, r0, cuts[r + 1] - r0])));
      const rowsT = rowsOf.map((h) => temps.keep(a.call(o.t, [h])));
      for (let r = 0; r < RB; r++) {
        for (let q = 0; q <= r; q++) {
          const key = `${r},${q}`;
          const prev = acc.get(key);
          const next = prev === undefined ? h0(a.call(o.mm, [rowsOf[r], rowsT[q]])) : h0(a.call(o.addmm, [prev, rowsOf[r], rowsT[q], 1, 1]));
          acc.set(key, next);
          if (prev !== undefined) a.free(prev);
        }
      }
      temps.freeAll();
      opts.onBlock?.(c1, d);
    }
    const K = new Float64Array(n * n);
    for (const [key, h] of acc) {
      const [r, q] = key.split(',').map(Number);
      const tile = downloadFloat64(o, h, (cuts[r + 1] - cuts[r]) * (cuts[q + 1] - cuts[q]));
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
    temps.freeAll();
    for (const h of acc.values()) a.free(h);
    whole.freeAll();
  }
}

/**
 * Symmetric eigen-decomposition through LAPACK (torch.linalg.eigh, float64): eigenvalues ascending,
 * eigenvector j in column j of the row-major n x n result, like lib/analysis/linalg.ts symEig.
 */
function symEig(o: Ops, A: Float64Array, n: number): SymEigResult {
  const { a } = o;
  const hs = new Handles(a);
  try {
    const hA = uploadFloat64(o, hs, A, [n, n]);
    const r = a.call(o.eigh, [hA, 'L']) as number[][];
    const hVals = hs.keep(r[0]);
    const hVecs = hs.keep(r[1]);
    return { values: downloadFloat64(o, hVals, n), vectors: downloadFloat64(o, hVecs, n * n) };
  } finally {
    hs.freeAll();
  }
}
