// Dimension reduction before decoding (Appendix E): if a layer has more features than the
// Johnson-Lindenstrauss minimum for n samples, project it with a seeded Gaussian random matrix
// (entries N(0, 1/k), like sklearn's GaussianRandomProjection) to exactly that many dimensions.
import type { OnProgress } from '../progress.js';
import { copyBlock, defaultLinalg, FEATURE_BLOCK, jsLinalg, type LinalgProvider, type Real } from './linalg.js';
import { analysisRandom } from '../random/index.js';

/** The paper's distortion: eps = 0.1 gives 6515 dimensions for 2000 images. */
export const JL_EPS = 0.1;

/** sklearn.random_projection.johnson_lindenstrauss_min_dim: floor(4 ln n / (eps^2/2 - eps^3/3)). */
export function jlMinDim(nSamples: number, eps = JL_EPS): number {
  if (!(nSamples > 0)) throw new Error(`jlMinDim: nSamples must be positive, got ${nSamples}`);
  if (!(eps > 0 && eps < 1)) throw new Error(`jlMinDim: eps must be in (0, 1), got ${eps}`);
  return Math.floor((4 * Math.log(nSamples)) / (eps ** 2 / 2 - eps ** 3 / 3));
}

export interface ProjectOptions {
  /** Who multiplies big products (default: the engine's choice). */
  linalg?: LinalgProvider;
  /** Told after each block of input features (task 'projection'); nothing is printed here. */
  onProgress?: OnProgress;
}

/**
 * X (n x d) times a seeded Gaussian matrix R^T (d x k), entries N(0, 1/k). R is generated block by block
 * of FEATURE_BLOCK input features (never held whole: 16384 x 6515 would be 850 MB), so the same
 * (seed, d, k) always gives the same matrix.
 */
export function gaussianProject(X: Real, n: number, d: number, k: number, seed: number, opts: ProjectOptions = {}): Float64Array {
  // The same (seed, block) stream of normals on both paths, so native and JS results agree.
  function* blocks(): Generator<{ A: Float64Array; B: Float64Array; w: number; c1: number }> {
    const rng = analysisRandom(seed);
    const sd = 1 / Math.sqrt(k);
    for (let c0 = 0; c0 < d; c0 += FEATURE_BLOCK) {
      const c1 = Math.min(d, c0 + FEATURE_BLOCK);
      const w = c1 - c0;
      const R = new Float64Array(k * w); // rows: output components, columns: this block's input features
      for (let i = 0; i < R.length; i++) R[i] = rng.normal() * sd;
      yield { A: copyBlock(X, d, 0, n, c0, c1), B: R, w, c1 };
      opts.onProgress?.({ task: 'projection', done: c1, total: d, unit: 'input features' });
    }
  }
  // Big products (2000 x 16384 x 6515) go to the provider (libtorch's float64 BLAS when the native addon is built).
  const provider = n * d * k >= 2e8 ? opts.linalg ?? defaultLinalg() : jsLinalg;
  return provider.sumABt(n, k, blocks());
}

/** Project only when features exceed the JL dimension for these n samples; otherwise return X as is. */
export function reduceForDecoding(X: Real, n: number, d: number, seed: number, eps = JL_EPS, opts: ProjectOptions = {}): { data: Real; cols: number; projected: boolean } {
  const k = jlMinDim(n, eps);
  if (d <= k) return { data: X, cols: d, projected: false };
  return { data: gaussianProject(X, n, d, k, seed, opts), cols: k, projected: true };
}
