// The two bit generators behind every Random: each turns its state into a stream of uniform 32-bit words.
// How a generator is seeded is the caller's choice (see random.ts); these only step the state.

import { mix32 } from './seed.js';

/** A stream of uniform unsigned 32-bit integers. */
export interface BitSource {
  u32(): number;
}

/** sfc32 (Chris Doty-Humphrey's small fast counter): 128-bit state, counter `d` starts at 1. */
export class Sfc32 implements BitSource {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  /** State words a, b, c as given, then `warmUp` outputs discarded so weak seeds mix in. */
  constructor(a: number, b: number, c: number, warmUp: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    for (let i = 0; i < warmUp; i++) this.u32();
  }

  // The state is kept as signed int32 (| 0) rather than uint32 (>>> 0): the same bits, but V8 keeps
  // int32 fields unboxed, which made rendering's draws several times faster.
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
}

/** xoshiro128** (Blackman & Vigna), its 128-bit state filled by splitmix32 from one integer seed. */
export class Xoshiro128 implements BitSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    // splitmix32: a golden-ratio counter through murmur3's finaliser, so any seed gives a well-mixed state
    let x = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
    const next = (): number => mix32((x = (x + 0x9e3779b9) >>> 0));
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  u32(): number {
    const r = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return r;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
