// Rotations and the paper's Euler angles (R^xy, R^yz, R^zx), camera frame x right, y up, z forward.
//
// Convention (matches Unity, which TDW uses: Quaternion.eulerAngles applies z, then x, then y):
//   R = Ry(rzx) · Rx(ryz) · Rz(rxy)
// rxy turns the object in the image (xy) plane, ryz tilts it about the horizontal axis, rzx turns it
// about the vertical axis. Ranges: rxy, rzx in (-pi, pi], ryz in [-pi/2, pi/2]. scipy equivalent:
// Rotation.from_euler('YXZ', [rzx, ryz, rxy]).as_matrix().
// Matrices are row-major Float64Array(9); p_camera = R · p_object + t.

import type { Random } from '../random/index.js';

export interface Euler {
  rxy: number;
  ryz: number;
  rzx: number;
}

export function eulerToMatrix(e: Euler, out = new Float64Array(9)): Float64Array {
  const ca = Math.cos(e.ryz), sa = Math.sin(e.ryz);
  const cb = Math.cos(e.rzx), sb = Math.sin(e.rzx);
  const cg = Math.cos(e.rxy), sg = Math.sin(e.rxy);
  out[0] = cb * cg + sb * sa * sg; out[1] = -cb * sg + sb * sa * cg; out[2] = sb * ca;
  out[3] = ca * sg; out[4] = ca * cg; out[5] = -sa;
  out[6] = -sb * cg + cb * sa * sg; out[7] = sb * sg + cb * sa * cg; out[8] = cb * ca;
  return out;
}

export function matrixToEuler(m: ArrayLike<number>): Euler {
  const s = Math.max(-1, Math.min(1, -m[5]));
  const ryz = Math.asin(s);
  if (Math.abs(s) < 1 - 1e-9) {
    return { rxy: Math.atan2(m[3], m[4]), ryz, rzx: Math.atan2(m[2], m[8]) };
  }
  // gimbal lock (ryz = ±90°): only rzx ∓ rxy is defined; put it all in rzx
  return { rxy: 0, ryz, rzx: Math.atan2(-m[6], m[0]) };
}

export function matMul(a: ArrayLike<number>, b: ArrayLike<number>, out = new Float64Array(9)): Float64Array {
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      out[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
    }
  }
  return out;
}

export function quatToMatrix(w: number, x: number, y: number, z: number, out = new Float64Array(9)): Float64Array {
  out[0] = 1 - 2 * (y * y + z * z); out[1] = 2 * (x * y - w * z); out[2] = 2 * (x * z + w * y);
  out[3] = 2 * (x * y + w * z); out[4] = 1 - 2 * (x * x + z * z); out[5] = 2 * (y * z - w * x);
  out[6] = 2 * (x * z - w * y); out[7] = 2 * (y * z + w * x); out[8] = 1 - 2 * (x * x + y * y);
  return out;
}

/**
 * A random rotation. maxAngle >= pi: uniform on SO(3) (Shoemake's method). Otherwise a uniformly random
 * axis and an angle uniform in [0, maxAngle] (a configurable, reduced pose range).
 */
export function randomRotation(rng: Random, maxAngle = Math.PI): Float64Array {
  if (maxAngle >= Math.PI) {
    const u1 = rng.uniform(), u2 = rng.uniform() * 2 * Math.PI, u3 = rng.uniform() * 2 * Math.PI;
    const a = Math.sqrt(1 - u1), b = Math.sqrt(u1);
    return quatToMatrix(a * Math.sin(u2), a * Math.cos(u2), b * Math.sin(u3), b * Math.cos(u3));
  }
  const cz = rng.between(-1, 1), phi = rng.between(0, 2 * Math.PI), r = Math.sqrt(1 - cz * cz);
  const ang = rng.between(0, maxAngle), s = Math.sin(ang / 2);
  return quatToMatrix(Math.cos(ang / 2), r * Math.cos(phi) * s, r * Math.sin(phi) * s, cz * s);
}

/** Camera orientation in the world from yaw (about world y), pitch (about x, up positive) and roll (about z). */
export function cameraMatrix(yaw: number, pitch: number, roll: number): Float64Array {
  // world = Ry(yaw) · Rx(-pitch) · Rz(roll) · camera; with y up and z forward, Rx(-pitch) lifts the view
  return eulerToMatrix({ rzx: yaw, ryz: -pitch, rxy: roll });
}
