// Seeded random numbers for weight initialisation. Each parameter tensor gets its own stream,
// seeded by (run seed, parameter name), so a tensor's init never depends on which other tensors
// exist (a different head size leaves the backbone's init unchanged) or on creation order.

/** FNV-1a over the UTF-16 code units of `s`, mixed with `seed`: a 32-bit stream key. */
export function streamKey(seed: number, s: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** sfc32 (Chris Doty-Humphrey's small fast counter): 32-bit state words, uniform floats in (0, 1). */
export class Sfc32 {
  private a: number; private b: number; private c: number; private d = 1;

  constructor(seed: number, stream = 0) {
    this.a = seed >>> 0;
    this.b = stream >>> 0;
    this.c = 0x9e3779b9;
    for (let i = 0; i < 15; i++) this.nextU32(); // the documented warm-up
  }

  nextU32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in the open interval (0, 1), 32 bits of resolution. */
  uniform(): number {
    return (this.nextU32() + 0.5) / 4294967296;
  }

  private spare = Number.NaN;

  /** Standard normal by Box-Muller; the sine branch is kept for the next call. */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = Number.NaN;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const t = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(t);
    return r * Math.cos(t);
  }
}

/** Random stream for tensor `name` of a run seeded `seed`. */
export function paramRng(seed: number, name: string): Sfc32 {
  return new Sfc32(seed, streamKey(seed, name));
}
