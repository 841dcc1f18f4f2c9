// Procedural, tileable textures (value-noise fBm and simple patterns) for backgrounds. Built once per
// process from fixed seeds, so every worker sees the same pixels.

import { renderRandom } from '../random/index.js';
import type { RGB } from './mesh.js';

export const TEX = 256; // tile side; power of two so lookups wrap with a mask
export const TEX_MASK = TEX - 1;

/** Tileable value-noise fBm in [0, 1], TEX x TEX. */
export function fbm(seed: number, baseCells = 4, octaves = 5, gain = 0.5): Float32Array {
  const out = new Float32Array(TEX * TEX);
  const rng = renderRandom(seed);
  let amp = 1, total = 0;
  for (let o = 0, cells = baseCells; o < octaves; o++, cells *= 2, amp *= gain) {
    const lat = new Float32Array(cells * cells);
    for (let i = 0; i < lat.length; i++) lat[i] = rng.uniform();
    const step = TEX / cells;
    for (let y = 0; y < TEX; y++) {
      const gy = y / step, y0 = Math.floor(gy), fy = gy - y0, sy = fy * fy * (3 - 2 * fy);
      const r0 = (y0 % cells) * cells, r1 = ((y0 + 1) % cells) * cells;
      for (let x = 0; x < TEX; x++) {
        const gx = x / step, x0 = Math.floor(gx), fx = gx - x0, sx = fx * fx * (3 - 2 * fx);
        const c0 = x0 % cells, c1 = (x0 + 1) % cells;
        const a = lat[r0 + c0] + (lat[r0 + c1] - lat[r0 + c0]) * sx;
        const b = lat[r1 + c0] + (lat[r1 + c1] - lat[r1 + c0]) * sx;
        out[y * TEX + x] += amp * (a + (b - a) * sy);
      }
    }
    total += amp;
  }
  for (let i = 0; i < out.length; i++) out[i] /= total;
  return out;
}

/**
 * An RGB tile (TEX x TEX x 3) from a per-texel function with values in 0-1, stored as bytes: 192 KB a
 * tile keeps a few scenes' textures in cache at once (as floats, alternating scenes halved the speed).
 */
export function tile(f: (x: number, y: number, i: number) => RGB): Uint8Array {
  const out = new Uint8Array(TEX * TEX * 3);
  for (let y = 0, i = 0; y < TEX; y++) {
    for (let x = 0; x < TEX; x++, i++) {
      const c = f(x, y, i);
      for (let k = 0; k < 3; k++) out[i * 3 + k] = Math.max(0, Math.min(255, Math.round(c[k] * 255)));
    }
  }
  return out;
}

/** A single-channel 0-1 map stored as bytes (cloud cover). */
export function bytes(v: Float32Array): Uint8Array {
  return Uint8Array.from(v, (x) => Math.max(0, Math.min(255, Math.round(x * 255))));
}

export function lerpRGB(a: RGB, b: RGB, t: number): RGB {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

export function hex(h: string): RGB {
  const n = parseInt(h.replace('#', ''), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

/** Noise-modulated blend of two colours with a fine grain. */
export function noisy(a: RGB, b: RGB, seed: number, cells = 4, grain = 0.08): Uint8Array {
  const n = fbm(seed, cells), g = fbm(seed + 1, 64, 2);
  return tile((_x, _y, i) => {
    const c = lerpRGB(a, b, n[i]);
    const k = 1 + grain * (g[i] - 0.5) * 2;
    return [c[0] * k, c[1] * k, c[2] * k];
  });
}

/**
 * An RGB tile as a colour table and one 8-bit (up to 256 colours) or 16-bit index per texel: the same
 * bytes in a third or two thirds of the memory (the tiles have at most a few hundred colours), so more of
 * each texture stays in cache.
 */
export interface IndexedTile {
  /** colour number of each texel */
  texels: Uint8Array | Uint16Array;
  /** rgb bytes of each colour number */
  palette: Uint8Array;
}

export function indexTile(rgb: Uint8Array): IndexedTile {
  const n = rgb.length / 3, texels = new Uint16Array(n), numbers = new Map<number, number>(), palette: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = (rgb[i * 3] << 16) | (rgb[i * 3 + 1] << 8) | rgb[i * 3 + 2];
    let c = numbers.get(key);
    if (c === undefined) {
      c = numbers.size;
      if (c > 0xffff) throw new Error('indexTile: more than 65536 colours');
      numbers.set(key, c);
      palette.push(rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2]);
    }
    texels[i] = c;
  }
  return { texels: numbers.size <= 256 ? Uint8Array.from(texels) : texels, palette: Uint8Array.from(palette) };
}
