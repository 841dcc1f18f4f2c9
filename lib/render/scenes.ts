// Ten background "scene spaces" (paper App. A: 10 scenes, 8 outdoor and 2 indoor, plus random skyboxes).
// Outdoor: sky gradient with clouds and sun glow, a textured ground plane seen in perspective with
// distance fog, and a horizon silhouette (hills, treeline, skyline...). Indoor: a textured box room.
// Each image draws the camera's yaw, pitch, roll, height and the texture offsets; the background is
// the ray through each pixel, so the horizon tilts with the camera roll.

import type { RGB } from './mesh.js';
import { renderRandom } from '../random/index.js';
import { TEX, TEX_MASK, bytes, fbm, hex, indexTile, lerpRGB, noisy, tile, type IndexedTile } from './textures.js';

export interface View {
  /** camera orientation in the world (row-major, camera -> world) */
  cam: ArrayLike<number>;
  /** camera height above the floor / ground (world units; object size is 1) */
  height: number;
  /** texture offsets (world units) */
  ox: number;
  oz: number;
  /** sky tint multiplier (random skybox variation) */
  skyTint: [number, number, number];
}

interface Outdoor {
  kind: 'outdoor';
  name: string;
  skyLut: Float32Array; // 64 x rgb by sin(elevation)
  cloud: Uint8Array; // coverage 0-255
  cloudColor: RGB;
  ground: Uint8Array; // rgb tile, bytes
  groundIndexed: IndexedTile; // the same tile, indexed (what the fill reads)
  groundPalette: Float64Array; // its palette as 0-1 values (byte * INV255, as the fill computed per pixel)
  groundScale: number; // texels per world unit
  fog: RGB;
  fogDist: number;
  horizon: Float32Array; // 1024 silhouette heights (sin elevation) by pseudo-azimuth
  horizonMax: number; // the highest of them (at least 0)
  silhouette: RGB;
  sunColor: RGB;
  ambient: RGB;
}

interface Indoor {
  kind: 'indoor';
  name: string;
  half: [number, number, number]; // room half-size x, (height), z
  floor: Uint8Array;
  wall: Uint8Array;
  ceiling: Uint8Array;
  /** floor, wall and ceiling one after another (texel offsets FLOOR, WALL, CEILING), indexed: one texture for the gather pass */
  surfaces: IndexedTile;
  texScale: number;
  sunColor: RGB;
  ambient: RGB;
}

export type Scene = Outdoor | Indoor;

/** Sky colour by sin²(elevation) (64 steps): indexing by the square saves a square root per pixel. */
function skyLut(horizon: RGB, zenith: RGB, power = 0.6): Float32Array {
  const lut = new Float32Array(64 * 3);
  for (let i = 0; i < 64; i++) {
    const c = lerpRGB(horizon, zenith, Math.pow(Math.sqrt(i / 63), power));
    lut.set(c, i * 3);
  }
  return lut;
}

function horizonTable(seed: number, style: 'hills' | 'mountains' | 'trees' | 'skyline' | 'dunes' | 'flat'): Float32Array {
  const h = new Float32Array(1024);
  const n = fbm(seed, 8, 4);
  const rng = renderRandom(seed);
  let block = 0, bh = 0;
  for (let i = 0; i < 1024; i++) {
    const v = n[(i * 17) & (TEX * TEX - 1)] ;
    const lowf = n[(i >> 2) * TEX];
    switch (style) {
      case 'hills': h[i] = 0.03 + 0.08 * lowf; break;
      case 'mountains': h[i] = 0.05 + 0.25 * Math.pow(lowf, 1.5) + 0.02 * v; break;
      case 'trees': h[i] = 0.05 + 0.06 * lowf + 0.05 * Math.abs(Math.sin(i * 0.9)) * v; break;
      case 'dunes': h[i] = 0.01 + 0.05 * lowf; break;
      case 'flat': h[i] = 0; break;
      case 'skyline':
        if (i >= block) { block = i + 8 + rng.int(24); bh = 0.04 + 0.22 * rng.uniform() * rng.uniform() * 2; }
        h[i] = bh;
        break;
    }
  }
  return h;
}

function outdoor(o: Omit<Outdoor, 'kind' | 'groundIndexed' | 'groundPalette' | 'horizonMax'>): Outdoor {
  let horizonMax = 0;
  for (let i = 0; i < o.horizon.length; i++) if (o.horizon[i] > horizonMax) horizonMax = o.horizon[i];
  const groundIndexed = indexTile(o.ground);
  const groundPalette = Float64Array.from(groundIndexed.palette, (v) => v * INV255);
  return { kind: 'outdoor', ...o, groundIndexed, groundPalette, horizonMax };
}

const FLOOR = 0, WALL = TEX * TEX, CEILING = 2 * TEX * TEX;

function indoor(o: Omit<Indoor, 'kind' | 'surfaces'>): Indoor {
  const surfaces = new Uint8Array(3 * TEX * TEX * 3);
  surfaces.set(o.floor, FLOOR * 3); surfaces.set(o.wall, WALL * 3); surfaces.set(o.ceiling, CEILING * 3);
  return { kind: 'indoor', ...o, surfaces: indexTile(surfaces) };
}

function bricks(seed: number, brick: RGB, mortar: RGB): Uint8Array {
  const n = fbm(seed, 16, 3);
  return tile((x, y, i) => {
    const row = Math.floor(y / 16), xo = (x + (row % 2) * 16) % 32;
    const edge = y % 16 < 2 || xo < 2;
    const k = 0.85 + 0.3 * n[i];
    return edge ? mortar : [brick[0] * k, brick[1] * k, brick[2] * k];
  });
}

function planks(seed: number, wood: RGB): Uint8Array {
  const grain = fbm(seed, 4, 4);
  const rng = renderRandom(seed);
  const tints = [...Array(8)].map(() => 0.75 + 0.5 * rng.uniform());
  return tile((x, y, i) => {
    const p = Math.floor(x / 32);
    const g = 0.8 + 0.4 * grain[(y * TEX + ((x * 7) & TEX_MASK)) & (TEX * TEX - 1)];
    const k = tints[p] * g * (x % 32 < 1 ? 0.5 : 1);
    return [wood[0] * k, wood[1] * k, wood[2] * k];
  });
}

function checker(a: RGB, b: RGB, cells: number, grout: RGB): Uint8Array {
  const s = TEX / cells;
  return tile((x, y) => (x % s < 2 || y % s < 2 ? grout : (Math.floor(x / s) + Math.floor(y / s)) % 2 ? a : b));
}

function road(seed: number): Uint8Array {
  const n = fbm(seed, 32, 3);
  return tile((x, y, i) => {
    const k = 0.25 + 0.15 * n[i];
    const stripe = x >= 126 && x < 130 && y % 64 < 36;
    const side = x < 6 || x >= 250;
    return stripe ? [0.9, 0.8, 0.2] : side ? [0.7, 0.7, 0.68] : [k, k, k * 1.05];
  });
}

function build(): Scene[] {
  const clouds = bytes(fbm(1001, 4, 5));
  const fine = bytes(fbm(1002, 8, 4));
  return [
    outdoor({
      name: 'meadow', skyLut: skyLut(hex('#cfe6f7'), hex('#3b7dd8')), cloud: clouds, cloudColor: [1, 1, 1],
      ground: noisy(hex('#4f8a2b'), hex('#9cc24a'), 11), groundScale: 40, fog: hex('#c9dcea'), fogDist: 60,
      horizon: horizonTable(12, 'trees'), silhouette: hex('#2d5a27'), sunColor: [1, 0.97, 0.9], ambient: [0.35, 0.38, 0.45],
    }),
    outdoor({
      name: 'desert', skyLut: skyLut(hex('#f3e3c3'), hex('#5a9bd5')), cloud: fine, cloudColor: [1, 0.98, 0.95],
      ground: (() => { const n = fbm(21, 4, 4); return tile((x, y, i) => lerpRGB(hex('#c9a063'), hex('#ecd39a'), 0.5 + 0.5 * Math.sin(y * 0.15 + 6 * n[i]))); })(),
      groundScale: 25, fog: hex('#efdcb8'), fogDist: 80, horizon: horizonTable(22, 'mountains'), silhouette: hex('#b5704a'),
      sunColor: [1.1, 1, 0.85], ambient: [0.4, 0.36, 0.3],
    }),
    outdoor({
      name: 'snowfield', skyLut: skyLut(hex('#e8eef3'), hex('#8fa9c4')), cloud: clouds, cloudColor: [0.95, 0.96, 0.98],
      ground: noisy(hex('#dfe7ef'), hex('#ffffff'), 31, 8, 0.04), groundScale: 30, fog: hex('#e6ecf1'), fogDist: 40,
      horizon: horizonTable(32, 'mountains'), silhouette: hex('#7f8fa6'), sunColor: [0.9, 0.92, 1], ambient: [0.45, 0.48, 0.55],
    }),
    outdoor({
      name: 'lakeshore', skyLut: skyLut(hex('#d6ecf5'), hex('#2f6fb8')), cloud: clouds, cloudColor: [1, 1, 1],
      ground: (() => { const n = fbm(41, 8, 3); return tile((x, y, i) => lerpRGB(hex('#1f5f8b'), hex('#5fa3c8'), 0.5 + 0.5 * Math.sin(x * 0.3 + 4 * n[i]))); })(),
      groundScale: 20, fog: hex('#bcd9e8'), fogDist: 90, horizon: horizonTable(42, 'hills'), silhouette: hex('#466b3c'),
      sunColor: [1, 1, 0.95], ambient: [0.35, 0.4, 0.48],
    }),
    outdoor({
      name: 'forest', skyLut: skyLut(hex('#b8cdb0'), hex('#5f8fb0')), cloud: fine, cloudColor: [0.9, 0.92, 0.9],
      ground: noisy(hex('#3b2a1a'), hex('#5e6b2a'), 51, 8, 0.15), groundScale: 35, fog: hex('#7f9a78'), fogDist: 25,
      horizon: horizonTable(52, 'trees').map((v) => v * 2.2), silhouette: hex('#1f3b1c'), sunColor: [0.85, 0.95, 0.75], ambient: [0.3, 0.36, 0.3],
    }),
    outdoor({
      name: 'city', skyLut: skyLut(hex('#d9dde2'), hex('#6b8cb3')), cloud: clouds, cloudColor: [0.92, 0.92, 0.94],
      ground: road(61), groundScale: 12, fog: hex('#c4c9cf'), fogDist: 70, horizon: horizonTable(62, 'skyline'), silhouette: hex('#4a4f5a'),
      sunColor: [1, 1, 1], ambient: [0.4, 0.4, 0.42],
    }),
    outdoor({
      name: 'sunset', skyLut: skyLut(hex('#ff9a4a'), hex('#3a2f6b'), 0.8), cloud: clouds, cloudColor: [1, 0.6, 0.5],
      ground: noisy(hex('#3b2b36'), hex('#6b4a3a'), 71), groundScale: 40, fog: hex('#c97a5a'), fogDist: 50,
      horizon: horizonTable(72, 'hills'), silhouette: hex('#2a1f2e'), sunColor: [1.2, 0.75, 0.5], ambient: [0.3, 0.22, 0.3],
    }),
    outdoor({
      name: 'moonscape', skyLut: skyLut(hex('#30343f'), hex('#05060a')), cloud: fine, cloudColor: [0.25, 0.25, 0.3],
      ground: (() => { const n = fbm(81, 8, 5); return tile((_x, _y, i) => { const r = 1 - Math.abs(2 * n[i] - 1); const k = 0.35 + 0.35 * r * r; return [k, k, k * 1.05]; }); })(),
      groundScale: 30, fog: hex('#3a3d45'), fogDist: 120, horizon: horizonTable(82, 'mountains'), silhouette: hex('#55575e'),
      sunColor: [1.1, 1.1, 1.15], ambient: [0.15, 0.15, 0.18],
    }),
    indoor({
      name: 'living-room', half: [4, 3, 5],
      floor: planks(91, hex('#9a6a3c')), wall: noisy(hex('#d8c8a8'), hex('#efe2c8'), 92, 4, 0.03), ceiling: noisy(hex('#f2f0ea'), hex('#ffffff'), 93),
      texScale: 48, sunColor: [1, 0.92, 0.8], ambient: [0.42, 0.4, 0.36],
    }),
    indoor({
      name: 'warehouse', half: [7, 4, 9],
      floor: checker(hex('#8c8c8c'), hex('#b9b9b9'), 8, hex('#5a5a5a')), wall: bricks(101, hex('#9c4a32'), hex('#c9bfb0')),
      ceiling: noisy(hex('#5c5f66'), hex('#7d8088'), 102), texScale: 32, sunColor: [0.95, 0.97, 1], ambient: [0.35, 0.36, 0.4],
    }),
  ];
}

let cache: Scene[] | undefined;
/** The scene list, built on first use (about 0.1 s). */
export function scenes(): Scene[] {
  cache ??= build();
  return cache;
}

export const SCENE_NAMES = ['meadow', 'desert', 'snowfield', 'lakeshore', 'forest', 'city', 'sunset', 'moonscape', 'living-room', 'warehouse'];

/**
 * Write the background colour of every pixel with need[p] != 0 into out (rgb float, W*H*3).
 * `f` is the focal length in pixels; `sun` is the world-frame unit vector towards the light (for the glow).
 */
export function fillBackground(scene: Scene, view: View, f: number, W: number, H: number, out: Float32Array,
  need: Uint8Array | null, sun: [number, number, number]): void {
  const m = view.cam;
  const cx = W / 2, cy = H / 2;
  // ray(px, py) = cam · ((px + .5 - cx)/f, -(py + .5 - cy)/f, 1): affine in px, py
  const ex = [m[0] / f, m[3] / f, m[6] / f];
  const ey = [-m[1] / f, -m[4] / f, -m[7] / f];
  const e0 = [0, 1, 2].map((k) => m[k * 3 + 2] + ex[k] * (0.5 - cx) + ey[k] * (0.5 - cy));
  if (scene.kind === 'outdoor') outdoorFill(scene, view, W, H, out, need, ex, ey, e0, sun);
  else indoorFill(scene, view, W, H, out, need, ex, ey, e0);
}

const params = new Float64Array(32);
const INV255 = 1 / 255;

function outdoorFill(s: Outdoor, view: View, W: number, H: number, out: Float32Array, need: Uint8Array | null,
  ex: number[], ey: number[], e0: number[], sun: [number, number, number]): void {
  const { skyLut: lut, cloud, groundIndexed: ground, horizon } = s;
  const T = TEX, M = TEX_MASK;
  const hmax2 = s.horizonMax * s.horizonMax;
  // every scalar goes through a Float64Array: values read from plain arrays can be small integers
  // (a colour of [1, 1, 1]), which would make the pixel loop box its doubles when scenes alternate
  const P = params;
  P[0] = s.fog[0]; P[1] = s.fog[1]; P[2] = s.fog[2];
  P[3] = view.skyTint[0]; P[4] = view.skyTint[1]; P[5] = view.skyTint[2];
  P[6] = s.groundScale; P[7] = view.height; P[8] = view.ox * s.groundScale; P[9] = view.oz * s.groundScale; P[10] = s.fogDist;
  P[11] = s.silhouette[0]; P[12] = s.silhouette[1]; P[13] = s.silhouette[2];
  P[14] = s.cloudColor[0]; P[15] = s.cloudColor[1]; P[16] = s.cloudColor[2];
  P[17] = s.sunColor[0]; P[18] = s.sunColor[1]; P[19] = s.sunColor[2];
  P[20] = sun[0]; P[21] = sun[1]; P[22] = sun[2];
  P[23] = ex[0]; P[24] = ex[1]; P[25] = ex[2]; P[26] = ey[0]; P[27] = ey[1]; P[28] = ey[2]; P[29] = e0[0]; P[30] = e0[1]; P[31] = e0[2];
  const fogR = P[0], fogG = P[1], fogB = P[2], tr = P[3], tg = P[4], tb = P[5];
  const gs = P[6], h = P[7], ox = P[8], oz = P[9], fd = P[10];
  const sr = P[11], sg = P[12], sb = P[13], cr = P[14], cg = P[15], cb = P[16];
  const sunR = P[17], sunG = P[18], sunB = P[19], sunX = P[20], sunY = P[21], sunZ = P[22];
  const ex0 = P[23], ex1 = P[24], ex2 = P[25], ey0 = P[26], ey1 = P[27], ey2 = P[28], e00 = P[29], e01 = P[30], e02 = P[31];
  const gather = gatherList(W * H);
  let nGround = 0;
  for (let py = 0, p = 0; py < H; py++) {
    let dx = e00 + ey0 * py, dy = e01 + ey1 * py, dz = e02 + ey2 * py;
    for (let px = 0; px < W; px++, p++, dx += ex0, dy += ex1, dz += ex2) {
      if (need !== null && need[p] === 0) continue;
      let r: number, g: number, b: number;
      if (dy <= 0) {
        // ground plane `height` below the camera, textured, fading into fog with distance (t: distance
        // in units of the unnormalised ray, whose length is 1-1.4 inside a 60° view); the texel is
        // fetched later by shadeGround
        const t = -h / dy;
        const gu = (dx * t * gs + ox) & M, gv = (dz * t * gs + oz) & M;
        gather.pixel[nGround] = p; gather.texel[nGround] = gv * T + gu; gather.k[nGround] = t / (t + fd);
        nGround++;
        continue;
      } else {
        // all elevation tests use sin²(elevation) = dy² / |d|²
        const len2 = dx * dx + dy * dy + dz * dz, il2 = 1 / len2;
        const el2 = dy * dy * il2;
        let silhouette = false;
        if (el2 <= hmax2) {
          // pseudo-azimuth in [0, 4): monotone in the true azimuth, no trig
          const ax = dx < 0 ? -dx : dx, az = dz < 0 ? -dz : dz, q = ax + az > 0 ? dx / (ax + az) : 0;
          const pa = dz >= 0 ? 1 - q : 3 + q;
          const hz = horizon[(pa * 256) & 1023];
          silhouette = el2 <= hz * hz;
        }
        if (silhouette) {
          r = sr; g = sg; b = sb;
        } else {
          const li = (el2 * 63) | 0;
          r = lut[li * 3] * tr; g = lut[li * 3 + 1] * tg; b = lut[li * 3 + 2] * tb;
          if (el2 > 0.0004) {
            // clouds on a plane 50 units up, fading towards the horizon
            const t = 50 / dy;
            const cu = (dx * t * 2 + ox) & M, cv = (dz * t * 2 + oz) & M;
            let c = cloud[cv * T + cu] * (2.2 / 255) - 1.2;
            if (c > 0) {
              if (el2 < 0.0625) c *= el2 * 16;
              r += (cr - r) * c; g += (cg - g) * c; b += (cb - b) * c;
            }
          }
          const dot = dx * sunX + dy * sunY + dz * sunZ;
          if (dot > 0 && dot * dot * il2 > 0.81) {
            const k = (dot * Math.sqrt(il2) - 0.9) * 10; const k4 = k * k * k * k * 1.5;
            r += sunR * k4; g += sunG * k4; b += sunB * k4;
          }
        }
      }
      out[p * 3] = r; out[p * 3 + 1] = g; out[p * 3 + 2] = b;
    }
  }
  shadeGround(gather, nGround, ground.texels, s.groundPalette, fogR, fogG, fogB, out);
}

/**
 * Pixels whose colour is a texel, listed by the ray pass and fetched in a second, tight pass: the texture
 * reads miss the cache (a scene's textures do not stay cached from one image to the next), and in a short
 * loop of independent reads the processor overlaps those misses instead of waiting for each in turn.
 */
interface Gather {
  pixel: Int32Array;
  /** texel number in its texture */
  texel: Int32Array;
  /** per-pixel factor: fog weight outdoors, shade / 255 indoors */
  k: Float64Array;
}

let gatherScratch: Gather = { pixel: new Int32Array(0), texel: new Int32Array(0), k: new Float64Array(0) };
function gatherList(n: number): Gather {
  if (gatherScratch.pixel.length < n) gatherScratch = { pixel: new Int32Array(n), texel: new Int32Array(n), k: new Float64Array(n) };
  return gatherScratch;
}

/** ground texel faded into the fog colour by each pixel's fog weight */
function shadeGround(gather: Gather, n: number, colour: Uint8Array | Uint16Array, rgb: Float64Array, fogR: number, fogG: number, fogB: number, out: Float32Array): void {
  const { pixel, texel, k: fog } = gather;
  for (let i = 0; i < n; i++) {
    const k = colour[texel[i]] * 3, fogK = fog[i], o = pixel[i] * 3;
    const g0 = rgb[k], g1 = rgb[k + 1], g2 = rgb[k + 2];
    out[o] = g0 + (fogR - g0) * fogK;
    out[o + 1] = g1 + (fogG - g1) * fogK;
    out[o + 2] = g2 + (fogB - g2) * fogK;
  }
}

function indoorFill(s: Indoor, view: View, W: number, H: number, out: Float32Array, need: Uint8Array | null,
  ex: number[], ey: number[], e0: number[]): void {
  const P = params; // see outdoorFill
  P[0] = s.half[0]; P[1] = s.half[1]; P[2] = s.half[2]; P[3] = s.texScale; P[4] = view.ox; P[5] = view.oz; P[6] = view.height;
  P[23] = ex[0]; P[24] = ex[1]; P[25] = ex[2]; P[26] = ey[0]; P[27] = ey[1]; P[28] = ey[2]; P[29] = e0[0]; P[30] = e0[1]; P[31] = e0[2];
  const hx = P[0], hy = P[1], hz = P[2], ts = P[3], T = TEX, M = TEX_MASK;
  const ex0 = P[23], ex1 = P[24], ex2 = P[25], ey0 = P[26], ey1 = P[27], ey2 = P[28], e00 = P[29], e01 = P[30], e02 = P[31];
  const ox = P[4], oz = P[5]; // camera position inside the room (x, z); height is view.height
  // a ray parallel to a surface meets it at infinity; read from the Float64Array like the rest, because
  // the literal Infinity made the optimised loop box each pixel's three distances (130 KB per image)
  P[7] = Infinity;
  const never = P[7];
  const yFloor = -P[6], yCeil = 2 * hy - P[6];
  const gather = gatherList(W * H);
  let n = 0;
  for (let py = 0, p = 0; py < H; py++) {
    let dx = e00 + ey0 * py, dy = e01 + ey1 * py, dz = e02 + ey2 * py;
    for (let px = 0; px < W; px++, p++, dx += ex0, dy += ex1, dz += ex2) {
      if (need !== null && need[p] === 0) continue;
      const tx = dx > 0 ? (hx - ox) / dx : dx < 0 ? (-hx - ox) / dx : never;
      const tz = dz > 0 ? (hz - oz) / dz : dz < 0 ? (-hz - oz) / dz : never;
      const ty = dy > 0 ? yCeil / dy : dy < 0 ? yFloor / dy : never;
      let base: number, u: number, v: number, shade: number;
      if (ty <= tx && ty <= tz) {
        u = ox + dx * ty; v = oz + dz * ty;
        base = dy < 0 ? FLOOR : CEILING; shade = dy < 0 ? 1 : 0.85;
      } else if (tx <= tz) {
        u = oz + dz * tx; v = dy * tx; base = WALL; shade = 0.9;
      } else {
        u = ox + dx * tz; v = dy * tz; base = WALL; shade = 1;
      }
      gather.pixel[n] = p; gather.texel[n] = base + (((v * ts) | 0) & M) * T + (((u * ts) | 0) & M); gather.k[n] = shade * INV255;
      n++;
    }
  }
  shadeRoom(gather, n, s.surfaces, out);
}

/** texel times its surface's shade */
function shadeRoom(gather: Gather, n: number, tex: IndexedTile, out: Float32Array): void {
  const { pixel, texel, k: shade } = gather, colour = tex.texels, rgb = tex.palette;
  for (let i = 0; i < n; i++) {
    const k = colour[texel[i]] * 3, sh = shade[i], o = pixel[i] * 3;
    out[o] = rgb[k] * sh; out[o + 1] = rgb[k + 1] * sh; out[o + 2] = rgb[k + 2] * sh;
  }
}
