// Float64 linear algebra for the analyses, behind one interface: analysis code is handed a
// LinalgProvider (by default the one chosen here) and never names a backend. The engine chooses:
// libtorch's BLAS / LAPACK through the native addon when it is built (lib/native/linalg.ts), unless
// WHATWHERE_ANALYSIS_NATIVE=0; otherwise none, and analysis uses its plain-JS provider
// (lib/analysis/linalg.ts jsLinalg). Deliberately free of tfjs so analysis stays light to load.
import { nativeLinalg } from '../native/linalg.js';

/** Row-major float matrix (structurally lib/analysis/linalg.ts Real). */
export type LinalgReal = Float32Array | Float64Array;

export interface GramOptions {
  /** Column means subtracted from X before the product (centring the features centres the Gram). */
  means?: Float64Array;
  /** Multiplies the (centred) values first. */
  scale?: number;
  /** Called after each feature block with (features done, features in all). */
  onBlock?: (done: number, total: number) => void;
}

/** One term A_b B_b^T of a sum of products (A_b: rows x w, B_b: cols x w, float64 row-major). */
export interface ABtBlock {
  A: Float64Array;
  B: Float64Array;
  w: number;
}

export interface SymEigResult {
  /** Ascending, like LAPACK's eigh. */
  values: Float64Array;
  /** Row-major n x n, eigenvector j in column j. */
  vectors: Float64Array;
}

export interface LinalgProvider {
  /** Shown in logs and tests. */
  readonly name: string;
  /** K = Z Z^T (n x n float64) with Z = (X - means) * scale. */
  gram(X: LinalgReal, n: number, d: number, opts?: GramOptions): Float64Array;
  /** C = sum_b A_b B_b^T (rows x cols float64); B_b === A_b for a Gram. */
  sumABt(rows: number, cols: number, blocks: Iterable<ABtBlock>): Float64Array;
  /** Symmetric eigen-decomposition of A (n x n row-major, not modified). */
  symEig(A: Float64Array, n: number): SymEigResult;
}

/**
 * The accelerated provider for big products and eigen-decompositions, or undefined when there is
 * none (addon not built, or WHATWHERE_ANALYSIS_NATIVE=0): callers then use their JS kernels.
 * Read on every call so tests can switch the variable.
 */
export function acceleratedLinalg(): LinalgProvider | undefined {
  if (process.env.WHATWHERE_ANALYSIS_NATIVE === '0') return undefined;
  return nativeLinalg();
}
