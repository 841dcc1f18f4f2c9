// Dense float64 linear algebra for the analyses: row-major n x d matrices as typed arrays.
// Measured on the 2-core dev machine: a register-blocked JS float64 kernel ran ~1.6x faster than
// tf.matMul on the wasm backend (float32, one thread) and keeps float64 accumulation, so products are
// plain JS; big Grams and eigen-decompositions go to the engine's accelerated LinalgProvider when it has one
// (libtorch's float64 BLAS / LAPACK when the native addon is built). Eigen-decomposition here: Householder
// tridiagonalisation + implicit QL (the EISPACK tred2/tql2 scheme), enough for the ridge GCV sizes (n or d
// up to a few thousand).

import { acceleratedLinalg, type ABtBlock, type GramOptions, type LinalgProvider } from '../engine/linalg.js';

export type { LinalgProvider } from '../engine/linalg.js';

export type Real = Float32Array | Float64Array;

/** Rows `idx` of a row-major matrix (d columns) as a new float64 matrix. */
export function takeRows(X: ArrayLike<number>, d: number, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length * d);
  for (let r = 0; r < idx.length; r++) {
    const src = idx[r]! * d;
    for (let j = 0; j < d; j++) out[r * d + j] = X[src + j]!;
  }
  return out;
}

/** Rows [r0, r1) x columns [c0, c1) of a row-major matrix, copied to a contiguous float64 block. */
export function copyBlock(X: Real, cols: number, r0: number, r1: number, c0: number, c1: number): Float64Array {
  const w = c1 - c0;
  const out = new Float64Array((r1 - r0) * w);
  for (let i = r0; i < r1; i++) {
    const src = i * cols + c0;
    const dst = (i - r0) * w;
    for (let k = 0; k < w; k++) out[dst + k] = X[src + k];
  }
  return out;
}

/**
 * C[i, j] += sum_k A[i, k] * B[j, k] for A (ra x k) and B (rb x k) row-major float64 blocks; C is ra x rb
 * with row stride ldc. With `lower`, A === B and only j <= i (+ the 4x2 tile overhang) is computed.
 * 4x2 register tile: 8 accumulators per 6 loads, the best ratio V8 kept in registers in our trials.
 */
export function addABt(A: Float64Array, ra: number, B: Float64Array, rb: number, k: number,
  C: Float64Array, ldc: number, lower = false): void {
  for (let i = 0; i < ra; i += 4) {
    const n1 = i + 1 < ra, n2 = i + 2 < ra, n3 = i + 3 < ra;
    const a0 = i * k;
    const a1 = (n1 ? i + 1 : i) * k;
    const a2 = (n2 ? i + 2 : i) * k;
    const a3 = (n3 ? i + 3 : i) * k;
    const jEnd = lower ? Math.min(rb, i + 4) : rb;
    for (let j = 0; j < jEnd; j += 2) {
      const m1 = j + 1 < jEnd;
      const b0 = j * k;
      const b1 = (m1 ? j + 1 : j) * k;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let t = 0; t < k; t++) {
        const x0 = B[b0 + t];
        const x1 = B[b1 + t];
        const y0 = A[a0 + t];
        const y1 = A[a1 + t];
        const y2 = A[a2 + t];
        const y3 = A[a3 + t];
        s00 += y0 * x0; s01 += y0 * x1;
        s10 += y1 * x0; s11 += y1 * x1;
        s20 += y2 * x0; s21 += y2 * x1;
        s30 += y3 * x0; s31 += y3 * x1;
      }
      const c0 = i * ldc + j;
      C[c0] += s00;
      if (m1) C[c0 + 1] += s01;
      if (n1) { C[c0 + ldc] += s10; if (m1) C[c0 + ldc + 1] += s11; }
      if (n2) { C[c0 + 2 * ldc] += s20; if (m1) C[c0 + 2 * ldc + 1] += s21; }
      if (n3) { C[c0 + 3 * ldc] += s30; if (m1) C[c0 + 3 * ldc + 1] += s31; }
    }
  }
}

/**
 * Above this many multiply-adds (n^2 d) the Gram goes to the linear-algebra provider (libtorch's float64
 * BLAS when the native addon is built: same precision, numpy's speed). Below it, plain JS.
 */
export const NATIVE_MIN_WORK = 2e8;
/** Matrix size from which symEig goes to the provider (LAPACK when the native addon is built). */
export const NATIVE_MIN_EIG = 200;

/** The plain-JS provider: the float64 kernels of this module. */
export const jsLinalg: LinalgProvider = { name: 'js', gram: gramJs, sumABt: sumABtJs, symEig: symEigJs };

/** The provider analysis uses unless handed one: the engine's accelerated one when it has one, else plain JS. */
export function defaultLinalg(): LinalgProvider {
  return acceleratedLinalg() ?? jsLinalg;
}

/** Feature-block width for streaming: a 2000 x 256 float64 block is 4 MB, near the L2/L3 sweet spot we measured. */
export const FEATURE_BLOCK = 256;

/**
 * Gram matrix K = X X^T (n x n, float64) of a row-major n x d matrix, streamed over feature blocks so
 * float32 activations are never copied whole to float64. Optional column means are subtracted per block
 * (centring the features centres the Gram exactly, without an n x n centring matrix) and an optional
 * scale multiplies the values first (callers use 1/max|x| to keep squares away from under/overflow).
 */
export function gram(X: Real, n: number, d: number, opts: GramOptions & { linalg?: LinalgProvider } = {}): Float64Array {
  const provider = n * n * d >= NATIVE_MIN_WORK ? opts.linalg ?? defaultLinalg() : jsLinalg;
  return provider.gram(X, n, d, opts);
}

function gramJs(X: Real, n: number, d: number, opts: GramOptions = {}): Float64Array {
  const K = new Float64Array(n * n);
  const scale = opts.scale ?? 1;
  for (let c0 = 0; c0 < d; c0 += FEATURE_BLOCK) {
    const c1 = Math.min(d, c0 + FEATURE_BLOCK);
    const w = c1 - c0;
    const blk = copyBlock(X, d, 0, n, c0, c1);
    const means = opts.means;
    if (means || scale !== 1) {
      for (let i = 0; i < n; i++) {
        for (let t = 0; t < w; t++) blk[i * w + t] = (blk[i * w + t] - (means ? means[c0 + t] : 0)) * scale;
      }
    }
    addABt(blk, n, blk, n, w, K, n, true);
    opts.onBlock?.(c1, d);
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) K[i * n + j] = K[j * n + i];
  return K;
}

/** C = sum_b A_b B_b^T in plain JS (rows x cols float64). */
function sumABtJs(rows: number, cols: number, blocks: Iterable<ABtBlock>): Float64Array {
  const out = new Float64Array(rows * cols);
  for (const b of blocks) addABt(b.A, rows, b.B, cols, b.w, out, cols);
  return out;
}

/** Largest |x| (0 for an all-zero matrix). */
export function maxAbs(X: Real): number {
  let m = 0;
  for (let i = 0; i < X.length; i++) {
    const a = Math.abs(X[i]);
    if (a > m) m = a;
  }
  return m;
}

/** Column means of a row-major n x d matrix (float64 sums). */
export function columnMeans(X: Real, n: number, d: number): Float64Array {
  const m = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) m[j] += X[o + j];
  }
  for (let j = 0; j < d; j++) m[j] /= n;
  return m;
}

/** Column-centred (and optionally scaled) copy as float64. */
export function centerColumns(X: Real, n: number, d: number, scale = 1): { Xc: Float64Array; means: Float64Array } {
  const means = columnMeans(X, n, d);
  const Xc = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) Xc[o + j] = (X[o + j] - means[j]) * scale;
  }
  return { Xc, means };
}

/** Transpose of a row-major r x c matrix into float64 (c x r). */
export function transpose(X: Real, r: number, c: number): Float64Array {
  const T = new Float64Array(r * c);
  const B = 32;
  for (let i0 = 0; i0 < r; i0 += B) {
    for (let j0 = 0; j0 < c; j0 += B) {
      const i1 = Math.min(r, i0 + B), j1 = Math.min(c, j0 + B);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) T[j * r + i] = X[i * c + j];
    }
  }
  return T;
}

/** y = X v for row-major X (n x d). */
export function matVec(X: Real, n: number, d: number, v: Float64Array, out = new Float64Array(n)): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * d;
    for (let j = 0; j < d; j++) s += X[o + j] * v[j];
    out[i] = s;
  }
  return out;
}

/** y = X^T v for row-major X (n x d). */
export function matTVec(X: Real, n: number, d: number, v: Float64Array, out = new Float64Array(d)): Float64Array {
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const vi = v[i];
    if (vi === 0) continue;
    const o = i * d;
    for (let j = 0; j < d; j++) out[j] += X[o + j] * vi;
  }
  return out;
}

/**
 * Symmetric eigen-decomposition A = V diag(w) V^T (A n x n row-major, not modified). Eigenvalues
 * ascending like LAPACK's eigh; V is row-major with eigenvector j in column j.
 */
export function symEig(A: Float64Array, n: number, linalg?: LinalgProvider): { values: Float64Array; vectors: Float64Array } {
  // The provider (LAPACK when the native addon is built) for big matrices (n = 1600 for the paper's ridge folds).
  const provider = n >= NATIVE_MIN_EIG ? linalg ?? defaultLinalg() : jsLinalg;
  return provider.symEig(A, n);
}

function symEigJs(A: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const V = Float64Array.from(A);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalize(V, n, d, e);
  tridiagonalQL(V, n, d, e);
  // V now holds eigenvectors as rows (V^T); sort ascending and transpose to columns.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a] - d[b]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const src = order[j];
    values[j] = d[src];
    for (let i = 0; i < n; i++) vectors[i * n + j] = V[src * n + i];
  }
  return { values, vectors };
}

// Householder reduction to tridiagonal form (EISPACK tred2). The classic algorithm indexes V[a][b]; here
// V[a][b] lives at Z[b * n + a] (Z = V^T, valid because A is symmetric), which makes every inner loop
// contiguous. On return row j of Z is basis vector j, d is the diagonal and e[1..n-1] the sub-diagonal.
function tridiagonalize(Z: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let j = 0; j < n; j++) d[j] = Z[j * n + n - 1];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = Z[j * n + i - 1];
        Z[j * n + i] = 0;
        Z[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        Z[i * n + j] = f;
        const rowj = j * n;
        g = e[j] + Z[rowj + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          const z = Z[rowj + k];
          g += z * d[k];
          e[k] += z * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        const rowj = j * n;
        for (let k = j; k <= i - 1; k++) Z[rowj + k] -= f * e[k] + g * d[k];
        d[j] = Z[rowj + i - 1];
        Z[rowj + i] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    Z[i * n + n - 1] = Z[i * n + i];
    Z[i * n + i] = 1;
    const h = d[i + 1];
    const rowi1 = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = Z[rowi1 + k] / h;
      for (let j = 0; j <= i; j++) {
        const rowj = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += Z[rowi1 + k] * Z[rowj + k];
        for (let k = 0; k <= i; k++) Z[rowj + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) Z[rowi1 + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = Z[j * n + n - 1];
    Z[j * n + n - 1] = 0;
  }
  Z[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

// Implicit QL with Wilkinson-type shifts on the tridiagonal (d, e) (EISPACK tql2); rotations are
// applied to the rows of Z, which hold the basis vectors.
function tridiagonalQL(Z: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new Error('symEig: QL iteration did not converge');
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1, c2 = c, c3 = c;
        const el1 = e[l + 1];
        let s = 0, s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          const ri = i * n, ri1 = (i + 1) * n;
          for (let k = 0; k < n; k++) {
            const zk1 = Z[ri1 + k];
            const zk = Z[ri + k];
            Z[ri1 + k] = s * zk + c * zk1;
            Z[ri + k] = c * zk - s * zk1;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}

/** Solve A x = b for symmetric positive definite A (n x n) by Cholesky; A is not modified. */
export function choleskySolve(A: Float64Array, n: number, b: Float64Array): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = A[ri + j];
      for (let k = 0; k < j; k++) s -= L[ri + k] * L[rj + k];
      if (i === j) {
        if (!(s > 0)) throw new Error('choleskySolve: matrix is not positive definite');
        L[ri + i] = Math.sqrt(s);
      } else {
        L[ri + j] = s / L[rj + j];
      }
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * y[k];
    y[i] = s / L[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return x;
}
