// PCA reduction for layer selection. Brain-Score's model-tools (activations/pca.py LayerPCA) fits
// PCA(n_components=1000) per layer and scores the projected activations while choosing layers;
// layers with at most 1000 features pass through. Here PCA is fit on the activations it reduces
// (Brain-Score fits it on 1000 ImageNet images, which whatwhere does not ship): say so in reports.
// With n stimuli <= k components the projection is only a rotation of the centred data, and PLS
// predictions do not change under rotation, so the activations pass through as well.

/** Symmetric eigen-decomposition (Householder tridiagonalisation + implicit QL, the classic
 * EISPACK tred2/tql2). A is n x n row-major; returns eigenvalues ascending and eigenvectors as
 * columns of V (row-major n x n). */
export function symmetricEigen(A: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  // Vt holds V transposed (Vt[j * n + i] = V[i][j]) so the O(n^3) inner loops, which run down a
  // column of V, read contiguous memory.
  const Vt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Vt[j * n + i] = A[i * n + j];
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) d[j] = Vt[(j) * n + (n - 1)];
  // tred2
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) { d[j] = Vt[(j) * n + (i - 1)]; Vt[(j) * n + (i)] = 0; Vt[(i) * n + (j)] = 0; }
    } else {
      for (let k = 0; k < i; k++) { d[k] /= scale; h += d[k] * d[k]; }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        Vt[(i) * n + (j)] = f;
        g = e[j] + Vt[(j) * n + (j)] * f;
        for (let k = j + 1; k <= i - 1; k++) { g += Vt[(j) * n + (k)] * d[k]; e[k] += Vt[(j) * n + (k)] * f; }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) { e[j] /= h; f += e[j] * d[j]; }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j]; g = e[j];
        for (let k = j; k <= i - 1; k++) Vt[(j) * n + (k)] -= f * e[k] + g * d[k];
        d[j] = Vt[(j) * n + (i - 1)];
        Vt[(j) * n + (i)] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    Vt[(i) * n + (n - 1)] = Vt[(i) * n + (i)];
    Vt[(i) * n + (i)] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = Vt[(i + 1) * n + (k)] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += Vt[(i + 1) * n + (k)] * Vt[(j) * n + (k)];
        for (let k = 0; k <= i; k++) Vt[(j) * n + (k)] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) Vt[(i + 1) * n + (k)] = 0;
  }
  for (let j = 0; j < n; j++) { d[j] = Vt[(j) * n + (n - 1)]; Vt[(j) * n + (n - 1)] = 0; }
  Vt[(n - 1) * n + (n - 1)] = 1;
  e[0] = 0;
  // tql2
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) { if (Math.abs(e[m]) <= eps * tst1) break; m++; }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new Error('symmetricEigen: QL iteration did not converge');
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
          c3 = c2; c2 = c; s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          for (let k = 0; k < n; k++) {
            h = Vt[(i + 1) * n + (k)];
            Vt[(i + 1) * n + (k)] = s * Vt[(i) * n + (k)] + c * h;
            Vt[(i) * n + (k)] = c * Vt[(i) * n + (k)] - s * h;
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
  // sort ascending
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a] - d[b]);
  const values = Float64Array.from(order, (i) => d[i]);
  const vectors = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) vectors[r * n + c] = Vt[order[c] * n + r];
  return { values, vectors };
}

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
