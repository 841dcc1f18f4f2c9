// Buildings, street furniture, games, clothing and symbols.
import { bezier, box, cone, cyl, ellipsoid, extrude, lathe, latheFn, ngon, sphere, superquadric, torus, tube, type V2 } from '../mesh.js';
import { BLACK, BRIGHT, CERAMIC, DARK, FABRIC, FUR, GLASS, GOLD, GREY, METAL, RED, STONE, WHITE, WOOD, type CategoryDef } from './kit.js';

export const MISC: CategoryDef[] = [
  { name: 'house', build: (k) => {
    const w = k.u(1, 1.3), d = k.u(0.8, 1), h = k.u(0.6, 0.8), c = k.col([WHITE, ...CERAMIC, ...STONE]), roof = k.col([RED, DARK[0], WOOD[5], [0.3, 0.35, 0.45]]), rh = k.u(0.35, 0.55);
    return [box(w, h, d, c).move(0, h / 2, 0), extrude([[-w / 2 - 0.08, 0], [w / 2 + 0.08, 0], [0, rh]], d + 0.1, roof).rot(0, 90).rot(0, 90).move(0, h, 0),
      box(0.2, 0.35, 0.02, WOOD[3]).move(k.u(-0.2, 0.2), 0.175, -d / 2 - 0.01), ...[-1, 1].map((s) => box(0.18, 0.18, 0.02, GLASS[3]).move(s * w * 0.32, h * 0.6, -d / 2 - 0.01)),
      box(0.12, 0.3, 0.12, STONE[0]).move(w * 0.25, h + rh * 0.6, 0.1)];
  } },
  { name: 'lighthouse', build: (k) => {
    const h = k.u(1.6, 2), a = k.col([RED, BLACK, [0.1, 0.3, 0.6]]), n = k.i(3, 5);
    return [latheFn(12, (t) => [t === 1 ? 0 : 0.3 - 0.12 * t, t * h], WHITE, 16).paint((_x, y) => (Math.floor((y / h) * n * 2) % 2 ? a : WHITE)),
      cyl(0.2, 0.04, BLACK, 16).move(0, h, 0), cyl(0.14, 0.2, [1, 0.95, 0.6], 12).move(0, h + 0.12, 0), cone(0.18, 0.15, a, 12).move(0, h + 0.3, 0)];
  } },
  { name: 'windmill', build: (k) => {
    const h = k.u(1.1, 1.4), c = k.col([WHITE, ...STONE, WOOD[4]]), n = 4, L = k.u(0.6, 0.8);
    const sails = [...Array(n).keys()].map((i) => box(0.12, L, 0.02, WOOD[k.i(0, 3)]).move(0.04, L / 2 + 0.05, 0).rot(0, 0, i * 90 + k.u(0, 45)).move(0, h, -0.32));
    return [lathe([[0, 0], [0.35, 0], [0.35, 0], [0.22, h], [0.22, h], [0, h]], c, 8), cone(0.3, 0.35, DARK[3], 8).move(0, h + 0.17, 0), cyl(0.04, 0.15, BLACK, 6).rot(90).move(0, h, -0.27), ...sails];
  } },
  { name: 'tent', build: (k) => {
    const w = k.u(1, 1.3), h = k.u(0.7, 0.9), l = k.u(1.1, 1.5), c = k.col([BRIGHT[1], BRIGHT[3], BRIGHT[8], [0.3, 0.45, 0.25]]);
    return [extrude([[-w / 2, 0], [w / 2, 0], [0, h]], l, c), extrude([[-w * 0.2, 0], [w * 0.2, 0], [0, h * 0.6]], 0.01, DARK[0]).move(0, 0, -l / 2 - 0.01)];
  } },
  { name: 'street_lamp', build: (k) => {
    const h = k.u(1.8, 2.2), c = k.col([DARK[0], DARK[2], [0.2, 0.3, 0.25]]), arm = k.u(0.3, 0.5);
    return [cyl(0.1, 0.15, c, 10).move(0, 0.075, 0), cyl(0.04, h, c, 8).move(0, h / 2, 0), tube(bezier([[0, h, 0], [0, h + 0.2, 0], [arm, h + 0.2, 0]], 6), 0.03, c, 6),
      lathe([[0, 0.1], [0.15, -0.02], [0.15, -0.02]], c, 12).move(arm, h + 0.1, 0), cyl(0.1, 0.05, [1, 0.95, 0.7], 10).move(arm, h + 0.06, 0)];
  } },
  { name: 'traffic_light', build: (k) => {
    const h = k.u(1.3, 1.6), c = k.col([DARK[0], [0.25, 0.25, 0.2], GOLD]);
    return [cyl(0.04, h, GREY, 8).move(0, h / 2, 0), box(0.3, 0.8, 0.25, c).move(0, h + 0.35, 0),
      ...[RED, [1, 0.8, 0.1], [0.1, 0.9, 0.3]].map((col, i) => cyl(0.09, 0.03, col as [number, number, number], 12).rot(90).move(0, h + 0.6 - i * 0.25, -0.13)),
      ...[0, 1, 2].map((i) => box(0.24, 0.03, 0.1, c).move(0, h + 0.7 - i * 0.25, -0.17))];
  } },
  { name: 'stop_sign', build: (k) => {
    const h = k.u(1.2, 1.5);
    return [cyl(0.03, h, GREY, 8).move(0, h / 2, 0), extrude(ngon(8, 0.35, Math.PI / 8), 0.03, RED).move(0, h, -0.04), extrude(ngon(8, 0.3, Math.PI / 8), 0.032, WHITE).move(0, h, -0.035)
      .paint(() => WHITE), extrude(ngon(8, 0.27, Math.PI / 8), 0.034, RED).move(0, h, -0.04)];
  } },
  { name: 'fire_hydrant', build: (k) => {
    const c = k.col([RED, [0.95, 0.8, 0.1], [0.9, 0.9, 0.9], [0.2, 0.4, 0.8]]);
    return [lathe([[0, 0], [0.25, 0], [0.25, 0.05], [0.18, 0.08], [0.18, 0.65], [0.22, 0.68], [0.2, 0.72], [0.16, 0.85], [0.06, 0.93], [0, 0.95]], c, 16),
      cyl(0.08, 0.5, c, 10).rot(0, 0, 90), cyl(0.1, 0.1, c, 10).rot(90).move(0, 0.45, -0.2), sphere(0.04, c, 6, 4).move(0, 0.98, 0)].map((p, i) => (i === 1 ? p.move(0, 0.5, 0) : p));
  } },
  { name: 'traffic_cone', build: (k) => {
    const h = k.u(0.9, 1.1), c = k.col([[1, 0.45, 0.05], [1, 0.55, 0.1]]);
    return [box(0.55, 0.04, 0.55, c).move(0, 0.02, 0), lathe([[0.2, 0.04], [0.04, h], [0.04, h], [0, h]], c, 16).paint((_x, y) => (y > h * 0.45 && y < h * 0.65 ? WHITE : c))];
  } },
  { name: 'dumbbell', build: (k) => {
    const l = k.u(0.7, 1), c = k.col([BLACK, ...METAL.slice(1, 4), ...BRIGHT.slice(0, 4)]), r = k.u(0.18, 0.25), hex = k.chance(0.5);
    const weight = () => (hex ? extrude(ngon(6, r, 0), 0.16, c).rot(0, 90) : cyl(r, 0.16, c, 16).rot(0, 0, 90));
    return [cyl(0.04, l, METAL[0], 8).rot(0, 0, 90), weight().move(l / 2 - 0.08, 0, 0), weight().move(-l / 2 + 0.08, 0, 0)];
  } },
  { name: 'chess_pawn', build: (k) => {
    const c = k.col([WHITE, BLACK, [0.9, 0.85, 0.7], [0.3, 0.2, 0.15]]);
    return [lathe([[0, 0], [0.3, 0], [0.3, 0.08], [0.2, 0.12], [0.16, 0.18], [0.1, 0.55], [0.18, 0.6], [0.1, 0.64]], c, 16), sphere(0.16, c, 12, 8).move(0, 0.76, 0)];
  } },
  { name: 'trophy', build: (k) => {
    const c = k.col([GOLD, METAL[0], METAL[5]]), r = k.u(0.3, 0.4);
    return [box(0.45, 0.2, 0.45, k.col([BLACK, ...WOOD])).move(0, 0.1, 0), lathe([[0.12, 0.2], [0.04, 0.3], [0.04, 0.55], [0.06, 0.6]], c, 12),
      lathe([[0, 0.6], [r * 0.6, 0.65], [r, 0.95], [r * 1.05, 1.05], [r * 0.95, 1.05], [0, 0.7]], c, 18),
      ...[-1, 1].map((s) => torus(0.13, 0.025, c, 12, 5, Math.PI).rot(90, 0, s * 90).move(s * r * 0.9, 0.88, 0))];
  } },
  { name: 'hourglass', build: (k) => {
    const c = k.col(WOOD), g = GLASS[k.i(0, 4)], h = k.u(0.9, 1.1);
    return [latheFn(12, (t) => [0.05 + 0.2 * Math.pow(Math.abs(Math.cos(Math.PI * t)), 0.7), 0.06 + t * (h - 0.12)], g, 16), cyl(0.32, 0.06, c, 16).move(0, 0.03, 0), cyl(0.32, 0.06, c, 16).move(0, h - 0.03, 0),
      ...[0, 1, 2].map((i) => cyl(0.025, h, c, 6).move(0.26 * Math.cos(i * 2.09), h / 2, 0.26 * Math.sin(i * 2.09))), cone(0.15, 0.15, [0.95, 0.85, 0.55], 12).move(0, 0.14, 0)];
  } },
  { name: 'umbrella', build: (k) => {
    const c = k.col(BRIGHT), r = k.u(0.65, 0.8), n = 8, h = k.u(1, 1.2);
    const can = latheFn(6, (t) => [r * t + 0.001, h - 0.3 * t * t], c, n * 2);
    for (let i = 0; i < can.pos.length; i += 3) { const a = Math.atan2(can.pos[i + 2], can.pos[i]); can.pos[i + 1] -= 0.06 * Math.abs(Math.sin(a * n / 2)) * Math.hypot(can.pos[i], can.pos[i + 2]) / r; }
    return [can, cyl(0.015, h, BLACK, 6).move(0, h / 2, 0), tube(bezier([[0, 0, 0], [0, -0.15, 0], [0.12, -0.15, 0], [0.12, -0.05, 0]], 6), 0.025, k.col([BLACK, ...WOOD]), 6)];
  } },
  { name: 'top_hat', build: (k) => {
    const c = k.col([BLACK, DARK[2], [0.4, 0.3, 0.2]]), h = k.u(0.5, 0.7);
    return [lathe([[0, 0], [0.55, 0], [0.55, 0.03], [0.3, 0.03], [0.3, 0.03], [0.33, h], [0.33, h], [0, h]], c, 20), cyl(0.305, 0.08, k.col([RED, ...BRIGHT]), 20).move(0, 0.08, 0)];
  } },
  { name: 'sword', build: (k) => {
    const l = k.u(1.1, 1.4), w = k.u(0.06, 0.1), c = k.col([GOLD, BLACK, ...METAL.slice(3, 6)]);
    return [extrude([[-w / 2, 0], [w / 2, 0], [w / 2, l * 0.8], [0, l], [-w / 2, l * 0.8]], 0.02, METAL[2]), box(k.u(0.3, 0.4), 0.05, 0.06, c),
      cyl(0.03, 0.25, k.col([WOOD[3], BLACK, RED]), 8).move(0, -0.15, 0), sphere(0.05, c, 8, 6).move(0, -0.3, 0)];
  } },
  { name: 'anchor', build: (k) => {
    const c = k.col([DARK[0], METAL[3], [0.5, 0.3, 0.2]]), r = k.u(0.4, 0.5);
    return [box(0.08, 1, 0.06, c).move(0, 0.5, 0), torus(r, 0.05, c, 18, 6, Math.PI).rot(90).move(0, r * 0.6, 0), box(0.45, 0.07, 0.07, c).move(0, 0.82, 0), torus(0.1, 0.035, c, 12, 5).rot(90).move(0, 1.08, 0),
      ...[-1, 1].map((s) => cone(0.08, 0.18, c, 6).rot(0, 0, s * 40).move(s * r, r * 0.6 + 0.05, 0))];
  } },
  { name: 'gear', build: (k) => {
    const n = k.i(8, 14), r = 0.5, t = k.u(0.08, 0.12), c = k.col([...METAL, GOLD]);
    const pts: V2[] = [];
    for (let i = 0; i < n; i++) for (const [f, rr] of [[0, r - t], [0.15, r - t], [0.3, r], [0.7, r], [0.85, r - t]] as const) { const a = ((i + f) / n) * 2 * Math.PI; pts.push([rr * Math.cos(a), rr * Math.sin(a)]); }
    return [extrude(pts, k.u(0.1, 0.18), c), cyl(0.15, 0.22, DARK[0], 12).rot(90)];
  } },
  { name: 'heart', build: (k) => {
    const pts: V2[] = [];
    for (let i = 0; i < 40; i++) { const t = (i / 40) * 2 * Math.PI; pts.push([16 * Math.pow(Math.sin(t), 3) / 32, (13 * Math.cos(t) - 5 * Math.cos(2 * t) - 2 * Math.cos(3 * t) - Math.cos(4 * t)) / 32]); }
    return [extrude(pts, k.u(0.15, 0.3), k.col([RED, BRIGHT[10], [0.9, 0.4, 0.6]]))];
  } },
  { name: 'book', build: (k) => {
    const w = k.u(0.6, 0.75), h = k.u(0.85, 1), t = k.u(0.12, 0.25), c = k.col([...BRIGHT, ...FABRIC]), a = k.chance(0.5) ? k.u(20, 50) : 0;
    if (a === 0) return [box(w, h, t, c), box(w - 0.03, h - 0.04, t - 0.03, [0.95, 0.93, 0.85]).move(0.02, 0, 0), box(0.01, h * 0.15, t + 0.005, GOLD).move(-w / 2, h * 0.25, 0)];
    return [box(w, h, 0.02, c).move(w / 2, 0, 0).rot(0, a), box(w, h, 0.02, c).move(w / 2, 0, 0).rot(0, 180 - a),
      box(w * 0.95, h * 0.96, 0.03, [0.95, 0.93, 0.85]).move(w / 2, 0, 0.015).rot(0, a), box(w * 0.95, h * 0.96, 0.03, [0.95, 0.93, 0.85]).move(w / 2, 0, -0.015).rot(0, 180 - a)];
  } },
  { name: 'suitcase', build: (k) => {
    const w = k.u(0.7, 0.9), h = k.u(0.9, 1.1), c = k.col([...BRIGHT, BLACK, ...WOOD.slice(0, 2)]);
    return [superquadric(w / 2, h / 2, 0.2, 0.15, 0.15, c).move(0, h / 2 + 0.05, 0), tube([[-0.12, h + 0.05, 0], [-0.12, h + 0.15, 0], [0.12, h + 0.15, 0], [0.12, h + 0.05, 0]], 0.025, BLACK, 6),
      ...[-1, 1].map((s) => cyl(0.05, 0.04, BLACK, 8).rot(0, 0, 90).move(s * w * 0.4, 0.05, 0.12)), ...[-1, 1].map((s) => box(0.03, h, 0.41, k.col([BLACK, GREY])).move(s * w * 0.25, h / 2 + 0.05, 0))];
  } },
  { name: 'globe', build: (k) => {
    const land = k.col([[0.3, 0.6, 0.25], [0.8, 0.7, 0.4]]), sea = k.col([[0.2, 0.4, 0.8], [0.15, 0.3, 0.6]]), s = k.u(0, 10);
    return [sphere(0.38, sea, 20, 12).paint((x, y, z) => (Math.sin(x * 8 + s) * Math.sin(y * 7 + s) + Math.sin(z * 9 - s) > 0.5 ? land : sea)).rot(0, 0, 23).move(0, 0.62, 0),
      torus(0.44, 0.02, k.col([GOLD, BLACK, WOOD[0]]), 24, 4, Math.PI * 1.2).rot(90, 0, 0).rot(0, 0, 113).move(0, 0.62, 0), cyl(0.03, 0.2, WOOD[3], 6).move(0, 0.14, 0), cyl(0.22, 0.05, WOOD[3], 16).move(0, 0.025, 0)];
  } },
  { name: 'teddy_bear', build: (k) => {
    const c = k.col(FUR.slice(0, 5)), m = [Math.min(1, c[0] * 1.3), Math.min(1, c[1] * 1.3), Math.min(1, c[2] * 1.3)] as const;
    return [ellipsoid(0.28, 0.32, 0.24, c).move(0, 0.4, 0), sphere(0.22, c, 12, 8).move(0, 0.85, 0), ellipsoid(0.09, 0.07, 0.08, m).move(0, 0.8, -0.2), sphere(0.03, BLACK, 6, 4).move(0, 0.83, -0.28),
      ...[-1, 1].map((s) => sphere(0.08, c, 8, 6).scale(1, 1, 0.6).move(s * 0.17, 1.05, 0)), ...[-1, 1].map((s) => ellipsoid(0.1, 0.18, 0.1, c).rot(0, 0, s * 50).move(s * 0.3, 0.5, -0.05)),
      ...[-1, 1].map((s) => ellipsoid(0.11, 0.1, 0.18, c).move(s * 0.15, 0.1, -0.15)), ...[-1, 1].map((s) => sphere(0.025, BLACK, 6, 4).move(s * 0.08, 0.92, -0.19))];
  } },
  { name: 'snowman', build: (k) => {
    const a = k.u(0.35, 0.42), b = a * 0.72, c = b * 0.72, sc = k.col([RED, BRIGHT[6], BRIGHT[3]]);
    return [sphere(a, WHITE, 14, 10).move(0, a, 0), sphere(b, WHITE, 12, 8).move(0, 2 * a + b * 0.8, 0), sphere(c, WHITE, 12, 8).move(0, 2 * a + 1.6 * b + c * 0.8, 0),
      cone(0.04, 0.2, [1, 0.5, 0.1], 8).rot(-90).move(0, 2 * a + 1.6 * b + c * 0.8, -c - 0.08), torus(b * 0.75, 0.05, sc, 16, 5).move(0, 2 * a + 1.6 * b, 0),
      cyl(c * 0.7, c * 0.9, BLACK, 12).move(0, 2 * a + 1.6 * b + c * 1.9, 0), cyl(c * 1.1, 0.03, BLACK, 12).move(0, 2 * a + 1.6 * b + c * 1.45, 0)];
  } },
  { name: 'eyeglasses', build: (k) => {
    const c = k.col([BLACK, GOLD, RED, ...BRIGHT.slice(4, 8)]), r = k.u(0.2, 0.26), round = k.chance(0.5);
    const rim = (s: number) => (round ? torus(r, 0.025, c, 20, 5).rot(90) : torus(r, 0.025, c, 4, 4).rot(90, 0, 45).scale(1.2, 0.8, 1)).move(s * (r + 0.06), 0, 0);
    return [rim(-1), rim(1), tube([[-0.07, 0.05, 0], [0, 0.09, 0], [0.07, 0.05, 0]], 0.02, c, 5), ...[-1, 1].map((s) => tube([[s * (2 * r + 0.08), 0.05, 0], [s * (2 * r + 0.1), 0.05, 0.7], [s * (2 * r + 0.08), -0.05, 0.8]], 0.02, c, 5)),
      ...[-1, 1].map((s) => cyl(r * 0.95, 0.005, GLASS[3], 16).rot(90).move(s * (r + 0.06), 0, 0))];
  } },
  { name: 'pencil', build: (k) => {
    const l = k.u(1, 1.3), c = k.col([[0.98, 0.8, 0.1], ...BRIGHT]);
    return [extrude(ngon(6, 0.06), l, c).rot(90).move(0, l / 2, 0), cone(0.06, 0.2, [0.9, 0.75, 0.55], 6).move(0, l + 0.1, 0), cone(0.02, 0.06, BLACK, 6).move(0, l + 0.17, 0),
      cyl(0.062, 0.06, METAL[0], 8).move(0, -0.03, 0), cyl(0.058, 0.1, [0.95, 0.55, 0.6], 8).move(0, -0.1, 0)];
  } },
  { name: 'soccer_ball', build: (k) => {
    const a = k.col([WHITE, [0.95, 0.9, 0.3]]), b = k.col([BLACK, RED, BRIGHT[8]]);
    // black patches around the 12 icosahedron vertices
    const g = (1 + Math.sqrt(5)) / 2;
    const vs = [[0, 1, g], [0, -1, g], [0, 1, -g], [0, -1, -g], [1, g, 0], [-1, g, 0], [1, -g, 0], [-1, -g, 0], [g, 0, 1], [-g, 0, 1], [g, 0, -1], [-g, 0, -1]].map((v) => { const l = Math.hypot(v[0], v[1], v[2]); return v.map((x) => x / l); });
    return [sphere(0.5, a, 24, 16).paint((x, y, z) => (vs.some((v) => (v[0] * x + v[1] * y + v[2] * z) / 0.5 > 0.93) ? b : a))];
  } },
];
