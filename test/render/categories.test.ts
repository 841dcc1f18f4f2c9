import { describe, expect, it } from 'vitest';
import { CATEGORIES, NUM_CATEGORIES, NUM_IDENTITIES, categoryOfIdentity, firstIdentity, identityCount, identityMesh, identityTable } from '../../lib/render/categories/index.js';
import { portrait } from '../../lib/render/catalogue.js';

describe('object categories', () => {
  it('has 117 uniquely named categories and 548 identities, 4-5 per category', () => {
    expect(CATEGORIES.length).toBe(NUM_CATEGORIES);
    expect(new Set(CATEGORIES.map((c) => c.name)).size).toBe(117);
    const ids = identityTable();
    expect(ids.length).toBe(NUM_IDENTITIES);
    for (let c = 0; c < 117; c++) {
      expect([4, 5]).toContain(identityCount(c));
      for (let j = 0; j < identityCount(c); j++) expect(categoryOfIdentity(firstIdentity(c) + j)).toBe(c);
    }
    expect(ids.map((i) => i.identity)).toEqual([...Array(548).keys()]);
  });

  it('normalises every identity: finite, centred on its bounding box, longest axis exactly 1', () => {
    for (let id = 0; id < NUM_IDENTITIES; id++) {
      const m = identityMesh(id);
      const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
      let finite = true;
      for (let i = 0; i < m.positions.length; i++) {
        const v = m.positions[i];
        finite &&= Number.isFinite(v) && Number.isFinite(m.normals[i]);
        lo[i % 3] = Math.min(lo[i % 3], v); hi[i % 3] = Math.max(hi[i % 3], v);
      }
      expect(finite, `identity ${id}`).toBe(true);
      expect(Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2])).toBeCloseTo(1, 5);
      expect(Math.max(...[0, 1, 2].map((d) => Math.abs(hi[d] + lo[d])))).toBeLessThan(1e-5);
      expect(m.colors.every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(m.indices.length % 3).toBe(0);
      expect(m.indices.every((k) => k < m.positions.length / 3)).toBe(true);
    }
  });

  it('identities within a category differ, and builds are deterministic', () => {
    for (let c = 0; c < NUM_CATEGORIES; c++) {
      const a = portrait(firstIdentity(c), 32), b = portrait(firstIdentity(c) + 1, 32);
      let diff = 0;
      for (let i = 0; i < a.length; i++) diff += Math.abs(a[i] - b[i]);
      expect(diff, CATEGORIES[c].name).toBeGreaterThan(0);
    }
    const p1 = portrait(10, 32), p2 = portrait(10, 32);
    expect(Buffer.from(p1).equals(Buffer.from(p2))).toBe(true);
  });
});
