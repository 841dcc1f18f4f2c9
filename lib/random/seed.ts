// Turning integers and names into 32-bit seeds, so that every random stream in the project is a pure
// function of a few integers and strings (a dataset sample of (seed, variant, split, index), a weight
// tensor of (run seed, parameter name)).

/** murmur3's 32-bit finaliser: a cheap avalanche mix of one 32-bit word. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash a list of integers (and strings, by their char codes) to one 32-bit seed. */
export function hashSeed(...parts: (number | string)[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    if (typeof p === 'string') {
      for (let i = 0; i < p.length; i++) h = mix32(h ^ Math.imul(p.charCodeAt(i) + 1, 0x27d4eb2d));
      h = mix32(h ^ 0xff);
    } else {
      // split into 32-bit halves so seeds above 2^32 still differ
      const lo = p >>> 0;
      const hi = Math.floor(p / 4294967296) >>> 0;
      h = mix32(h ^ lo);
      h = mix32(h ^ hi ^ 0x5bd1e995);
    }
  }
  return h;
}

/** FNV-1a over the UTF-16 code units of `name`, started from `seed`: a 32-bit stream key. */
export function streamKey(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
