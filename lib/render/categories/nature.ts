// Plants, food and animals. Animals are ellipsoid/tube assemblies (the weak spot of procedural shapes,
// so each keeps one strong cue: the trunk, the shell, the long neck...).
import { bezier, box, cone, cyl, ellipsoid, extrude, grid, lathe, latheFn, sphere, star, superquadric, torus, tube, type Part, type RGB, type V3 } from '../mesh.js';
import { BLACK, BRIGHT, FUR, GOLD, LEAF, RED, STONE, WHITE, WOOD, type CategoryDef, type Kit } from './kit.js';

function quadruped(k: Kit, body: [number, number, number], legLen: number, neck: V3[], head: [number, number, number], c: RGB): Part[] {
  const [bl, bh, bw] = body; // length (z), height, width
  const y = legLen + bh * 0.8;
  const parts: Part[] = [ellipsoid(bw, bh, bl, c).move(0, y, 0)];
  for (const sx of [-1, 1]) for (const sz of [-1, 1]) parts.push(cyl(bw * 0.28, legLen + bh * 0.4, c, 8, bw * 0.22).move(sx * bw * 0.55, (legLen + bh * 0.4) / 2, sz * bl * 0.65));
  const nk = neck.map(([a, b, d]) => [a, y + b, d] as V3);
  parts.push(tube(nk, bw * 0.35, c, 8), ellipsoid(head[0], head[1], head[2], c).move(nk[nk.length - 1][0], nk[nk.length - 1][1], nk[nk.length - 1][2] - head[2] * 0.5));
  parts.push(tube([[0, y + bh * 0.3, bl * 0.95], [0, y - bh * 0.2, bl * 1.3]], bw * 0.08, c, 5));
  void k;
  return parts;
}

export const NATURE: CategoryDef[] = [
  { name: 'pine_tree', build: (k) => {
    const h = k.u(1.5, 2), c = k.col(LEAF), n = k.i(3, 5), r = k.u(0.45, 0.6);
    return [cyl(0.08, h * 0.3, WOOD[3], 8).move(0, h * 0.15, 0),
      ...[...Array(n).keys()].map((i) => cone(r * (1 - i / (n + 1)), h * 0.4, c, 14).move(0, h * 0.3 + i * h * 0.55 / n + h * 0.15, 0))];
  } },
  { name: 'oak_tree', build: (k) => {
    const h = k.u(1.4, 1.8), c = k.col(LEAF), n = k.i(4, 7);
    const blobs = [...Array(n).keys()].map(() => sphere(k.u(0.3, 0.45), c, 12, 8).move(k.u(-0.35, 0.35), h * k.u(0.65, 0.9), k.u(-0.35, 0.35)));
    return [cyl(0.1, h * 0.7, WOOD[3], 8, 0.06).move(0, h * 0.35, 0), ...blobs];
  } },
  { name: 'palm_tree', build: (k) => {
    const h = k.u(1.6, 2), bend = k.u(0.2, 0.5), n = k.i(5, 8), c = k.col(LEAF);
    const top: V3 = [bend, h, 0];
    const fronds = [...Array(n).keys()].map((i) => {
      const a = (i / n) * 2 * Math.PI + k.u(0, 0.4), L = k.u(0.6, 0.8);
      return tube(bezier([top, [top[0] + Math.cos(a) * L * 0.6, h + 0.25, Math.sin(a) * L * 0.6], [top[0] + Math.cos(a) * L, h - 0.2, Math.sin(a) * L]], 6), (t) => 0.09 * Math.sin(Math.PI * (0.15 + 0.85 * t)) + 0.01, c, 4).scale(1, 0.6, 1).move(0, h * 0.4, 0);
    });
    return [tube(bezier([[0, 0, 0], [0, h * 0.6, 0], top], 8), (t) => 0.08 - 0.03 * t, WOOD[0], 8), ...fronds];
  } },
  { name: 'cactus', build: (k) => {
    const h = k.u(1.2, 1.6), c = k.col([LEAF[0], LEAF[3], [0.3, 0.55, 0.35]]), n = k.i(1, 3);
    const arms = [...Array(n).keys()].map((i) => {
      const s = i % 2 ? -1 : 1, y = h * k.u(0.3, 0.6), L = k.u(0.25, 0.35), up = k.u(0.25, 0.5);
      return tube([[0, y, 0], [s * L, y, 0], [s * L, y + up, 0]], 0.09, c, 10);
    });
    return [lathe([[0, 0], [0.16, 0], [0.16, 0], [0.16, h - 0.1], [0.1, h - 0.02], [0, h]], c, 14), ...arms,
      ...[...Array(n).keys()].map((i) => sphere(0.09, c, 8, 6).move(0, 0, 0).move(0, 0, 0).scale(1).move((i % 2 ? -1 : 1) * 0, 0, 0)).slice(0, 0)];
  } },
  { name: 'flower', build: (k) => {
    const h = k.u(0.9, 1.3), n = k.i(5, 8), pc = k.col([RED, WHITE, BRIGHT[2], BRIGHT[7], BRIGHT[10], BRIGHT[1]]);
    const head: V3 = [0.1, h, 0];
    const petals = [...Array(n).keys()].map((i) => ellipsoid(0.16, 0.03, 0.07, pc, 8, 4).move(0.18, 0, 0).rot(0, (i * 360) / n).rot(0, 0, 70).move(...head));
    return [tube(bezier([[0, 0, 0], [0, h * 0.6, 0], head], 6), 0.02, LEAF[2], 5), sphere(0.08, GOLD, 8, 6).move(...head), ...petals,
      ellipsoid(0.15, 0.02, 0.06, LEAF[1], 8, 4).rot(0, 0, 30).move(0.1, h * 0.4, 0)];
  } },
  { name: 'potted_plant', build: (k) => {
    const c = k.col([[0.72, 0.38, 0.22], WHITE, ...BRIGHT.slice(3, 6)]), leaf = k.col(LEAF), n = k.i(6, 10);
    const leaves = [...Array(n).keys()].map((i) => {
      const a = (i / n) * 2 * Math.PI, L = k.u(0.4, 0.6);
      return tube(bezier([[0, 0.5, 0], [Math.cos(a) * L * 0.3, 0.5 + L, Math.sin(a) * L * 0.3], [Math.cos(a) * L, 0.5 + L * 0.8, Math.sin(a) * L]], 6), (t) => 0.05 * Math.sin(Math.PI * (0.1 + 0.9 * t)) + 0.01, leaf, 4);
    });
    return [lathe([[0, 0], [0.22, 0], [0.22, 0], [0.3, 0.5], [0.33, 0.5], [0.33, 0.56], [0, 0.56]], c, 18), ...leaves];
  } },
  { name: 'mushroom', build: (k) => {
    const cap = k.col([RED, [0.6, 0.4, 0.25], [0.85, 0.75, 0.6], BRIGHT[1]]), r = k.u(0.4, 0.55), h = k.u(0.5, 0.8), dots = cap === RED || k.chance(0.3);
    const capPart = latheFn(8, (t) => [r * Math.sin((t * Math.PI) / 2 + 0.001) * (t === 1 ? 1 : 1), h + r * 0.7 * Math.cos((t * Math.PI) / 2)], cap, 20);
    if (dots) capPart.paint((x, y, z) => (Math.sin(x * 25) * Math.sin(z * 25) * Math.sin(y * 20) > 0.5 ? WHITE : cap));
    return [lathe([[0, 0], [0.14, 0], [0.11, h * 0.5], [0.12, h], [0, h]], [0.95, 0.92, 0.85], 14), capPart, lathe([[0.02, h], [r, h]], [0.9, 0.85, 0.75], 20)];
  } },
  { name: 'rock', build: (k) => {
    const c = k.col(STONE), seed = k.u(0, 100), sx = k.u(0.8, 1.2), sy = k.u(0.5, 0.8);
    const s = sphere(0.5, c, 14, 10);
    for (let i = 0; i < s.pos.length; i += 3) {
      const [x, y, z] = [s.pos[i], s.pos[i + 1], s.pos[i + 2]];
      const f = 1 + 0.18 * Math.sin(x * 7 + seed) * Math.sin(y * 6 + seed * 2) + 0.12 * Math.sin(z * 9 + seed * 3);
      s.pos[i] = x * f * sx; s.pos[i + 1] = y * f * sy; s.pos[i + 2] = z * f;
    }
    return [s];
  } },
  { name: 'apple', build: (k) => {
    const c = k.col([RED, [0.55, 0.75, 0.2], [0.85, 0.65, 0.15], [0.7, 0.1, 0.15]]), r = k.u(0.45, 0.5);
    return [latheFn(12, (t) => { const a = t * Math.PI; return [r * Math.sin(a) * (1 - 0.08 * Math.sin(a * 2)), r * (1 - Math.cos(a)) * 0.95 - (t > 0.9 ? 0.08 * (t - 0.9) * 10 : 0) + (t < 0.1 ? 0.05 * (0.1 - t) * 10 : 0)]; }, c, 18),
      cyl(0.02, 0.2, WOOD[3], 5).rot(0, 0, 10).move(0.01, r * 1.95, 0), ellipsoid(0.12, 0.01, 0.05, LEAF[2], 8, 4).rot(0, 0, 20).move(0.12, r * 1.95 + 0.05, 0)];
  } },
  { name: 'banana', build: (k) => {
    const c = k.col([[0.95, 0.85, 0.2], [0.85, 0.8, 0.25], [0.7, 0.8, 0.2]]), b = k.u(0.3, 0.5);
    return [tube(bezier([[-0.6, b, 0], [0, -b, 0], [0.6, b, 0]], 14), (t) => 0.03 + 0.09 * Math.pow(Math.sin(Math.PI * t), 0.6), c, 8), cyl(0.025, 0.08, [0.35, 0.25, 0.1], 5).rot(0, 0, 50).move(-0.62, b + 0.02, 0)];
  } },
  { name: 'carrot', build: (k) => {
    const l = k.u(0.9, 1.2), c = k.col([[0.93, 0.5, 0.1], [0.95, 0.45, 0.15]]);
    return [latheFn(8, (t) => [t === 1 ? 0 : 0.13 * Math.pow(1 - t, 0.7) + 0.005, t * l], c, 12).paint((_x, y) => (Math.sin(y * 60) > 0.8 ? [0.8, 0.4, 0.1] : c)).rot(180),
      ...[0, 1, 2, 3].map((i) => tube([[0, 0, 0], [Math.cos(i * 1.6) * 0.1, 0.3 + i * 0.03, Math.sin(i * 1.6) * 0.1]], 0.02, LEAF[4], 4))];
  } },
  { name: 'pumpkin', build: (k) => {
    const c = k.col([[0.95, 0.55, 0.1], [0.9, 0.45, 0.05], [0.9, 0.8, 0.6]]), r = k.u(0.5, 0.6), lobes = k.i(6, 10), hf = k.u(0.65, 0.85);
    const body = grid(32, 12, (u, v) => {
      const a = u * 2 * Math.PI, th = v * Math.PI;
      const rr = r * (1 + 0.08 * Math.cos(a * lobes)) * Math.sin(th);
      return [rr * Math.cos(a), -r * hf * Math.cos(th) * (1 - 0.15 * Math.pow(Math.sin(th), 8)), rr * Math.sin(a)];
    }, c);
    return [body, cyl(0.05, 0.2, [0.35, 0.45, 0.15], 6, 0.035).move(0, r * hf + 0.05, 0)];
  } },
  { name: 'pear', build: (k) => {
    const c = k.col([[0.75, 0.8, 0.25], [0.85, 0.7, 0.25], [0.6, 0.7, 0.2]]), r = k.u(0.32, 0.4);
    return [latheFn(14, (t) => [t === 1 ? 0 : Math.sin(Math.PI * Math.min(1, t * 1.05)) * (t < 0.5 ? r : r * (0.55 + 0.45 * (1 - t) * 2) * 0.8) + (t > 0.5 ? 0.05 : 0) * Math.sin(Math.PI * t), t * r * 3], c, 16),
      cyl(0.02, 0.18, WOOD[3], 5).rot(0, 0, 15).move(0.02, r * 3 + 0.06, 0)];
  } },
  { name: 'grapes', build: (k) => {
    const c = k.col([[0.4, 0.15, 0.45], [0.55, 0.75, 0.3], [0.3, 0.1, 0.3]]), rows = k.i(5, 7);
    const parts: Part[] = [cyl(0.02, 0.2, WOOD[3], 5).move(0, 0.1, 0)];
    for (let i = 0; i < rows; i++) {
      const n = Math.max(1, rows - i), rr = 0.05 * n;
      for (let j = 0; j < n; j++) parts.push(sphere(0.1, c, 8, 6).move(Math.cos(j * 2.4 + i) * rr, -0.05 - i * 0.15, Math.sin(j * 2.4 + i) * rr));
    }
    return parts;
  } },
  { name: 'egg', build: (k) => {
    const c = k.col([WHITE, [0.9, 0.75, 0.55], [0.95, 0.9, 0.8]]), r = k.u(0.35, 0.4);
    return [latheFn(14, (t) => { const a = t * Math.PI; return [r * Math.sin(a) * (1 - 0.15 * t), r * 1.35 * (1 - Math.cos(a))]; }, c, 16)];
  } },
  { name: 'donut', build: (k) => {
    const dough = [0.8, 0.55, 0.3] as RGB, ice = k.col([[0.95, 0.6, 0.75], [0.4, 0.25, 0.15], WHITE, BRIGHT[2]]), R = k.u(0.3, 0.35), r = k.u(0.15, 0.2);
    return [torus(R, r, dough, 24, 10).paint((x, y, z) => (y > r * 0.1 ? (Math.sin(x * 40) * Math.sin(z * 40) > 0.85 ? BRIGHT[k.i(0, 5)] : ice) : dough))];
  } },
  { name: 'cake', build: (k) => {
    const c = k.col([WHITE, [0.95, 0.8, 0.85], [0.45, 0.3, 0.2], [0.95, 0.9, 0.7]]), n = k.i(1, 3), r = k.u(0.45, 0.55);
    const parts: Part[] = [cyl(r * 1.2, 0.03, WHITE, 20)];
    let y = 0.02;
    for (let i = 0; i < n; i++) { const rr = r * (1 - i * 0.25), h = 0.3; parts.push(cyl(rr, h, c, 20).move(0, y + h / 2, 0), torus(rr, 0.03, k.col(BRIGHT), 20, 4).move(0, y + h, 0)); y += h; }
    parts.push(cyl(0.025, 0.2, BRIGHT[k.i(0, 8)], 6).move(0, y + 0.1, 0), ellipsoid(0.03, 0.06, 0.03, [1, 0.8, 0.2], 6, 4).move(0, y + 0.25, 0));
    return parts;
  } },
  { name: 'ice_cream', build: (k) => {
    const n = k.i(1, 3);
    return [cone(0.22, 0.8, [0.85, 0.65, 0.35], 14).rot(180).move(0, 0.4, 0).paint((x, y, z) => (Math.sin((y + Math.atan2(z, x) * 0.1) * 30) > 0.6 ? [0.7, 0.5, 0.25] : [0.87, 0.68, 0.4])),
      ...[...Array(n).keys()].map((i) => sphere(0.24, k.col([[0.95, 0.9, 0.8], [0.95, 0.6, 0.7], [0.45, 0.3, 0.2], [0.6, 0.85, 0.6]]), 12, 8).move(0, 0.85 + i * 0.3, 0))];
  } },
  { name: 'strawberry', build: (k) => {
    const r = k.u(0.4, 0.5);
    return [latheFn(10, (t) => [t === 0 ? 0 : r * Math.sin(Math.PI * 0.5 * Math.pow(t, 0.6)) * (t > 0.85 ? (1 - t) * 5 + 0.25 : 1), t * r * 2.2], RED, 16)
      .paint((x, y, z) => (Math.sin(x * 30) * Math.sin(y * 30) * Math.sin(z * 30) > 0.6 ? [0.95, 0.85, 0.4] : RED)).rot(180).move(0, r * 2.2, 0),
      ...[0, 1, 2, 3, 4].map((i) => ellipsoid(0.15, 0.02, 0.05, LEAF[2], 6, 4).move(0.12, 0, 0).rot(0, i * 72).move(0, r * 2.2, 0)), cyl(0.02, 0.12, LEAF[0], 5).move(0, r * 2.2 + 0.06, 0)];
  } },
  // ---- animals ----
  { name: 'fish', build: (k) => {
    const c = k.col([BRIGHT[1], BRIGHT[6], [0.7, 0.72, 0.75], BRIGHT[2], BRIGHT[10]]), l = k.u(0.45, 0.55), h = k.u(0.18, 0.3);
    return [ellipsoid(0.1, h, l, c).move(0, 0, 0), extrude([[0, 0], [0.35, 0.25], [0.3, 0], [0.35, -0.25]], 0.02, c).rot(0, -90).move(0, 0, l - 0.05),
      extrude([[0, 0], [0.25, 0.15], [0.3, 0]], 0.015, c).rot(0, 90).move(0, h * 0.9, 0.15), sphere(0.035, BLACK, 6, 4).move(0.08, h * 0.25, -l * 0.65), sphere(0.035, BLACK, 6, 4).move(-0.08, h * 0.25, -l * 0.65)];
  } },
  { name: 'bird', build: (k) => {
    const c = k.col([BRIGHT[0], BRIGHT[6], [0.5, 0.4, 0.3], BRIGHT[2], [0.3, 0.3, 0.35]]), w = k.col([c, BLACK, WHITE]);
    return [ellipsoid(0.18, 0.2, 0.32, c).move(0, 0.35, 0), sphere(0.14, c, 10, 8).move(0, 0.6, -0.25), cone(0.05, 0.15, GOLD, 8).rot(-90).move(0, 0.6, -0.44),
      extrude([[0, 0], [0.1, 0.3], [-0.1, 0.3]], 0.02, w).rot(-100).move(0, 0.3, 0.3),
      ...[-1, 1].map((s) => ellipsoid(0.03, 0.12, 0.25, w).rot(15).move(s * 0.18, 0.38, 0.05)), ...[-1, 1].map((s) => cyl(0.012, 0.2, GOLD, 4).move(s * 0.06, 0.1, 0)),
      ...[-1, 1].map((s) => sphere(0.025, BLACK, 6, 4).move(s * 0.1, 0.64, -0.32))];
  } },
  { name: 'dog', build: (k) => {
    const c = k.col(FUR), l = k.u(0.4, 0.5);
    const parts = quadruped(k, [l, 0.18, 0.16], k.u(0.3, 0.45), [[0, 0.05, -l * 0.7], [0, 0.25, -l * 0.9]], [0.13, 0.13, 0.2], c);
    const hy = k.u(0.3, 0.45) + 0.18 * 0.8 + 0.25;
    return [...parts, ...[-1, 1].map((s) => ellipsoid(0.04, 0.12, 0.07, c).move(s * 0.12, hy, -l * 0.9 - 0.05)), sphere(0.04, BLACK, 6, 4).move(0, hy - 0.02, -l * 0.9 - 0.3)];
  } },
  { name: 'horse', build: (k) => {
    const c = k.col(FUR.slice(0, 6)), l = k.u(0.6, 0.7);
    const legLen = k.u(0.45, 0.52), top = legLen + 0.2 * 0.8;
    return quadruped(k, [l, 0.2, 0.17], legLen, [[0, 0.05, -l * 0.8], [0, 0.3, -l * 1.2]], [0.09, 0.1, 0.26], c)
      .concat([box(0.03, 0.22, 0.3, BLACK).rot(-35).move(0, top + 0.25, -l * 1.0), tube([[0, top + 0.1, l * 0.95], [0, top - 0.25, l * 1.15]], 0.05, BLACK, 6)]);
  } },
  { name: 'elephant', build: (k) => {
    const c = k.col([[0.55, 0.55, 0.58], [0.6, 0.57, 0.55], [0.5, 0.5, 0.52]]), l = k.u(0.5, 0.6);
    const y = 0.45 + 0.3 * 0.8;
    return [...quadruped(k, [l, 0.3, 0.3], 0.45, [[0, 0.05, -l * 0.85], [0, 0.1, -l * 1.0]], [0.25, 0.25, 0.22], c),
      tube(bezier([[0, y, -l * 1.2], [0, y - 0.35, -l * 1.4], [0, y - 0.55, -l * 1.2]], 8), (t) => 0.08 - 0.04 * t, c, 8),
      ...[-1, 1].map((s) => ellipsoid(0.03, 0.25, 0.2, c).rot(0, s * 30).move(s * 0.25, y + 0.1, -l * 0.95)),
      ...[-1, 1].map((s) => tube([[s * 0.12, y - 0.1, -l * 1.15], [s * 0.15, y - 0.2, -l * 1.35]], 0.025, WHITE, 5))];
  } },
  { name: 'snake', build: (k) => {
    const c = k.col([LEAF[0], BRIGHT[0], [0.55, 0.45, 0.25], BRIGHT[4]]), b = k.col([BLACK, BRIGHT[2], WHITE]), n = 40, w = k.u(2.5, 3.5);
    const path: V3[] = [...Array(n).keys()].map((i) => { const t = i / (n - 1); return [Math.sin(t * Math.PI * w) * 0.3, 0.05, t * 1.8 - 0.9] as V3; });
    return [tube(path, (t) => 0.05 + 0.04 * Math.sin(Math.PI * Math.min(1, t * 1.2)), c, 8).paint((_x, _y, z) => (Math.sin(z * 30) > 0.5 ? b : c)),
      ellipsoid(0.08, 0.05, 0.12, c).move(path[n - 1][0], 0.05, 0.95)];
  } },
  { name: 'turtle', build: (k) => {
    const c = k.col([[0.35, 0.45, 0.2], [0.45, 0.35, 0.2], [0.3, 0.4, 0.3]]), skin = k.col([[0.55, 0.6, 0.35], [0.45, 0.5, 0.3]]);
    return [latheFn(8, (t) => [t === 1 ? 0 : 0.5 * Math.cos(t * Math.PI / 2) + 0.001, 0.1 + 0.3 * Math.sin(t * Math.PI / 2)], c, 8).scale(1, 1, 1.2)
      .paint((x, y, z) => (Math.abs(Math.sin(x * 12) * Math.sin(z * 12)) > 0.7 ? [c[0] * 0.6, c[1] * 0.6, c[2] * 0.6] : c)),
      ellipsoid(0.5, 0.05, 0.6, skin).move(0, 0.1, 0), ellipsoid(0.12, 0.1, 0.15, skin).move(0, 0.15, -0.7),
      ...[-1, 1].flatMap((s) => [-1, 1].map((q) => ellipsoid(0.12, 0.05, 0.08, skin).move(s * 0.45, 0.05, q * 0.4)))];
  } },
  { name: 'snail', build: (k) => {
    const c = k.col([[0.65, 0.45, 0.25], [0.8, 0.6, 0.35], [0.5, 0.35, 0.3]]), skin = k.col([[0.75, 0.7, 0.55], [0.6, 0.55, 0.45]]);
    const sp: V3[] = [...Array(30).keys()].map((i) => { const a = i * 0.3, r = 0.28 * Math.exp(-a * 0.12); return [r * Math.cos(a), 0.35 + r * Math.sin(a), -0.01 * i]; });
    return [tube(sp, (t) => 0.16 * Math.exp(-t * 3) + 0.02, c, 10), superquadric(0.12, 0.08, 0.5, 0.8, 1, skin).move(0, 0.08, -0.05),
      ...[-1, 1].map((s) => tube([[s * 0.04, 0.12, -0.45], [s * 0.1, 0.35, -0.55]], 0.015, skin, 4))];
  } },
  { name: 'rubber_duck', build: (k) => {
    const c = k.col([[0.98, 0.85, 0.1], [0.95, 0.95, 0.95], BRIGHT[10]]);
    return [ellipsoid(0.35, 0.25, 0.45, c).move(0, 0.25, 0.05), sphere(0.22, c, 12, 8).move(0, 0.62, -0.2), ellipsoid(0.1, 0.04, 0.12, [0.95, 0.5, 0.1]).move(0, 0.58, -0.45),
      ...[-1, 1].map((s) => sphere(0.035, BLACK, 6, 4).move(s * 0.1, 0.7, -0.38)), cone(0.1, 0.2, c, 8).rot(-60).move(0, 0.4, 0.5)];
  } },
  { name: 'spider', build: (k) => {
    const c = k.col([BLACK, [0.35, 0.25, 0.15], [0.25, 0.2, 0.2]]);
    const legsP = [-1, 1].flatMap((s) => [0, 1, 2, 3].map((i) => {
      const z = (i - 1.5) * 0.12, a = (i - 1.5) * 0.5;
      return tube([[s * 0.1, 0.3, z], [s * 0.45, 0.5, z + Math.sin(a) * 0.3], [s * 0.75, 0, z + Math.sin(a) * 0.5]], 0.025, c, 4);
    }));
    return [ellipsoid(0.2, 0.16, 0.25, c).move(0, 0.3, 0.25), sphere(0.14, c, 10, 6).move(0, 0.3, -0.1), ...legsP];
  } },
  { name: 'starfish', build: (k) => {
    const c = k.col([BRIGHT[1], BRIGHT[0], BRIGHT[10], [0.9, 0.6, 0.3]]);
    return [extrude(star(5, 0.5, k.u(0.15, 0.22)), 0.12, c)];
  } },
];
