import { describe, expect, it } from 'vitest';
import { columnMeans, defaultLinalg, gram, jsLinalg, NATIVE_MIN_WORK } from '../../lib/analysis/linalg.js';
import { analysisRandom } from '../../lib/random/index.js';
import { acceleratedLinalg } from '../../lib/engine/linalg.js';
import { loadAddon } from '../../lib/native/addon.js';

// The engine's accelerated provider (libtorch through the native addon) when it is built.
const native = acceleratedLinalg();

describe('linear-algebra provider choice', () => {
  it('WHATWHERE_ANALYSIS_NATIVE=0 leaves analysis on the plain-JS provider', () => {
    process.env.WHATWHERE_ANALYSIS_NATIVE = '0';
    try {
      expect(acceleratedLinalg()).toBeUndefined();
      expect(defaultLinalg()).toBe(jsLinalg);
    } finally {
      delete process.env.WHATWHERE_ANALYSIS_NATIVE;
    }
    expect(defaultLinalg().name).toBe(native ? 'native' : 'js');
  });

  it('gram hands big products to the provider it is given and keeps small ones in JS', () => {
    const calls: string[] = [];
    const spy = { ...jsLinalg, name: 'spy', gram: (...a: Parameters<typeof jsLinalg.gram>) => { calls.push('gram'); return jsLinalg.gram(...a); } };
    const X = new Float64Array(4 * 3).fill(1);
    gram(X, 4, 3, { linalg: spy });
    expect(calls).toEqual([]);
    const n = 100, d = Math.ceil(NATIVE_MIN_WORK / (n * n));
    const Y = new Float32Array(n * d);
    for (let i = 0; i < Y.length; i++) Y[i] = (i % 7) - 3;
    expect(gram(Y, n, d, { linalg: spy })).toEqual(jsLinalg.gram(Y, n, d));
    expect(calls).toEqual(['gram']);
  });
});

describe('float64 across the addon boundary', () => {
  it.skipIf(!native)('fromBuffer code 5 and toBuffer(wide) keep every bit; plain toBuffer narrows to float32 as tfjs holds it', () => {
    const a = loadAddon();
    if (typeof a === 'string') throw new Error(a);
    const rng = analysisRandom(3);
    const X = new Float64Array(500);
    for (let i = 0; i < X.length; i++) X[i] = rng.normal() * 10 ** ((i % 40) - 20);
    X.set([0, -0, 1 / 3, Number.MIN_VALUE, 1e300], 0);
    const h = (a.fromBuffer(X, [X.length], 5) as number[])[0]!;
    try {
      const wide = a.toBuffer(h, true);
      expect(wide).toBeInstanceOf(Float64Array);
      expect(Array.from(wide)).toEqual(Array.from(X));
      const narrow = a.toBuffer(h);
      expect(narrow).toBeInstanceOf(Float32Array);
      expect(narrow[2]).toBe(Math.fround(1 / 3));
    } finally {
      a.free(h);
    }
  });
});

describe('Gram products', () => {
  const rng = analysisRandom(8);
  const n = 60, d = 2500;
  const X = new Float32Array(n * d);
  for (let i = 0; i < X.length; i++) X[i] = Math.max(0, rng.normal() + 0.3) * 7;
  const means = columnMeans(X, n, d);

  it('JS streamed Gram equals a direct double loop', () => {
    const K = gram(X, 7, d, { means: columnMeans(X, 7, d) });
    const m7 = columnMeans(X, 7, d);
    for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (X[i * d + t] - m7[t]) * (X[j * d + t] - m7[t]);
      expect(K[i * 7 + j]).toBeCloseTo(s, 8);
    }
  });

  it.skipIf(!native)('native float64 Gram (libtorch) equals the JS Gram to 1e-13 relative', () => {
    const a = native!.gram(X, n, d, { means, scale: 0.5 });
    const b = gram(X, n, d, { means, scale: 0.5 }); // small n^2 d: the JS kernel
    let num = 0, den = 0;
    for (let i = 0; i < a.length; i++) {
      num = Math.max(num, Math.abs(a[i] - b[i]));
      den = Math.max(den, Math.abs(b[i]));
    }
    expect(num / den).toBeLessThan(1e-13);
  });
});

describe('native float64 inputs (no float32 rounding on the way in or out)', () => {
  it.skipIf(!native)('Gram of float64 X with means, and a sum of A B^T blocks, equal the JS results to 1e-13', () => {
    const rng = analysisRandom(12);
    const n = 40, d = 300;
    const X = new Float64Array(n * d);
    for (let i = 0; i < X.length; i++) X[i] = rng.normal() / 3; // not float32-representable
    const means = columnMeans(X, n, d);
    const close = (a: Float64Array, b: Float64Array) => {
      let num = 0, den = 0;
      for (let i = 0; i < a.length; i++) { num = Math.max(num, Math.abs(a[i] - b[i])); den = Math.max(den, Math.abs(b[i])); }
      return num / den;
    };
    expect(close(native!.gram(X, n, d, { means }), jsLinalg.gram(X, n, d, { means }))).toBeLessThan(1e-13);
    const A = X.subarray(0, 10 * d), B = X.subarray(10 * d, 30 * d);
    const blocks = [{ A: Float64Array.from(A), B: Float64Array.from(B), w: d }];
    expect(close(native!.sumABt(10, 20, blocks), jsLinalg.sumABt(10, 20, blocks))).toBeLessThan(1e-13);
  });
});

describe('native Gram row tiling (syrk-like lower block triangle)', () => {
  it.skipIf(!native)('2, 4 and 8 row slices reassemble the full symmetric Gram exactly', () => {
    const rng = analysisRandom(9);
    for (const [n, F] of [[450, Float64Array], [1250, Float32Array], [1700, Float32Array]] as const) {
      const d = n > 1500 ? 300 : 2100; // two feature blocks (one for the 8-slice case, to keep the JS reference fast)
      const X = new F(n * d);
      for (let i = 0; i < X.length; i++) X[i] = rng.normal();
      const m = columnMeans(X, n, d);
      const a = native!.gram(X, n, d, { means: m, scale: 0.3 });
      const b = jsLinalg.gram(X, n, d, { means: m, scale: 0.3 });
      let num = 0, den = 0;
      for (let i = 0; i < a.length; i++) {
        num = Math.max(num, Math.abs(a[i] - b[i]));
        den = Math.max(den, Math.abs(b[i]));
      }
      expect(num / den, `n = ${n}`).toBeLessThan(1e-13);
    }
  });
});

describe('random projection paths', () => {
  it.skipIf(!native)('native and JS projections give the same matrix product', async () => {
    const { gaussianProject } = await import('../../lib/analysis/projection.js');
    const rng = analysisRandom(4);
    const n = 40, d = 700, k = 7200; // n d k above the native threshold
    const X = new Float64Array(n * d);
    for (let i = 0; i < X.length; i++) X[i] = rng.normal();
    const a = gaussianProject(X, n, d, k, 5, { linalg: native });
    const b = gaussianProject(X, n, d, k, 5, { linalg: jsLinalg });
    let num = 0, den = 0;
    for (let i = 0; i < a.length; i++) {
      num = Math.max(num, Math.abs(a[i] - b[i]));
      den = Math.max(den, Math.abs(b[i]));
    }
    expect(num / den).toBeLessThan(1e-13);
  });
});

describe('symmetric eigen-decomposition paths', () => {
  it.skipIf(!native)('LAPACK (native) and JS tred2/tql2 agree: A V = V diag(w), same eigenvalues', async () => {
    const { symEig } = await import('../../lib/analysis/linalg.js');
    const rng = analysisRandom(6);
    const n = 220, d = 300;
    const X = new Float64Array(n * d);
    for (let i = 0; i < X.length; i++) X[i] = rng.normal();
    const A = gram(X, n, d);
    const nat = symEig(A, n, native);
    const js = symEig(A, n, jsLinalg);
    for (let j = 0; j < n; j++) expect(Math.abs(nat.values[j] - js.values[j]) / js.values[n - 1]).toBeLessThan(1e-12);
    for (const j of [0, 100, n - 1]) {
      for (let i = 0; i < n; i += 37) {
        let s = 0;
        for (let k = 0; k < n; k++) s += A[i * n + k] * nat.vectors[k * n + j];
        expect(Math.abs(s - nat.values[j] * nat.vectors[i * n + j])).toBeLessThan(1e-9 * js.values[n - 1]);
      }
    }
  });
});
