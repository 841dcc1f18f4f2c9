// The project's own random numbers: one Random over one of two bit generators, with three named
// constructors, one per use. Each use keeps the exact seeding, float mapping and normal method it has
// always had, because datasets, weight inits and analysis results are reproduced bit for bit from them.
// (lib/alignment/random.ts is separate on purpose: it is numpy's MT19937, reproducing numpy's draws.)

import { type BitSource, Sfc32, Xoshiro128 } from './bits.js';
import { mix32, streamKey } from './seed.js';

/** How the 32-bit words become numbers; fixed per named generator. */
export interface DrawRules {
  /**
   * uniform(): 'u32' is u32 / 2^32 in [0, 1); 'u32-open' is (u32 + 0.5) / 2^32 in (0, 1);
   * 'u53' is two words cut to 53 bits, in [0, 1).
   */
  unit: 'u32' | 'u32-open' | 'u53';
  /** int(n): 'scaled' is floor(uniform() * n); 'rejection' is u32 % n with the biased tail redrawn. */
  int: 'scaled' | 'rejection';
  /**
   * normal(): 'box-muller' takes two uniforms, returns the cosine branch and keeps the sine branch
   * for the next call (needs the open unit interval: log(0) is -inf); 'polar' is Marsaglia's polar
   * method, also pairwise.
   */
  normal: 'box-muller' | 'polar';
}

const TWO_32 = 4294967296;
const TWO_26 = 67108864;
const TWO_53 = 9007199254740992;

/** A seeded random stream: the one interface the project draws its own random numbers through. */
export class Random {
  private spare = Number.NaN; // the second normal of the last pair, NaN when used up

  constructor(private readonly bits: BitSource, readonly rules: DrawRules) {
    if (rules.normal === 'box-muller' && rules.unit !== 'u32-open') {
      throw new Error(`Random: box-muller normals need the open unit interval ('u32-open'), got '${rules.unit}'`);
    }
  }

  /** Uniform unsigned 32-bit integer. */
  u32(): number {
    return this.bits.u32();
  }

  /** Uniform in the unit interval (open or half-open as `rules.unit` says). */
  uniform(): number {
    switch (this.rules.unit) {
      case 'u32':
        return this.bits.u32() / TWO_32;
      case 'u32-open':
        return (this.bits.u32() + 0.5) / TWO_32;
      case 'u53': {
        const hi = this.bits.u32() >>> 5;
        const lo = this.bits.u32() >>> 6;
        return (hi * TWO_26 + lo) / TWO_53;
      }
    }
  }

  /** Uniform between lo and hi: lo + (hi - lo) * uniform(). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Integer in [0, n), n in 1..2^32. */
  int(n: number): number {
    if (!(n >= 1 && n <= TWO_32)) throw new Error(`Random.int: n must be in 1..2^32, got ${n}`);
    if (this.rules.int === 'scaled') return Math.floor(this.uniform() * n);
    const limit = TWO_32 - (TWO_32 % n);
    for (;;) {
      const r = this.bits.u32();
      if (r < limit) return r % n;
    }
  }

  /** One element of a non-empty list, equally likely. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** Standard normal. */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = Number.NaN;
      return s;
    }
    if (this.rules.normal === 'box-muller') {
      const r = Math.sqrt(-2 * Math.log(this.uniform()));
      const t = 2 * Math.PI * this.uniform();
      this.spare = r * Math.sin(t);
      return r * Math.cos(t);
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const m = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = v * m;
        return u * m;
      }
    }
  }

  /** A random permutation of 0..n-1 (Fisher-Yates, from the last position down). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}

/**
 * Rendering and dataset order (a sample's scene, object, pose and lights; identities; textures; epoch
 * shuffles): sfc32 with its three words murmur-mixed from `seed` and 12 warm-up draws; 32-bit uniforms
 * in [0, 1), scaled integers. normal() (polar) is not drawn by any dataset.
 */
export function renderRandom(seed: number): Random {
  const bits = new Sfc32(mix32(seed ^ 0xdeadbeef), mix32(seed + 0x6a09e667), mix32(seed ^ 0x3c6ef372), 12);
  return new Random(bits, { unit: 'u32', int: 'scaled', normal: 'polar' });
}

/**
 * Weight initialisation: one stream per parameter tensor, sfc32 seeded (seed, streamKey(seed, name),
 * 0x9e3779b9) with sfc32's documented 15 warm-up draws, so a tensor's init depends only on the run seed
 * and its name (not on which other tensors exist, nor on creation order). Uniforms in the open (0, 1),
 * Box-Muller normals.
 */
export function initRandom(seed: number, name: string): Random {
  const bits = new Sfc32(seed, streamKey(seed, name), 0x9e3779b9, 15);
  return new Random(bits, { unit: 'u32-open', int: 'rejection', normal: 'box-muller' });
}

/**
 * Analyses (fold shuffles, JL projections, MDS starts, SVM visiting order): xoshiro128** seeded by
 * splitmix32; 53-bit uniforms, unbiased integers, polar normals. Not sfc32 like the other two: the
 * analysis fixtures and tests were fixed with this stream, and switching would move their numbers.
 * Seeded, not numpy-identical (numpy's MT19937 lives in lib/alignment/random.ts).
 */
export function analysisRandom(seed: number): Random {
  return new Random(new Xoshiro128(seed), { unit: 'u53', int: 'rejection', normal: 'polar' });
}
