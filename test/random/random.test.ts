// Pins the first draws of each named generator. The expected values were captured from the three
// generators this module replaced (render/rng.ts Rng, models/rng.ts paramRng, analysis/random.ts Rng),
// so a change here means datasets, weight inits or analysis results would move.
import { describe, expect, it } from 'vitest';
import { Random, analysisRandom, hashSeed, initRandom, mix32, renderRandom, streamKey } from '../../lib/random/index.js';
import { Sfc32, Xoshiro128 } from '../../lib/random/bits.js';

describe('seeds', () => {
  it('hash integers and names to the same 32-bit seeds as before', () => {
    expect(mix32(123)).toBe(2235285516);
    expect(hashSeed('shuffle', 1, 2)).toBe(2391981793);
    expect(hashSeed(2 ** 40)).toBe(1291313015);
    expect(hashSeed(2 ** 40)).not.toBe(hashSeed(0)); // the high half of a large seed counts
    expect(streamKey(3, 'conv1.weight')).toBe(1812970415);
  });
});

describe('renderRandom (datasets)', () => {
  it('draws the pinned sequence for seed 7', () => {
    const r = renderRandom(7);
    expect([r.u32(), r.u32(), r.u32()]).toEqual([153698646, 3218890491, 1108398504]);
    expect([r.uniform(), r.uniform()]).toEqual([0.7129258255008608, 0.8305037221871316]);
    expect([r.int(10), r.int(10), r.int(1000)]).toEqual([8, 8, 212]);
    expect(r.between(-2, 3)).toBe(2.607219387544319);
    expect(r.chance(0.5)).toBe(true);
    expect(r.pick(['a', 'b', 'c', 'd'])).toBe('a');
  });

  it('maps one 32-bit word to [0, 1) and scales it for integers', () => {
    const a = renderRandom(11), b = renderRandom(11);
    for (let i = 0; i < 100; i++) {
      const w = a.u32();
      expect(b.uniform()).toBe(w / 2 ** 32);
    }
    for (let i = 0; i < 100; i++) expect(b.int(37)).toBe(Math.floor(a.uniform() * 37));
  });
});

describe('initRandom (weight init)', () => {
  it('is sfc32 seeded (seed, streamKey(seed, name)) and draws the pinned sequence', () => {
    const s = new Sfc32(1, 2, 0x9e3779b9, 15);
    expect([s.u32(), s.u32(), s.u32()]).toEqual([291270524, 3895822562, 3217130052]);
    const p = initRandom(3, 'conv1.weight');
    expect([p.uniform(), p.uniform()]).toEqual([0.9725587411085144, 0.9938627245137468]);
    expect([p.normal(), p.normal(), p.normal()]).toEqual([-1.1600934596104573, 0.9206738344152989, -0.7804364765347398]);
  });

  it('gives each tensor name its own stream, uniforms strictly inside (0, 1)', () => {
    expect(initRandom(3, 'a').u32()).not.toBe(initRandom(3, 'b').u32());
    const p = initRandom(0, 'x');
    for (let i = 0; i < 1000; i++) {
      const u = p.uniform();
      expect(u > 0 && u < 1).toBe(true);
    }
  });
});

describe('analysisRandom (folds, projections, MDS starts, SVM order)', () => {
  it('draws the pinned sequence for seed 5', () => {
    const a = analysisRandom(5);
    expect([a.u32(), a.u32()]).toEqual([3579099076, 38995620]);
    expect([a.uniform(), a.uniform()]).toEqual([0.9427946152072294, 0.5911495855040845]);
    expect([a.int(7), a.int(7), a.int(1000)]).toEqual([4, 3, 462]);
    expect([a.normal(), a.normal(), a.normal()]).toEqual([-0.3090554063619968, -1.3177941503104593, -0.9882832364707033]);
    expect(Array.from(a.permutation(8))).toEqual([4, 2, 6, 0, 3, 5, 7, 1]);
  });

  it('is xoshiro128** underneath', () => {
    const x = new Xoshiro128(5);
    expect(x.u32()).toBe(3579099076);
  });
});

describe('Random', () => {
  it('rejects int ranges outside 1..2^32', () => {
    expect(() => renderRandom(1).int(0)).toThrow(/1\.\.2\^32/);
    expect(() => analysisRandom(1).int(2 ** 32 + 1)).toThrow(/1\.\.2\^32/);
  });

  it('refuses Box-Muller normals over a half-open unit interval (log 0)', () => {
    expect(() => new Random(new Sfc32(1, 2, 3, 0), { unit: 'u32', int: 'scaled', normal: 'box-muller' })).toThrow(/open unit interval/);
  });

  it('permutations hold every index once', () => {
    for (const r of [renderRandom(2), analysisRandom(2)]) {
      const p = Array.from(r.permutation(50)).sort((x, y) => x - y);
      expect(p).toEqual([...Array(50).keys()]);
    }
  });
});
