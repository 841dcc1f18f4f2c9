// Meshes and the primitives the object families are built from. A Part is an indexed triangle mesh in
// plain number arrays; transforms apply to its vertices at once. normalise() merges parts into one
// Mesh (typed arrays) centred on its bounding-box centre with its longest axis = 1 (paper App. A:
// "all objects are scaled to a uniform size so that their longer axis is the same").

export type RGB = readonly [number, number, number];
export type V2 = readonly [number, number];
export type V3 = readonly [number, number, number];

export interface Mesh {
  positions: Float32Array; // xyz per vertex
  normals: Float32Array; // unit, per vertex (smooth within a surface, split at creases)
  colors: Float32Array; // linear rgb in [0, 1] per vertex
  indices: Uint32Array; // 3 per triangle
  /**
   * Back-face culling per triangle: 0 = two-sided (open surface), +1 / -1 = part of a closed surface
   * wound outwards / inwards, so the triangle is hidden when its screen-space area has the opposite sign.
   */
  cull: Int8Array;
}

/**
 * +1 / -1 if the triangles form a closed, consistently wound surface (once coincident vertices are
 * welded, every directed edge appears once and its reverse once) wound outwards / inwards (sign of the
 * enclosed volume), else 0.
 */
export function closedOrientation(pos: readonly number[], idx: readonly number[]): number {
  // weld: rounded coordinates -> one id (numeric hash buckets, exact comparison within a bucket)
  const buckets = new Map<number, number[]>();
  const ids = new Int32Array(pos.length / 3).fill(-1);
  const q = (v: number) => Math.round(v * 1e5);
  let next = 0;
  const id = (v: number) => {
    if (ids[v] >= 0) return ids[v];
    const x = q(pos[v * 3]), y = q(pos[v * 3 + 1]), z = q(pos[v * 3 + 2]);
    const h = ((x * 73856093) ^ (y * 19349663) ^ (z * 83492791)) | 0;
    let list = buckets.get(h);
    if (!list) { list = []; buckets.set(h, list); }
    for (let i = 0; i < list.length; i += 4) {
      if (list[i] === x && list[i + 1] === y && list[i + 2] === z) return (ids[v] = list[i + 3]);
    }
    list.push(x, y, z, next);
    return (ids[v] = next++);
  };
  const edges = new Map<number, number>(); // directed edge u * 2^24 + v -> count
  const E = 16777216;
  let vol = 0;
  for (let t = 0; t < idx.length; t += 3) {
    const a = id(idx[t]), b = id(idx[t + 1]), c = id(idx[t + 2]);
    if (a === b || b === c || a === c) continue; // degenerate (poles, creases)
    for (const k of [a * E + b, b * E + c, c * E + a]) edges.set(k, (edges.get(k) ?? 0) + 1);
    const i0 = idx[t] * 3, i1 = idx[t + 1] * 3, i2 = idx[t + 2] * 3;
    const x0 = pos[i0], y0 = pos[i0 + 1], z0 = pos[i0 + 2], x1 = pos[i1], y1 = pos[i1 + 1], z1 = pos[i1 + 2];
    const x2 = pos[i2], y2 = pos[i2 + 1], z2 = pos[i2 + 2];
    vol += x0 * (y1 * z2 - z1 * y2) - y0 * (x1 * z2 - z1 * x2) + z0 * (x1 * y2 - y1 * x2);
  }
  // closed and consistently wound: each directed edge once, and its reverse once
  for (const [k, n] of edges) {
    if (n !== 1) return 0;
    const u = Math.floor(k / E), v = k - u * E;
    if (edges.get(v * E + u) !== 1) return 0;
  }
  return edges.size === 0 || Math.abs(vol) < 1e-12 ? 0 : Math.sign(vol);
}

const DEG = Math.PI / 180;

export class Part {
  constructor(
    public pos: number[],
    public idx: number[],
    public color: RGB,
    /** optional per-vertex colour (overrides color), computed from the untransformed vertex */
    public vcol?: number[],
  ) {}

  move(x: number, y: number, z: number): this {
    const p = this.pos;
    for (let i = 0; i < p.length; i += 3) { p[i] += x; p[i + 1] += y; p[i + 2] += z; }
    return this;
  }

  scale(sx: number, sy = sx, sz = sx): this {
    const p = this.pos;
    for (let i = 0; i < p.length; i += 3) { p[i] *= sx; p[i + 1] *= sy; p[i + 2] *= sz; }
    return this;
  }

  /** rotate by degrees about x, then y, then z (fixed axes) */
  rot(ax: number, ay = 0, az = 0): this {
    const p = this.pos;
    const rotAxis = (a: number, i0: number, i1: number) => {
      if (!a) return;
      const c = Math.cos(a * DEG), s = Math.sin(a * DEG);
      for (let i = 0; i < p.length; i += 3) {
        const u = p[i + i0], v = p[i + i1];
        p[i + i0] = c * u - s * v;
        p[i + i1] = s * u + c * v;
      }
    };
    rotAxis(ax, 1, 2);
    rotAxis(ay, 2, 0);
    rotAxis(az, 0, 1);
    return this;
  }

  /** per-vertex colour from the vertex position at the time of the call */
  paint(fn: (x: number, y: number, z: number) => RGB): this {
    const p = this.pos;
    const out: number[] = [];
    for (let i = 0; i < p.length; i += 3) out.push(...fn(p[i], p[i + 1], p[i + 2]));
    this.vcol = out;
    return this;
  }

  clone(): Part {
    return new Part(this.pos.slice(), this.idx.slice(), this.color, this.vcol?.slice());
  }

  get triangles(): number {
    return this.idx.length / 3;
  }
}

/** A parametric surface on an (nu+1) x (nv+1) grid; wrapU closes the seam so normals are smooth across it. */
export function grid(nu: number, nv: number, f: (u: number, v: number) => V3, color: RGB, wrapU = true): Part {
  const pos: number[] = [];
  const idx: number[] = [];
  const cols = wrapU ? nu : nu + 1;
  for (let j = 0; j <= nv; j++) {
    for (let i = 0; i < cols; i++) pos.push(...f(i / nu, j / nv));
  }
  for (let j = 0; j < nv; j++) {
    for (let i = 0; i < nu; i++) {
      const i1 = wrapU ? (i + 1) % nu : i + 1;
      const a = j * cols + i, b = j * cols + i1, c = (j + 1) * cols + i, d = (j + 1) * cols + i1;
      idx.push(a, c, b, b, c, d);
    }
  }
  return new Part(pos, idx, color);
}

/**
 * Surface of revolution about y from a profile of (radius, height) points. Repeat a point to make a
 * crease (a sharp rim). End points with radius 0 close the surface.
 */
export function lathe(profile: readonly V2[], color: RGB, segs = 20): Part {
  const n = profile.length - 1;
  return grid(segs, n, (u, v) => {
    const [r, y] = profile[Math.round(v * n)];
    const a = u * 2 * Math.PI;
    return [r * Math.cos(a), y, r * Math.sin(a)];
  }, color);
}

/** Smooth lathe: a profile function r(t), y(t) for t in [0, 1] sampled at n steps. */
export function latheFn(n: number, f: (t: number) => V2, color: RGB, segs = 20): Part {
  const prof: V2[] = [];
  for (let i = 0; i <= n; i++) prof.push(f(i / n));
  return lathe(prof, color, segs);
}

/** Frustum/cylinder along y, centred at the origin, capped (creased rims). */
export function cyl(r: number, h: number, color: RGB, segs = 16, rTop = r): Part {
  const y0 = -h / 2, y1 = h / 2;
  return lathe([[0, y0], [r, y0], [r, y0], [rTop, y1], [rTop, y1], [0, y1]], color, segs);
}

export function cone(r: number, h: number, color: RGB, segs = 16): Part {
  return lathe([[0, -h / 2], [r, -h / 2], [r, -h / 2], [0, h / 2]], color, segs);
}

export function sphere(r: number, color: RGB, segs = 16, rings = 10): Part {
  return grid(segs, rings, (u, v) => {
    const th = v * Math.PI, ph = u * 2 * Math.PI;
    return [r * Math.sin(th) * Math.cos(ph), -r * Math.cos(th), r * Math.sin(th) * Math.sin(ph)];
  }, color);
}

export function ellipsoid(rx: number, ry: number, rz: number, color: RGB, segs = 16, rings = 10): Part {
  return sphere(1, color, segs, rings).scale(rx, ry, rz);
}

/** Superquadric (Barr): e1 shapes the vertical profile, e2 the horizontal section (1 = round, ->0 = boxy). */
export function superquadric(rx: number, ry: number, rz: number, e1: number, e2: number, color: RGB, segs = 20, rings = 12): Part {
  const sp = (w: number, m: number) => Math.sign(w) * Math.pow(Math.abs(w), m);
  return grid(segs, rings, (u, v) => {
    const th = -Math.PI / 2 + v * Math.PI, ph = -Math.PI + u * 2 * Math.PI;
    const ct = sp(Math.cos(th), e1), st = sp(Math.sin(th), e1);
    return [rx * ct * sp(Math.cos(ph), e2), ry * st, rz * ct * sp(Math.sin(ph), e2)];
  }, color);
}

/** Torus in the xz plane (axis y); arc < 2pi gives an open segment (a handle). */
export function torus(R: number, r: number, color: RGB, segs = 20, tube = 8, arc = 2 * Math.PI): Part {
  const full = arc >= 2 * Math.PI - 1e-9;
  const nu = segs;
  const p = grid(tube, nu, (u, v) => {
    const a = v * arc, b = u * 2 * Math.PI;
    const rr = R + r * Math.cos(b);
    return [rr * Math.cos(a), r * Math.sin(b), rr * Math.sin(a)];
  }, color);
  if (full) {
    // weld the last ring onto the first so the seam is smooth
    const ring = tube;
    const last = nu * ring;
    for (let i = 0; i < p.idx.length; i++) if (p.idx[i] >= last) p.idx[i] -= last;
    p.pos.length = last * 3;
  }
  return p;
}

export function box(w: number, h: number, d: number, color: RGB): Part {
  const x = w / 2, y = h / 2, z = d / 2;
  const pos: number[] = [];
  const idx: number[] = [];
  const face = (c: V3[]) => {
    const b = pos.length / 3;
    for (const v of c) pos.push(...v);
    idx.push(b, b + 1, b + 2, b, b + 2, b + 3);
  };
  face([[-x, -y, z], [x, -y, z], [x, y, z], [-x, y, z]]);
  face([[x, -y, -z], [-x, -y, -z], [-x, y, -z], [x, y, -z]]);
  face([[x, -y, z], [x, -y, -z], [x, y, -z], [x, y, z]]);
  face([[-x, -y, -z], [-x, -y, z], [-x, y, z], [-x, y, -z]]);
  face([[-x, y, z], [x, y, z], [x, y, -z], [-x, y, -z]]);
  face([[-x, -y, -z], [x, -y, -z], [x, -y, z], [-x, -y, z]]);
  return new Part(pos, idx, color);
}

/** Ear-clipping triangulation of a simple polygon (either winding). */
export function triangulate(poly: readonly V2[]): number[] {
  const n = poly.length;
  let area = 0;
  for (let i = 0; i < n; i++) {
    const [x0, y0] = poly[i], [x1, y1] = poly[(i + 1) % n];
    area += x0 * y1 - x1 * y0;
  }
  const sgn = area >= 0 ? 1 : -1;
  const rest = [...Array(n).keys()];
  const out: number[] = [];
  const cross = (a: V2, b: V2, c: V2) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  let guard = 0;
  while (rest.length > 3 && guard++ < 10 * n) {
    let clipped = false;
    for (let k = 0; k < rest.length; k++) {
      const ia = rest[(k + rest.length - 1) % rest.length], ib = rest[k], ic = rest[(k + 1) % rest.length];
      const a = poly[ia], b = poly[ib], c = poly[ic];
      if (sgn * cross(a, b, c) <= 1e-12) continue;
      let inside = false;
      for (const j of rest) {
        if (j === ia || j === ib || j === ic) continue;
        const p = poly[j];
        if (sgn * cross(a, b, p) >= 0 && sgn * cross(b, c, p) >= 0 && sgn * cross(c, a, p) >= 0) { inside = true; break; }
      }
      if (inside) continue;
      out.push(ia, ib, ic);
      rest.splice(k, 1);
      clipped = true;
      break;
    }
    if (!clipped) break;
  }
  if (rest.length === 3) out.push(rest[0], rest[1], rest[2]);
  return out;
}

/** Prism from a 2D outline in the xy plane, depth along z, centred on z = 0; flat sides, wound outwards. */
export function extrude(outline: readonly V2[], depth: number, color: RGB): Part {
  let area = 0;
  for (let i = 0; i < outline.length; i++) {
    const [x0, y0] = outline[i], [x1, y1] = outline[(i + 1) % outline.length];
    area += x0 * y1 - x1 * y0;
  }
  const poly = area >= 0 ? outline : [...outline].reverse(); // counter-clockwise
  const z = depth / 2;
  const n = poly.length;
  const pos: number[] = [];
  const idx: number[] = [];
  const tri = triangulate(poly);
  for (const s of [z, -z]) {
    const b = pos.length / 3;
    for (const [x, y] of poly) pos.push(x, y, s);
    for (let t = 0; t < tri.length; t += 3) {
      if (s > 0) idx.push(b + tri[t], b + tri[t + 1], b + tri[t + 2]);
      else idx.push(b + tri[t], b + tri[t + 2], b + tri[t + 1]);
    }
  }
  for (let i = 0; i < n; i++) {
    const [x0, y0] = poly[i], [x1, y1] = poly[(i + 1) % n];
    const b = pos.length / 3;
    pos.push(x0, y0, z, x1, y1, z, x1, y1, -z, x0, y0, -z);
    idx.push(b, b + 2, b + 1, b, b + 3, b + 2);
  }
  return new Part(pos, idx, color);
}

/** A tube of radius r swept along a 3D polyline (rotation-minimising frames); open ends. */
export function tube(path: readonly V3[], r: number | ((t: number) => number), color: RGB, segs = 8): Part {
  const n = path.length;
  const rad = typeof r === 'number' ? () => r : r;
  const tangents: V3[] = path.map((_, i) => {
    const a = path[Math.max(0, i - 1)], b = path[Math.min(n - 1, i + 1)];
    const d: V3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const l = Math.hypot(...d) || 1;
    return [d[0] / l, d[1] / l, d[2] / l];
  });
  // initial normal: any vector perpendicular to the first tangent
  const t0 = tangents[0];
  let nrm: V3 = Math.abs(t0[1]) < 0.9 ? [0, 1, 0] : [1, 0, 0];
  const proj = (v: V3, t: V3): V3 => {
    const d = v[0] * t[0] + v[1] * t[1] + v[2] * t[2];
    const w: V3 = [v[0] - d * t[0], v[1] - d * t[1], v[2] - d * t[2]];
    const l = Math.hypot(...w) || 1;
    return [w[0] / l, w[1] / l, w[2] / l];
  };
  const frames: [V3, V3][] = [];
  for (let i = 0; i < n; i++) {
    const t = tangents[i];
    nrm = proj(nrm, t);
    const b: V3 = [t[1] * nrm[2] - t[2] * nrm[1], t[2] * nrm[0] - t[0] * nrm[2], t[0] * nrm[1] - t[1] * nrm[0]];
    frames.push([nrm, b]);
  }
  return grid(segs, n - 1, (u, v) => {
    const i = Math.round(v * (n - 1));
    const [nn, bb] = frames[i];
    const a = u * 2 * Math.PI, c = Math.cos(a), s = Math.sin(a), rr = rad(i / (n - 1));
    const p = path[i];
    return [p[0] + rr * (c * nn[0] + s * bb[0]), p[1] + rr * (c * nn[1] + s * bb[1]), p[2] + rr * (c * nn[2] + s * bb[2])];
  }, color);
}

/** Points along a quadratic/cubic Bezier (for bent tubes: handles, necks, branches). */
export function bezier(ctrl: readonly V3[], n = 10): V3[] {
  const out: V3[] = [];
  for (let i = 0; i <= n; i++) {
    const t = i / n;
    let pts = ctrl.map((p) => [...p] as [number, number, number]);
    while (pts.length > 1) {
      const nx: [number, number, number][] = [];
      for (let k = 0; k + 1 < pts.length; k++) {
        nx.push([0, 1, 2].map((d) => pts[k][d] * (1 - t) + pts[k + 1][d] * t) as [number, number, number]);
      }
      pts = nx;
    }
    out.push(pts[0]);
  }
  return out;
}

/** Regular polygon / star outline helpers for extrusions. */
export function ngon(n: number, r: number, phase = 0): V2[] {
  return [...Array(n).keys()].map((i) => {
    const a = phase + (i / n) * 2 * Math.PI;
    return [r * Math.cos(a), r * Math.sin(a)] as V2;
  });
}

export function star(n: number, r1: number, r2: number, phase = Math.PI / 2): V2[] {
  return [...Array(2 * n).keys()].map((i) => {
    const a = phase + (i / (2 * n)) * 2 * Math.PI, r = i % 2 ? r2 : r1;
    return [r * Math.cos(a), r * Math.sin(a)] as V2;
  });
}

/** Merge parts, compute smooth per-part normals, centre on the bounding box and scale the longest axis to 1. */
export function normalise(parts: readonly Part[]): Mesh {
  let nv = 0, ni = 0;
  for (const p of parts) { nv += p.pos.length / 3; ni += p.idx.length; }
  const positions = new Float32Array(nv * 3);
  const normals = new Float32Array(nv * 3);
  const colors = new Float32Array(nv * 3);
  const indices = new Uint32Array(ni);
  const cull = new Int8Array(ni / 3);
  let lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (const p of parts) {
    for (let i = 0; i < p.pos.length; i++) {
      const d = i % 3;
      lo[d] = Math.min(lo[d], p.pos[i]);
      hi[d] = Math.max(hi[d], p.pos[i]);
    }
  }
  const c = [0, 1, 2].map((d) => (lo[d] + hi[d]) / 2);
  const s = 1 / Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
  let vo = 0, io = 0;
  for (const p of parts) {
    const n = p.pos.length / 3;
    const nrm = new Float64Array(n * 3);
    for (let t = 0; t < p.idx.length; t += 3) {
      const a = p.idx[t] * 3, b = p.idx[t + 1] * 3, cc = p.idx[t + 2] * 3;
      const ux = p.pos[b] - p.pos[a], uy = p.pos[b + 1] - p.pos[a + 1], uz = p.pos[b + 2] - p.pos[a + 2];
      const vx = p.pos[cc] - p.pos[a], vy = p.pos[cc + 1] - p.pos[a + 1], vz = p.pos[cc + 2] - p.pos[a + 2];
      const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx; // area-weighted
      for (const k of [a, b, cc]) { nrm[k] += nx; nrm[k + 1] += ny; nrm[k + 2] += nz; }
    }
    for (let i = 0; i < n; i++) {
      const k = i * 3, o = (vo + i) * 3;
      const l = Math.hypot(nrm[k], nrm[k + 1], nrm[k + 2]) || 1;
      normals[o] = nrm[k] / l; normals[o + 1] = nrm[k + 1] / l; normals[o + 2] = nrm[k + 2] / l;
      for (let d = 0; d < 3; d++) {
        positions[o + d] = (p.pos[k + d] - c[d]) * s;
        colors[o + d] = p.vcol ? p.vcol[k + d] : p.color[d];
      }
    }
    for (let t = 0; t < p.idx.length; t++) indices[io + t] = p.idx[t] + vo;
    cull.fill(closedOrientation(p.pos, p.idx), io / 3, (io + p.idx.length) / 3);
    vo += n;
    io += p.idx.length;
  }
  return { positions, normals, colors, indices, cull };
}
