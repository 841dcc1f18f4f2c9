// PCA reduction for layer selection. Brain-Score's model-tools (activations/pca.py LayerPCA) fits
// PCA(n_components=1000) per layer and scores the projected activations while choosing layers;
// layers with at most 1000 features pass through. Here PCA is fit on the activations it reduces
// (Brain-Score fits it on 1000 ImageNet images, which whatwhere does not ship): say so in reports.
// With n stimuli <= k components the projection is only a rotation of the centred data, and PLS
// predictions do not change under rotation, so the activations pass through as well.

import { symEig } from '../analysis/linalg.js';

/** Symmetric eigen-decomposition (ascending eigenvalues, eigenvectors as columns): lib/analysis's. */
export const symmetricEigen = symEig;

/** Project rows of X (n x d) onto their top-k principal components (scores, n x k). Returns X
 * unchanged (as float64) when d <= k or n <= k. */
export function pcaReduce(X: ArrayLike<number>, n: number, d: number, k: number): { data: Float64Array; features: number; reduced: boolean } {
  if (d <= k || n <= k) return { data: Float64Array.from(X), features: d, reduced: false };
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) mean[c] += X[r * d + c];
  for (let c = 0; c < d; c++) mean[c] /= n;
  const Xc = new Float64Array(n * d);
  for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) Xc[r * d + c] = X[r * d + c] - mean[c];
  // Gram (n x n) of the centred rows; its eigenvectors scaled by sqrt(eigenvalue) are the scores.
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += Xc[i * d + c] * Xc[j * d + c];
      G[i * n + j] = s; G[j * n + i] = s;
    }
  }
  const { values, vectors } = symmetricEigen(G, n);
  const out = new Float64Array(n * k);
  for (let j = 0; j < k; j++) {
    const col = n - 1 - j; // descending
    const s = Math.sqrt(Math.max(values[col], 0));
    for (let r = 0; r < n; r++) out[r * k + j] = vectors[r * n + col] * s;
  }
  return { data: out, features: k, reduced: true };
}
