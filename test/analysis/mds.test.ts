import { describe, expect, it } from 'vitest';
import { mdsEmbed, rowDistances, smacof } from '../../lib/analysis/mds.js';
import { loadFixture } from './fixtures.js';

const fx = loadFixture('mds.json');

describe('MDS (metric SMACOF) vs scikit-learn 1.2 MDS', () => {
  it('Euclidean distances between rows of the similarity matrix match', () => {
    for (const c of fx.cases) {
      const D = rowDistances(Float64Array.from(c.sim.data), c.sim.rows);
      for (let i = 0; i < D.length; i++) expect(D[i]).toBeCloseTo(c.row_distances[i], 10);
    }
  });

  it("stress within 5% of the best sklearn run (best of n_init = 4, over 5 random_states), for several seeds", () => {
    for (const c of fx.cases) {
      for (const seed of [0, 1, 2]) {
        const r = mdsEmbed(Float64Array.from(c.sim.data), c.sim.rows, { seed });
        expect(r.coords.length).toBe(c.sim.rows * 2);
        expect(r.stress, `m=${c.sim.rows} seed ${seed}: ${r.stress} vs ${c.best_stress}`).toBeLessThanOrEqual(c.best_stress * 1.05);
      }
    }
  });

  it('precomputed dissimilarity (1 - similarity) also reaches sklearn stress within 5%', () => {
    for (const c of fx.cases) {
      const D = Float64Array.from(c.sim.data as number[], (v) => 1 - v);
      const r = mdsEmbed(D, c.sim.rows, { precomputed: true, seed: 0 });
      expect(r.stress).toBeLessThanOrEqual(c.precomputed_stress * 1.05);
    }
  });

  it('recovers a planar configuration exactly (stress ~ 0) and is seeded', () => {
    const pts = [[0, 0], [1, 0], [0, 2], [3, 1], [-1, -2]];
    const n = pts.length;
    const D = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) D[i * n + j] = Math.hypot(pts[i][0] - pts[j][0], pts[i][1] - pts[j][1]);
    const a = smacof(D, n, { seed: 3, eps: 1e-9, maxIter: 3000 });
    expect(a.stress).toBeLessThan(1e-6);
    const b = smacof(D, n, { seed: 3, eps: 1e-9, maxIter: 3000 });
    expect(Array.from(a.coords)).toEqual(Array.from(b.coords));
  });

  it('rejects asymmetric or non-finite input', () => {
    expect(() => smacof(new Float64Array([0, 1, 2, 0]), 2)).toThrow(/symmetric/);
    expect(() => mdsEmbed(new Float64Array([1, NaN, NaN, 1]), 2)).toThrow(/not finite/);
  });
});

describe('MDS with sklearn parameters', () => {
  it('SKLEARN_MDS settings reproduce the same iterates from the same start (see smacof init)', async () => {
    const { SKLEARN_MDS } = await import('../../lib/analysis/mds.js');
    const c = fx.cases[2];
    const r = mdsEmbed(Float64Array.from(c.sim.data), c.sim.rows, { ...SKLEARN_MDS, seed: 0 });
    // sklearn's own best-of-4 ranges over seeds; ours must fall inside 5% of its worst one at least.
    expect(r.stress).toBeLessThanOrEqual(Math.max(...c.stress_by_seed) * 1.05);
  });
});

describe('SMACOF iterates', () => {
  it('from the same start, stress, iteration count and coordinates equal sklearn smacof to 1e-9', () => {
    for (const c of fx.cases) {
      const m = c.sim.rows;
      const r = smacof(Float64Array.from(c.row_distances), m, { init: Float64Array.from(c.from_init.init), maxIter: 300, eps: 1e-3 });
      expect(r.nIter).toBe(c.from_init.n_iter);
      expect(Math.abs(r.stress - c.from_init.stress) / c.from_init.stress).toBeLessThan(1e-9);
      for (let i = 0; i < r.coords.length; i++) expect(r.coords[i]).toBeCloseTo(c.from_init.coords[i], 9);
    }
  });
});
