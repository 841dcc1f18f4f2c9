// Background clutter: a few plain props (crates, posts, barrels, boulders, cones) standing on the ground
// or floor of the scene, behind the object, fogged with distance. They add the distractors a TDW scene
// has (the paper's scene spaces are furnished) without hiding the object: the object is always drawn
// on top, and clutter is only placed farther away than the object.
import { box, cone, cyl, normalise, sphere, type Mesh, type Part, type RGB } from './mesh.js';
import { FrameBuffer, Rasterizer, type Light } from './raster.js';
import { type Random, renderRandom } from '../random/index.js';
import { eulerToMatrix, matMul } from './rotation.js';
import { hex } from './textures.js';

const MUTED: RGB[] = ['#7a6a58', '#5e6b5a', '#8a8274', '#6b5f73', '#9a8c6c', '#586574', '#7d5b4a', '#a39e93'].map(hex);

let props: Mesh[] | undefined;
/** 16 low-poly props, each resting on y = -0.5 (normalised: longest axis 1, centred). */
function clutterMeshes(): Mesh[] {
  if (props) return props;
  const rng = renderRandom(4242);
  const makers: ((c: RGB) => Part[])[] = [
    (c) => [box(1, 0.8, 0.9, c)],
    (c) => [box(0.4, 1, 0.4, c)],
    (c) => [cyl(0.35, 1, c, 10)],
    (c) => [cone(0.4, 1, c, 10)],
    (c) => { const r = sphere(0.5, c, 8, 6); for (let i = 0; i < r.pos.length; i++) r.pos[i] *= 0.85 + 0.3 * rng.uniform(); return [r.scale(1, 0.6, 0.9)]; },
    (c) => [box(1, 0.3, 0.5, c), box(0.1, 0.5, 0.1, c).move(0.4, -0.4, 0), box(0.1, 0.5, 0.1, c).move(-0.4, -0.4, 0)],
    (c) => [cyl(0.3, 0.7, c, 10), sphere(0.3, c, 8, 5).move(0, 0.35, 0)],
    (c) => [box(0.8, 0.8, 0.8, c).rot(0, 45, 0)],
  ];
  props = [];
  for (let i = 0; i < 16; i++) props.push(normalise(makers[i % makers.length](MUTED[rng.int(MUTED.length)])));
  return props;
}

export interface ClutterView {
  /** camera -> world rotation (row-major) */
  cam: Float64Array;
  /** camera height above the ground / floor */
  height: number;
  /** distance beyond which nothing is placed (room size indoors) */
  maxDistance: number;
  /** object distance: clutter stays at least 1.5 units behind it */
  objectDistance: number;
  fog: RGB | null;
  fogDist: number;
  /** indoors: room half-sizes and the camera's position in the room (props must stand inside it) */
  room?: { hx: number; hz: number; ox: number; oz: number };
}

/**
 * Draw 0-3 props into `fb` (cleared here) and fog them; returns how many were placed. Each prop stands
 * where a random pixel ray hits the ground, 1 + size/2 to 15 units beyond the object.
 */
export function drawClutter(rng: Random, v: ClutterView, f: number, light: Light, raster: Rasterizer, fb: FrameBuffer): number {
  fb.clear();
  const meshes = clutterMeshes();
  const tries = 2 + rng.int(5); // many rays miss the ground or land too near: keep at most 3 props
  const m = v.cam;
  const W = fb.width;
  let placed = 0;
  for (let i = 0; i < tries && placed < 3; i++) {
    const mesh = meshes[rng.int(meshes.length)], size = v.room ? rng.between(0.4, 1.2) : rng.between(0.6, 2.2), yaw = rng.between(-Math.PI, Math.PI);
    // a ray through a random pixel below the horizon
    const xn = rng.between(-0.5, 0.5) * W / f, yn = -rng.between(-0.5, 0.5) * W / f;
    const dx = m[0] * xn + m[1] * yn + m[2], dy = m[3] * xn + m[4] * yn + m[5], dz = m[6] * xn + m[7] * yn + m[8];
    if (dy >= -1e-3) continue;
    const t = -v.height / dy; // ground hit, world offset from the camera = t * d
    const dist = t * Math.hypot(dx, dy, dz);
    if (dist < v.objectDistance + 1 + size / 2 || dist > Math.min(v.maxDistance, v.objectDistance + 15)) continue;
    // prop centre half its size above the ground, then into the camera frame (cam^T)
    const wx = t * dx, wy = t * dy + size / 2, wz = t * dz;
    if (v.room && (Math.abs(v.room.ox + wx) > v.room.hx - size || Math.abs(v.room.oz + wz) > v.room.hz - size)) continue;
    const cx = m[0] * wx + m[3] * wy + m[6] * wz, cy = m[1] * wx + m[4] * wy + m[7] * wz, cz = m[2] * wx + m[5] * wy + m[8] * wz;
    const camT = [m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]];
    const R = matMul(camT, eulerToMatrix({ rxy: 0, ryz: 0, rzx: yaw }));
    if (raster.draw(mesh, { R, t: [cx, cy, cz], scale: size }, f, light, fb) > 0) placed++;
  }
  if (v.fog && placed > 0) {
    const [fr, fg, fb2] = v.fog, rgb = fb.rgb, zb = fb.invz;
    for (let p = fb.top * W, end = (fb.bottom + 1) * W; p < end; p++) { // only the rows drawn on
      if (zb[p] === 0) continue;
      const d = 1 / zb[p], k = d / (d + v.fogDist);
      rgb[p * 3] += (fr - rgb[p * 3]) * k; rgb[p * 3 + 1] += (fg - rgb[p * 3 + 1]) * k; rgb[p * 3 + 2] += (fb2 - rgb[p * 3 + 2]) * k;
    }
  }
  return placed;
}
