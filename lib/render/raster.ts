// Software triangle rasterizer: perspective camera (pinhole, x right, y up, z forward), z-buffer,
// Gouraud shading of per-vertex Lambert lighting, two-sided (the normal facing the camera is lit, so
// open surfaces such as bowls look right from inside). Scratch buffers are reused: no allocation per
// pixel or per image once warmed up.

import type { Mesh } from './mesh.js';

export interface Light {
  /** unit vector towards the light, camera frame */
  dir: [number, number, number];
  /** light colour times intensity */
  color: [number, number, number];
  /** ambient colour (sky/room fill) */
  ambient: [number, number, number];
}

export interface Pose {
  /** row-major rotation, object -> camera */
  R: ArrayLike<number>;
  /** object centre in the camera frame */
  t: [number, number, number];
  /** uniform scale applied before the rotation (default 1) */
  scale?: number;
}

/** Target of one object render at width x height pixels (already supersampled if wanted). */
export class FrameBuffer {
  readonly rgb: Float32Array;
  /** 1/z of the nearest surface; 0 = empty (background) */
  readonly invz: Float32Array;
  /** rows [top, bottom] hold everything drawn since the last clear (top > bottom: nothing) */
  top: number;
  bottom = -1;
  constructor(readonly width: number, readonly height: number) {
    this.rgb = new Float32Array(width * height * 3);
    this.invz = new Float32Array(width * height);
    this.top = height;
  }
  clear(): void {
    this.invz.fill(0);
    this.top = this.height;
    this.bottom = -1;
  }
}

/** focal length in pixels for a horizontal field of view */
export function focalFromFov(width: number, fovDeg: number): number {
  return width / 2 / Math.tan((fovDeg * Math.PI) / 360);
}

export class Rasterizer {
  private sx = new Float32Array(0);
  private sy = new Float32Array(0);
  private iz = new Float32Array(0);
  private cz = new Float32Array(0);
  private front = new Float32Array(0);
  private back = new Float32Array(0);
  private nz = new Float32Array(0); // camera-space normal . (-position), >0 when facing the camera

  private ensure(n: number): void {
    if (this.sx.length >= n) return;
    this.sx = new Float32Array(n);
    this.sy = new Float32Array(n);
    this.iz = new Float32Array(n);
    this.cz = new Float32Array(n);
    this.front = new Float32Array(n * 3);
    this.back = new Float32Array(n * 3);
    this.nz = new Float32Array(n);
  }

  /**
   * Draw `mesh` at `pose` into `fb` (which must be cleared by the caller), with focal length `f` pixels
   * and principal point at the image centre. Returns the number of pixels it covered that were empty
   * before, or -1 if a vertex is behind the near plane (nothing drawn).
   */
  draw(mesh: Mesh, pose: Pose, f: number, light: Light, fb: FrameBuffer, cullBackFaces = true): number {
    const P = mesh.positions, N = mesh.normals, C = mesh.colors;
    const nv = P.length / 3;
    this.ensure(nv);
    const { sx, sy, iz, cz, front, back, nz } = this;
    const R = pose.R, tx = pose.t[0], ty = pose.t[1], tz = pose.t[2], sc = pose.scale ?? 1;
    const r0 = R[0], r1 = R[1], r2 = R[2], r3 = R[3], r4 = R[4], r5 = R[5], r6 = R[6], r7 = R[7], r8 = R[8];
    const cx = fb.width / 2, cy = fb.height / 2;
    const lx = light.dir[0], ly = light.dir[1], lz = light.dir[2];
    const lr = light.color[0], lg = light.color[1], lb = light.color[2];
    const ar = light.ambient[0], ag = light.ambient[1], ab = light.ambient[2];
    for (let i = 0, k = 0; i < nv; i++, k += 3) {
      const px = P[k] * sc, py = P[k + 1] * sc, pz = P[k + 2] * sc;
      const x = r0 * px + r1 * py + r2 * pz + tx;
      const y = r3 * px + r4 * py + r5 * pz + ty;
      const z = r6 * px + r7 * py + r8 * pz + tz;
      if (z < 1e-3) return -1;
      const w = 1 / z;
      sx[i] = cx + f * x * w;
      sy[i] = cy - f * y * w;
      iz[i] = w;
      cz[i] = z;
      const qx = N[k], qy = N[k + 1], qz = N[k + 2];
      const nx = r0 * qx + r1 * qy + r2 * qz;
      const ny = r3 * qx + r4 * qy + r5 * qz;
      const nzz = r6 * qx + r7 * qy + r8 * qz;
      nz[i] = -(nx * x + ny * y + nzz * z);
      const d = nx * lx + ny * ly + nzz * lz;
      const df = d > 0 ? d : 0, db = d < 0 ? -d : 0;
      const cr = C[k], cg = C[k + 1], cb = C[k + 2];
      front[k] = cr * (ar + lr * df); front[k + 1] = cg * (ag + lg * df); front[k + 2] = cb * (ab + lb * df);
      back[k] = cr * (ar + lr * db); back[k + 1] = cg * (ag + lg * db); back[k + 2] = cb * (ab + lb * db);
    }
    const I = mesh.indices, cull = mesh.cull;
    const W = fb.width, H = fb.height, rgb = fb.rgb, zb = fb.invz;
    let covered = 0, top = fb.top, bottom = fb.bottom;
    for (let t = 0, tri = 0; t < I.length; t += 3, tri++) {
      const a = I[t], b = I[t + 1], c = I[t + 2];
      const ax = sx[a], ay = sy[a], bx = sx[b], by = sy[b], qx = sx[c], qy = sy[c];
      const area = (bx - ax) * (qy - ay) - (by - ay) * (qx - ax);
      if (area === 0 || area !== area) continue;
      // a closed surface wound outwards (+1) shows positive screen area when it faces the camera
      // (x right, y up, z forward, image y down); back faces of closed parts are always hidden
      if (cullBackFaces && cull[tri] * area < 0) continue;
      // pixels whose centre (x + .5, y + .5) can lie inside the triangle's bounding box
      const lx = ax < bx ? (ax < qx ? ax : qx) : (bx < qx ? bx : qx), hx = ax > bx ? (ax > qx ? ax : qx) : (bx > qx ? bx : qx);
      const ly = ay < by ? (ay < qy ? ay : qy) : (by < qy ? by : qy), hy = ay > by ? (ay > qy ? ay : qy) : (by > qy ? by : qy);
      let minX = Math.ceil(lx - 0.5), maxX = Math.floor(hx - 0.5);
      let minY = Math.ceil(ly - 0.5), maxY = Math.floor(hy - 0.5);
      if (maxX < minX || maxY < minY || maxX < 0 || maxY < 0 || minX >= W || minY >= H) continue;
      if (minX < 0) minX = 0;
      if (minY < 0) minY = 0;
      if (maxX > W - 1) maxX = W - 1;
      if (maxY > H - 1) maxY = H - 1;
      if (minY < top) top = minY;
      if (maxY > bottom) bottom = maxY;
      const col = nz[a] + nz[b] + nz[c] >= 0 ? front : back;
      const inv = 1 / area;
      // barycentric weights as affine functions of the pixel centre: w = e0 + ex*x + ey*y
      const w0x = (by - qy) * inv, w0y = (qx - bx) * inv, w0c = (bx * qy - qx * by) * inv;
      const w1x = (qy - ay) * inv, w1y = (ax - qx) * inv, w1c = (qx * ay - ax * qy) * inv;
      const za = iz[a], zb2 = iz[b], zc = iz[c];
      const ka = a * 3, kb = b * 3, kc = c * 3;
      const ra = col[ka], ga = col[ka + 1], ba = col[ka + 2];
      const rb = col[kb] - col[kc], gb = col[kb + 1] - col[kc + 1], bb = col[kb + 2] - col[kc + 2];
      const rA = ra - col[kc], gA = ga - col[kc + 1], bA = ba - col[kc + 2];
      const rc = col[kc], gc = col[kc + 1], bc = col[kc + 2];
      const dzA = za - zc, dzB = zb2 - zc;
      // rounding is monotone, so a weight that is negative and cannot grow along the row stays negative:
      // the rest of the row is outside (w2 = 1 - w0 - w1 cannot grow when w0 and w1 cannot shrink)
      const w0Falls = w0x <= 0, w1Falls = w1x <= 0, w2Falls = w0x >= 0 && w1x >= 0;
      for (let y = minY; y <= maxY; y++) {
        const pyc = y + 0.5;
        let w0 = w0c + w0y * pyc + w0x * (minX + 0.5);
        let w1 = w1c + w1y * pyc + w1x * (minX + 0.5);
        let o = y * W + minX;
        for (let x = minX; x <= maxX; x++, o++, w0 += w0x, w1 += w1x) {
          const w2 = 1 - w0 - w1;
          if (w0 < 0 || w1 < 0 || w2 < 0) {
            if ((w0 < 0 && w0Falls) || (w1 < 0 && w1Falls) || (w2 < 0 && w2Falls)) break;
            continue;
          }
          const z = zc + w0 * dzA + w1 * dzB;
          const prev = zb[o];
          if (z <= prev) continue;
          if (prev === 0) covered++;
          zb[o] = z;
          const o3 = o * 3;
          rgb[o3] = rc + w0 * rA + w1 * rb;
          rgb[o3 + 1] = gc + w0 * gA + w1 * gb;
          rgb[o3 + 2] = bc + w0 * bA + w1 * bb;
        }
      }
    }
    // as small integers: Math.ceil can give -0, and a double in these fields deoptimised their readers
    fb.top = top | 0;
    fb.bottom = bottom | 0;
    return covered;
  }
}
