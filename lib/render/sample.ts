// One image and its latents: a pure function of (seed, variant, split, index) and the sampling config.
// Sampling follows paper App. A: the object is placed in a cone around the camera's view axis at a range
// of distances, in a uniformly random pose; the camera gets a random roll (and yaw, pitch for the
// background); scene, skybox tint and light are random. Latents are in the camera frame: x right,
// y up, z forward (into the image), rotation as the Euler angles of lib/render/rotation.ts.

import { firstIdentity, identityCount, identityMesh } from './categories/index.js';
import { FrameBuffer, Rasterizer, focalFromFov, type Light } from './raster.js';
import { hashSeed, renderRandom } from '../random/index.js';
import { cameraMatrix, matrixToEuler, randomRotation } from './rotation.js';
import { drawClutter } from './clutter.js';
import { fillBackground, scenes } from './scenes.js';

export interface SamplingConfig {
  /** horizontal (= vertical, square images) field of view, degrees (TDW camera: 60) */
  fovDeg: number;
  /** object centre distance from the camera [min, max] (object longest axis = 1) */
  distance: [number, number];
  /** half-angle (degrees) of the cone around the view axis that holds the object centre */
  coneDeg: number;
  /** put the object centre on the view axis: x = y = 0 (the paper's reduced-translation control) */
  centered: boolean;
  /** largest rotation from the canonical pose, degrees; >= 180 means uniform over all rotations */
  maxRotationDeg: number;
  /** camera roll is uniform in [-rollDeg, rollDeg] */
  rollDeg: number;
  /** camera pitch range (degrees, up positive), background only */
  pitchDeg: [number, number];
  /** reject a pose whose visible object covers less than this fraction of the image; resample */
  minVisibleFraction: number;
  /** give up after this many rejected poses (then the last pose is moved to the closest distance) */
  maxAttempts: number;
  /** supersampling factor per axis (1 = none; 2 = 4 samples per pixel) */
  supersample: number;
}

export const DEFAULT_SAMPLING: SamplingConfig = {
  fovDeg: 60,
  distance: [1.3, 3.4],
  coneDeg: 22,
  centered: false,
  maxRotationDeg: 180,
  rollDeg: 45,
  pitchDeg: [-15, 30],
  minVisibleFraction: 0.01,
  maxAttempts: 20,
  supersample: 1,
};

export interface Latents {
  x: number; y: number; z: number;
  rxy: number; ryz: number; rzx: number;
  category: number; identity: number; scene: number;
  /** projected object centre, pixels (u right, v down; pixel centres at +0.5) */
  u: number; v: number;
  /** bounding box of the visible object pixels [x0, y0, x1, y1] inclusive, output pixels */
  bx0: number; by0: number; bx1: number; by1: number;
  /** fraction of image pixels covered by the object */
  visible: number;
  /** camera orientation in the scene (degrees) */
  roll: number; pitch: number; yaw: number;
  /** unit direction to the light in the camera frame, light intensity and colour, ambient level */
  lx: number; ly: number; lz: number; light: number; lr: number; lg: number; lb: number; ambient: number;
  /** number of poses drawn before one was visible enough (1 = first) */
  attempts: number;
  /** background props placed behind the object */
  clutter: number;
}

/** Names and order of the latents.csv columns after `index`. */
export const LATENT_COLUMNS: (keyof Latents)[] = ['x', 'y', 'z', 'rxy', 'ryz', 'rzx', 'category', 'identity', 'scene', 'u', 'v',
  'bx0', 'by0', 'bx1', 'by1', 'visible', 'roll', 'pitch', 'yaw', 'lx', 'ly', 'lz', 'light', 'lr', 'lg', 'lb', 'ambient', 'attempts', 'clutter'];

const DEG = Math.PI / 180;

/** Renders samples of one size; reuses its buffers (one per worker). */
export class SampleRenderer {
  private raster = new Rasterizer();
  private fb: FrameBuffer;
  private clutterFb: FrameBuffer;
  private bg: Float32Array;
  private need: Uint8Array;
  readonly f: number;
  readonly fHi: number;

  constructor(readonly size: number, readonly cfg: SamplingConfig = DEFAULT_SAMPLING) {
    const s = cfg.supersample;
    this.fb = new FrameBuffer(size * s, size * s);
    this.clutterFb = new FrameBuffer(size, size);
    this.bg = new Float32Array(size * size * 3);
    this.need = new Uint8Array(size * size);
    this.f = focalFromFov(size, cfg.fovDeg);
    this.fHi = this.f * s;
    scenes();
  }

  /**
   * Render sample `seed` (already hashed from dataset seed, variant, split, index) with its object drawn from
   * `categories` (global category indices) into out[offset .. offset + size*size*3) as uint8 RGB.
   * `pose`, if given, receives the rotation matrix and light used (for tests and tools).
   */
  render(seed: number, categories: readonly number[], out: Uint8Array, offset: number, pose?: { R?: Float64Array; light?: Light }): Latents {
    const rng = renderRandom(seed);
    const cfg = this.cfg, size = this.size, s = cfg.supersample, fb = this.fb;
    const category = categories[rng.int(categories.length)];
    const identity = firstIdentity(category) + rng.int(identityCount(category));
    const mesh = identityMesh(identity);
    const sceneIdx = rng.int(scenes().length);
    const scene = scenes()[sceneIdx];

    const yaw = rng.between(-180, 180), pitch = rng.between(cfg.pitchDeg[0], cfg.pitchDeg[1]), roll = rng.between(-cfg.rollDeg, cfg.rollDeg);
    const cam = cameraMatrix(yaw * DEG, pitch * DEG, roll * DEG);
    const height = scene.kind === 'outdoor' ? rng.between(1.2, 3) : rng.between(1.2, 2 * scene.half[1] - 1);
    const ox = scene.kind === 'outdoor' ? rng.between(0, 1000) : rng.between(-scene.half[0] + 1.5, scene.half[0] - 1.5);
    const oz = scene.kind === 'outdoor' ? rng.between(0, 1000) : rng.between(-scene.half[2] + 1.5, scene.half[2] - 1.5);
    const skyTint: [number, number, number] = [rng.between(0.85, 1.15), rng.between(0.85, 1.15), rng.between(0.85, 1.15)];

    // sun/lamp: world direction above the horizon, random colour tint and intensity
    const el = rng.between(15, 75) * DEG, az = rng.between(0, 2 * Math.PI);
    const sun: [number, number, number] = [Math.cos(el) * Math.sin(az), Math.sin(el), Math.cos(el) * Math.cos(az)];
    const intensity = rng.between(0.55, 1.05);
    const tint = [rng.between(0.85, 1.1), rng.between(0.85, 1.1), rng.between(0.85, 1.1)];
    const amb = rng.between(0.7, 1.3);
    // camera-frame light = cam^T · world
    const lx = cam[0] * sun[0] + cam[3] * sun[1] + cam[6] * sun[2];
    const ly = cam[1] * sun[0] + cam[4] * sun[1] + cam[7] * sun[2];
    const lz = cam[2] * sun[0] + cam[5] * sun[1] + cam[8] * sun[2];
    const light: Light = {
      dir: [lx, ly, lz],
      color: [scene.sunColor[0] * intensity * tint[0], scene.sunColor[1] * intensity * tint[1], scene.sunColor[2] * intensity * tint[2]],
      ambient: [scene.ambient[0] * amb, scene.ambient[1] * amb, scene.ambient[2] * amb],
    };

    const W = size * s, npx = W * W;
    const minPx = cfg.minVisibleFraction * npx;
    let x = 0, y = 0, z = 0, R: Float64Array = new Float64Array(9), covered = 0, attempts = 0;
    const cosCone = Math.cos(cfg.coneDeg * DEG);
    for (;;) {
      attempts++;
      const d = rng.between(cfg.distance[0], cfg.distance[1]);
      // direction uniform on the spherical cap around +z
      const cz = cfg.centered ? 1 : 1 - rng.uniform() * (1 - cosCone), phi = rng.between(0, 2 * Math.PI);
      const sr = Math.sqrt(Math.max(0, 1 - cz * cz));
      x = d * sr * Math.cos(phi); y = d * sr * Math.sin(phi); z = d * cz;
      R = randomRotation(rng, cfg.maxRotationDeg * DEG);
      if (attempts >= cfg.maxAttempts) { x *= cfg.distance[0] / d; y *= cfg.distance[0] / d; z *= cfg.distance[0] / d; }
      fb.clear();
      covered = Math.max(0, this.raster.draw(mesh, { R, t: [x, y, z] }, this.fHi, light, fb));
      if (covered >= minPx || attempts >= cfg.maxAttempts) break;
    }

    // composite: object where covered, background elsewhere (background computed at output resolution)
    const need = this.need, bg = this.bg, zb = fb.invz, hi = fb.rgb;
    // at output resolution the object's colours go straight into bg, which then becomes the image
    const box = s === 1 ? coverage1(fb, size, need, bg) : coverageS(zb, size, s, need);
    const clutter = drawClutter(rng, {
      cam, height, maxDistance: scene.kind === 'outdoor' ? 40 : 2 * Math.max(scene.half[0], scene.half[2]), objectDistance: Math.hypot(x, y, z),
      fog: scene.kind === 'outdoor' ? scene.fog : null, fogDist: scene.kind === 'outdoor' ? scene.fogDist : 1,
      room: scene.kind === 'indoor' ? { hx: scene.half[0], hz: scene.half[2], ox, oz } : undefined,
    }, this.f, light, this.raster, this.clutterFb);
    // clutter goes into the background pixels first and takes them off the fill's list
    if (clutter > 0) {
      const cfb = this.clutterFb, cz = cfb.invz, crgb = cfb.rgb;
      for (let p = cfb.top * size, end = (cfb.bottom + 1) * size; p < end; p++) { // only the rows drawn on
        if (cz[p] > 0 && need[p] !== 0) { bg[p * 3] = crgb[p * 3]; bg[p * 3 + 1] = crgb[p * 3 + 1]; bg[p * 3 + 2] = crgb[p * 3 + 2]; need[p] = 0; }
      }
    }
    fillBackground(scene, { cam, height, ox, oz, skyTint }, this.f, size, size, bg, need, sun);
    if (s === 1) toBytes(bg, out, offset);
    else compositeS(zb, hi, bg, size, s, out, offset);
    if (pose) { pose.R = R; pose.light = light; }
    const e = matrixToEuler(R);
    return {
      x, y, z, rxy: e.rxy, ryz: e.ryz, rzx: e.rzx, category, identity, scene: sceneIdx,
      u: size / 2 + (this.f * x) / z, v: size / 2 - (this.f * y) / z,
      bx0: box[0], by0: box[1], bx1: box[2], by1: box[3], visible: covered / npx, roll, pitch, yaw,
      lx, ly, lz, light: intensity, lr: tint[0], lg: tint[1], lb: tint[2], ambient: amb, attempts, clutter,
    };
  }
}

/**
 * need[p] = 1 where the background shows, and the object's colour copied into bg where it does not;
 * returns the object's pixel bounding box [x0, y0, x1, y1]
 */
function coverage1(fb: FrameBuffer, size: number, need: Uint8Array, bg: Float32Array): number[] {
  const zb = fb.invz, hi = fb.rgb;
  let bx0 = size, by0 = size, bx1 = -1, by1 = -1;
  need.fill(1);
  // only the rows the object was drawn on can be covered
  for (let py = fb.top, p = fb.top * size; py <= fb.bottom; py++) {
    let first = -1, last = -1; // the row's covered span, folded into the box once per row
    for (let px = 0; px < size; px++, p++) {
      if (zb[p] > 0) {
        need[p] = 0;
        bg[p * 3] = hi[p * 3]; bg[p * 3 + 1] = hi[p * 3 + 1]; bg[p * 3 + 2] = hi[p * 3 + 2];
        if (first < 0) first = px;
        last = px;
      }
    }
    if (last >= 0) {
      if (first < bx0) bx0 = first;
      if (last > bx1) bx1 = last;
      if (py < by0) by0 = py;
      by1 = py;
    }
  }
  return [bx0, by0, bx1, by1];
}

function coverageS(zb: Float32Array, size: number, s: number, need: Uint8Array): number[] {
  const W = size * s, ss = s * s;
  let bx0 = size, by0 = size, bx1 = -1, by1 = -1;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let n = 0;
      for (let dy = 0; dy < s; dy++) for (let dx = 0; dx < s; dx++) if (zb[(py * s + dy) * W + px * s + dx] > 0) n++;
      need[py * size + px] = n < ss ? 1 : 0;
      if (n > 0) {
        if (px < bx0) bx0 = px;
        if (px > bx1) bx1 = px;
        if (py < by0) by0 = py;
        if (py > by1) by1 = py;
      }
    }
  }
  return [bx0, by0, bx1, by1];
}

/** colours 0-1 to bytes: a clamped view rounds and clamps in the store itself (ToUint8Clamp: round half to even) */
function toBytes(rgb: Float32Array, out: Uint8Array, offset: number): void {
  const n = rgb.length, o8 = new Uint8ClampedArray(out.buffer, out.byteOffset + offset, n);
  // a pixel per iteration: a third of the loop overhead of a byte per iteration (a third faster)
  for (let i = 0; i < n; i += 3) { o8[i] = rgb[i] * 255; o8[i + 1] = rgb[i + 1] * 255; o8[i + 2] = rgb[i + 2] * 255; }
}

function compositeS(zb: Float32Array, hi: Float32Array, bg: Float32Array, size: number, s: number, out: Uint8Array, offset: number): void {
  const W = size * s, ss = s * s;
  for (let py = 0, p = 0; py < size; py++) {
    for (let px = 0; px < size; px++, p++) {
      let r = 0, g = 0, b = 0;
      for (let dy = 0; dy < s; dy++) {
        for (let dx = 0; dx < s; dx++) {
          const q = (py * s + dy) * W + px * s + dx;
          if (zb[q] > 0) { r += hi[q * 3]; g += hi[q * 3 + 1]; b += hi[q * 3 + 2]; } else { r += bg[p * 3]; g += bg[p * 3 + 1]; b += bg[p * 3 + 2]; }
        }
      }
      const o = offset + p * 3;
      out[o] = toByte(r / ss); out[o + 1] = toByte(g / ss); out[o + 2] = toByte(b / ss);
    }
  }
}

function toByte(v: number): number {
  const b = Math.round(v * 255);
  return b < 0 ? 0 : b > 255 ? 255 : b;
}

/** Seed of sample `index` of a dataset: the pure-function key of the whole pipeline. */
export function sampleSeed(seed: number, variant: string, split: string, index: number): number {
  return hashSeed(seed, variant, split, index);
}

