// Vehicles and tools.
import { box, cone, cyl, ellipsoid, extrude, lathe, latheFn, superquadric, torus, tube, type Part, type RGB, type V2 } from '../mesh.js';
import { BLACK, BRIGHT, DARK, GLASS, GOLD, GREY, METAL, RED, TIRE, WHITE, WOOD, type CategoryDef } from './kit.js';

function wheel(r: number, w: number, hub: RGB = METAL[0]): Part[] {
  return [cyl(r, w, TIRE, 14).rot(0, 0, 90), cyl(r * 0.55, w * 1.05, hub, 10).rot(0, 0, 90)];
}

/** four (or more) wheels at x = +-halfTrack, z positions given */
function wheels(xs: number, zs: number[], r: number, w: number): Part[] {
  return zs.flatMap((z) => [-1, 1].flatMap((s) => wheel(r, w).map((p) => p.move(s * xs, r, z))));
}

export const VEHICLES: CategoryDef[] = [
  { name: 'car', build: (k) => {
    const l = k.u(1.6, 2), w = k.u(0.75, 0.85), c = k.col(BRIGHT), h = k.u(0.25, 0.32), ch = k.u(0.22, 0.3), cl = k.u(0.45, 0.6);
    return [superquadric(w / 2, h / 2, l / 2, 0.3, 0.2, c).move(0, 0.12 + h / 2, 0),
      superquadric(w * 0.45, ch / 2, l * cl / 2, 0.3, 0.3, GLASS[3]).move(0, 0.12 + h + ch / 2 - 0.03, l * k.u(0, 0.08)),
      ...wheels(w / 2 - 0.05, [-l * 0.32, l * 0.32], 0.16, 0.12)];
  } },
  { name: 'truck', build: (k) => {
    const l = k.u(2.2, 2.7), c = k.col(BRIGHT), cargo = k.col([WHITE, ...METAL, ...BRIGHT]);
    return [box(0.9, 0.7, 0.6, c).move(0, 0.65, -l / 2 + 0.3), box(0.8, 0.25, 0.02, GLASS[0]).move(0, 0.8, -l / 2 - 0.005),
      box(0.95, 0.95, l - 0.7, cargo).move(0, 0.78, 0.35), box(0.9, 0.1, l, DARK[0]).move(0, 0.28, 0),
      ...wheels(0.42, [-l / 2 + 0.35, l / 2 - 0.6, l / 2 - 0.25], 0.2, 0.15)];
  } },
  { name: 'bus', build: (k) => {
    const l = k.u(2.5, 3), c = k.col([BRIGHT[2], BRIGHT[0], BRIGHT[6], WHITE]);
    return [superquadric(0.5, 0.5, l / 2, 0.15, 0.15, c).move(0, 0.7, 0), box(1.01, 0.22, l * 0.9, [0.15, 0.2, 0.3]).move(0, 0.85, 0),
      box(0.8, 0.35, 0.02, [0.15, 0.2, 0.3]).move(0, 0.82, -l / 2 - 0.005), ...wheels(0.45, [-l * 0.32, l * 0.32], 0.18, 0.14)];
  } },
  { name: 'locomotive', build: (k) => {
    const l = k.u(1.8, 2.2), c = k.col([BLACK, RED, [0.1, 0.3, 0.15]]);
    return [cyl(0.3, l * 0.6, c, 16).rot(90).move(0, 0.65, -l * 0.15), box(0.7, 0.7, l * 0.3, c).move(0, 0.8, l * 0.3), box(0.8, 0.06, l * 0.32, BLACK).move(0, 1.18, l * 0.3),
      lathe([[0.1, 0], [0.1, 0.25], [0.18, 0.35], [0.18, 0.38]], BLACK, 10).move(0, 0.9, -l * 0.35), box(0.75, 0.12, l, DARK[0]).move(0, 0.3, 0),
      ...[-0.35, -0.05, 0.25, 0.55].flatMap((z) => [-1, 1].flatMap((s) => wheel(0.17, 0.06, RED).map((p) => p.move(s * 0.33, 0.17, z * l)))),
      cone(0.35, 0.4, GREY, 4).rot(90, 45).scale(1, 0.6, 1).move(0, 0.25, -l / 2 - 0.1)];
  } },
  { name: 'airplane', build: (k) => {
    const l = k.u(2, 2.4), c = k.col([WHITE, ...METAL.slice(0, 3)]), acc = k.col(BRIGHT), span = k.u(1.8, 2.3), sw = k.u(10, 30);
    const wing: V2[] = [[0, 0.25], [span / 2, -0.1], [span / 2, -0.3], [0, -0.2], [-span / 2, -0.3], [-span / 2, -0.1]];
    return [latheFn(12, (t) => [t === 0 || t === 1 ? 0 : 0.13 * Math.pow(Math.sin(Math.PI * t), 0.35), l * (t - 0.5)], c, 14).rot(90),
      extrude(wing, 0.04, c).rot(90).move(0, -0.03, -0.1).rot(0, 0, 0), extrude([[0, 0.1], [0.4, -0.1], [0.4, -0.2], [-0.4, -0.2], [-0.4, -0.1]], 0.03, c).rot(90).move(0, 0.02, l * 0.43),
      extrude([[0, 0], [0.35, 0], [0.05, 0.2 + sw / 200], [0, 0.45]].map(([a, b]) => [a, b] as V2), 0.03, acc).rot(0, 90).move(0, 0.1, l * 0.38),
      ...[-1, 1].map((s) => cyl(0.06, 0.3, GREY, 10).rot(90).move(s * span * 0.22, -0.1, -0.2))];
  } },
  { name: 'helicopter', build: (k) => {
    const c = k.col(BRIGHT), r = k.u(0.9, 1.1);
    return [ellipsoid(0.35, 0.35, 0.55, c).move(0, 0.55, 0), ellipsoid(0.25, 0.2, 0.2, GLASS[3]).move(0, 0.62, -0.4),
      tube([[0, 0.65, 0.4], [0, 0.75, 1.3]], (t) => 0.1 - 0.06 * t, c, 8), box(0.02, 0.35, 0.12, c).move(0, 0.85, 1.3),
      box(2 * r, 0.02, 0.1, DARK[0]).move(0, 1.0, 0), box(0.1, 0.02, 2 * r, DARK[0]).move(0, 1.0, 0), cyl(0.04, 0.15, DARK[0], 8).move(0, 0.93, 0),
      ...[-1, 1].map((s) => box(0.04, 0.04, 1.1, DARK[0]).move(s * 0.3, 0.05, 0)), ...[-1, 1].flatMap((s) => [-0.3, 0.3].map((z) => box(0.03, 0.25, 0.03, DARK[0]).move(s * 0.28, 0.17, z)))];
  } },
  { name: 'sailboat', build: (k) => {
    const l = k.u(1.4, 1.8), c = k.col([WHITE, ...BRIGHT]), sail = k.col([WHITE, [0.95, 0.9, 0.8], ...BRIGHT.slice(0, 3)]), m = k.u(1.4, 1.9);
    return [superquadric(0.3, 0.18, l / 2, 0.5, 0.8, c).move(0, 0.1, 0), box(0.55, 0.02, l * 0.85, WOOD[4]).move(0, 0.24, 0), cyl(0.025, m, WOOD[3], 6).move(0, 0.24 + m / 2, -l * 0.1),
      extrude([[0, 0], [0.03, 0], [0.03, m * 0.9], [0, m * 0.9]].map(([a, b]) => [a, b] as V2), 0.01, sail).move(0, 0, 0),
      extrude([[0, 0], [l * 0.45, 0], [0, m * 0.9]], 0.01, sail).rot(0, -90).move(0, 0.3, -l * 0.1)];
  } },
  { name: 'ship', build: (k) => {
    const l = k.u(2.4, 3), c = k.col([DARK[0], RED, BRIGHT[4]]), top = k.col([WHITE, [0.9, 0.9, 0.85]]);
    const hull: V2[] = [[-l / 2, 0.4], [l / 2 + 0.15, 0.4], [l / 2 - 0.15, 0], [-l / 2 + 0.1, 0]];
    return [extrude(hull, 0.5, c).rot(0, 90), box(0.4, 0.3, l * 0.35, top).move(0, 0.55, l * 0.15), box(0.3, 0.2, l * 0.2, top).move(0, 0.8, l * 0.15),
      cyl(0.08, 0.35, k.col([RED, BRIGHT[2], BLACK]), 10).move(0, 1.05, l * 0.1)];
  } },
  { name: 'rocket', build: (k) => {
    const r = k.u(0.15, 0.2), h = k.u(1.4, 1.8), c = k.col([WHITE, ...METAL.slice(0, 3)]), f = k.col([RED, BLACK, ...BRIGHT]), n = k.i(3, 4);
    const fin: V2[] = [[0, 0], [0.25, -0.05], [0.25, 0.1], [0, 0.4]];
    return [lathe([[0, 0], [r, 0], [r, 0], [r, h * 0.7], [r * 0.6, h * 0.88], [0, h]], c, 16), cone(r * 0.8, 0.15, DARK[0], 12).rot(180).move(0, -0.05, 0),
      ...[...Array(n).keys()].map((i) => extrude(fin, 0.03, f).move(r - 0.02, 0, 0).rot(0, (i * 360) / n))];
  } },
  { name: 'bicycle', build: (k) => {
    const r = k.u(0.3, 0.36), c = k.col(BRIGHT), wb = k.u(0.95, 1.1);
    const A: [number, number, number] = [0, r, -wb / 2], B: [number, number, number] = [0, r, wb / 2];
    const seat: [number, number, number] = [0, r + 0.55, wb * 0.15], head: [number, number, number] = [0, r + 0.55, -wb * 0.35], crank: [number, number, number] = [0, r, wb * 0.05];
    return [torus(r, 0.025, TIRE, 22, 5).rot(0, 0, 90).move(...A), torus(r, 0.025, TIRE, 22, 5).rot(0, 0, 90).move(...B),
      tube([B, crank, seat, B], 0.02, c, 5), tube([crank, head, A], 0.02, c, 5), tube([seat, head], 0.02, c, 5),
      box(0.1, 0.04, 0.2, BLACK).move(seat[0], seat[1] + 0.05, seat[2]), box(0.45, 0.03, 0.03, BLACK).move(0, head[1] + 0.1, head[2])];
  } },
  { name: 'tractor', build: (k) => {
    const c = k.col([RED, [0.1, 0.5, 0.2], BRIGHT[2], BRIGHT[6]]);
    return [box(0.5, 0.45, 1.1, c).move(0, 0.6, -0.1), box(0.6, 0.6, 0.5, c).move(0, 1.1, 0.3), box(0.55, 0.5, 0.45, GLASS[1]).move(0, 1.1, 0.3),
      cyl(0.05, 0.35, BLACK, 8).move(0.15, 1.0, -0.45), ...[-1, 1].flatMap((s) => wheel(0.45, 0.25).map((p) => p.move(s * 0.45, 0.45, 0.35))),
      ...[-1, 1].flatMap((s) => wheel(0.25, 0.15).map((p) => p.move(s * 0.38, 0.25, -0.55)))];
  } },
  { name: 'tank', build: (k) => {
    const c = k.col([[0.33, 0.4, 0.25], [0.5, 0.45, 0.3], [0.4, 0.42, 0.4]]), l = k.u(1.6, 2);
    return [box(0.9, 0.3, l, c).move(0, 0.45, 0), ...[-1, 1].map((s) => superquadric(0.15, 0.22, l / 2 + 0.05, 0.3, 0.3, TIRE).move(s * 0.5, 0.25, 0)),
      superquadric(0.4, 0.15, 0.5, 0.5, 0.5, c).move(0, 0.72, 0.1), cyl(0.05, k.u(1, 1.3), c, 8).rot(90).move(0, 0.75, -0.5)];
  } },
  { name: 'submarine', build: (k) => {
    const l = k.u(2, 2.4), c = k.col([DARK[2], BRIGHT[2], [0.3, 0.3, 0.35]]);
    return [latheFn(14, (t) => [t === 0 || t === 1 ? 0 : 0.25 * Math.pow(Math.sin(Math.PI * t), 0.4), l * (t - 0.5)], c, 14).rot(90),
      superquadric(0.08, 0.18, 0.22, 0.5, 0.5, c).move(0, 0.38, -0.2), cyl(0.015, 0.2, c, 5).move(0, 0.62, -0.25),
      extrude([[0, 0], [0.25, 0.2], [0.25, -0.2]], 0.02, c).rot(90).move(0, 0, l / 2 - 0.1), extrude([[0, 0], [0.25, 0.2], [0.25, -0.2]], 0.02, c).rot(90, 0, 90).move(0, 0, l / 2 - 0.1)];
  } },
  { name: 'hot_air_balloon', build: (k) => {
    const a = k.col(BRIGHT), b = k.col(BRIGHT), n = k.i(6, 10), r = k.u(0.45, 0.55);
    return [latheFn(12, (t) => [t === 1 ? 0 : r * (t < 0.35 ? 0.25 + t * 2 : Math.sin(Math.PI * (0.2 + 0.8 * t)) * 1.05 + 0.02), 0.6 + t * 1.3], a, 24)
      .paint((x, _y, z) => (Math.floor(((Math.atan2(z, x) + Math.PI) / (2 * Math.PI)) * n * 2) % 2 ? a : b)),
      box(0.25, 0.2, 0.25, WOOD[0]).move(0, 0.1, 0), ...[-1, 1].flatMap((s) => [-1, 1].map((q) => tube([[s * 0.1, 0.2, q * 0.1], [s * 0.18, 0.65, q * 0.18]], 0.008, BLACK, 4)))];
  } },
  { name: 'skateboard', build: (k) => {
    const l = k.u(1, 1.2), c = k.col(BRIGHT);
    return [superquadric(0.2, 0.02, l / 2, 0.2, 0.5, c).move(0, 0.15, 0), ...[-1, 1].map((s) => box(0.2, 0.05, 0.05, METAL[0]).move(0, 0.1, s * l * 0.33)),
      ...[-1, 1].flatMap((s) => [-1, 1].map((q) => cyl(0.05, 0.04, WHITE, 10).rot(0, 0, 90).move(s * 0.12, 0.05, q * l * 0.33)))];
  } },
  { name: 'wheelbarrow', build: (k) => {
    const c = k.col([...BRIGHT, GREY]);
    return [lathe([[0, 0], [0.3, 0], [0.45, 0.3], [0.45, 0.3]], c, 4).rot(0, 45).scale(1, 1, 1.5).move(0, 0.35, 0), ...wheel(0.18, 0.08).map((p) => p.move(0, 0.18, -0.75)),
      ...[-1, 1].map((s) => tube([[s * 0.12, 0.18, -0.75], [s * 0.25, 0.35, 0], [s * 0.3, 0.45, 0.85]], 0.02, METAL[3], 5)),
      ...[-1, 1].map((s) => box(0.03, 0.3, 0.03, METAL[3]).move(s * 0.25, 0.15, 0.35))];
  } },
  // ---- tools ----
  { name: 'hammer', build: (k) => {
    const l = k.u(0.8, 1), c = k.col(WOOD), m = k.col(METAL.slice(0, 4));
    return [cyl(0.04, l, c, 8).move(0, l / 2, 0), box(k.u(0.3, 0.4), 0.1, 0.1, m).move(0, l, 0), cone(0.05, 0.15, m, 8).rot(0, 0, 90).move(-0.25, l, 0)];
  } },
  { name: 'axe', build: (k) => {
    const l = k.u(0.9, 1.1), c = k.col(WOOD), bw = k.u(0.25, 0.35);
    return [cyl(0.035, l, c, 8).move(0, l / 2, 0), extrude([[0, 0.06], [bw, 0.15], [bw + 0.03, 0], [bw, -0.15], [0, -0.06]], 0.04, METAL[2]).move(0, l * 0.9, 0),
      box(0.08, 0.12, 0.08, METAL[3]).move(0, l * 0.9, 0)];
  } },
  { name: 'screwdriver', build: (k) => {
    const c = k.col(BRIGHT), l = k.u(0.45, 0.6);
    return [latheFn(8, (t) => [t === 0 || t === 1 ? 0 : 0.07 + 0.02 * Math.sin(Math.PI * t), t * 0.4], c, 8), cyl(0.02, l, METAL[0], 6).move(0, 0.4 + l / 2, 0),
      box(0.06, 0.05, 0.01, METAL[0]).move(0, 0.4 + l, 0)];
  } },
  { name: 'wrench', build: (k) => {
    const l = k.u(0.8, 1), c = k.col(METAL.slice(0, 4));
    const head = (y: number, open: boolean): Part => open
      ? extrude([[-0.1, -0.05], [0.1, -0.05], [0.12, 0.12], [0.04, 0.12], [0.03, 0.03], [-0.03, 0.03], [-0.04, 0.12], [-0.12, 0.12]], 0.04, c).move(0, y, 0)
      : torus(0.08, 0.03, c, 14, 5).rot(90).move(0, y, 0);
    return [box(0.07, l, 0.035, c).move(0, 0, 0), head(l / 2 + 0.03, true), head(-l / 2 - 0.05, false)];
  } },
  { name: 'shovel', build: (k) => {
    const l = k.u(1.1, 1.4), c = k.col(WOOD), b = k.col([GREY, ...METAL.slice(0, 3), BRIGHT[0]]);
    return [cyl(0.03, l, c, 8).move(0, l / 2 + 0.3, 0), lathe([[0, 0], [0.2, 0.03], [0.2, 0.03]], b, 12).scale(1, 1, 0.3).rot(0).move(0, 0, 0),
      extrude([[-0.15, 0.3], [0.15, 0.3], [0.15, 0.05], [0, -0.05], [-0.15, 0.05]], 0.02, b), tube([[-0.1, l + 0.3, 0], [0.1, l + 0.3, 0]], 0.025, BLACK, 6)];
  } },
  { name: 'saw', build: (k) => {
    const l = k.u(0.8, 1), c = k.col([...WOOD, RED]);
    const blade: V2[] = [[0, 0.12], [0, -0.12]];
    for (let i = 0; i <= 20; i++) blade.push([(i / 20) * l, -0.12 + (i / 20) * 0.08 - (i % 2 ? 0.03 : 0)]);
    blade.push([l, -0.02]);
    return [extrude(blade, 0.01, METAL[0]), extrude([[-0.3, 0.15], [0.02, 0.15], [0.02, -0.15], [-0.3, -0.15]], 0.06, c)];
  } },
  { name: 'scissors', build: (k) => {
    const c = k.col(BRIGHT), a = k.u(10, 25);
    const half = (s: number) => [extrude([[0, 0], [0.6, 0.02], [0.6, 0.04], [0, 0.05]], 0.015, METAL[0]).rot(0, 0, s * a / 2),
      torus(0.1, 0.025, c, 14, 5).rot(90).move(-0.2, s * 0.12, 0).rot(0, 0, s * a / 2)];
    return [...half(1), ...half(-1), cyl(0.02, 0.04, METAL[2], 8).rot(90)];
  } },
  { name: 'paintbrush', build: (k) => {
    const c = k.col(BRIGHT), w = k.u(0.15, 0.3);
    return [cyl(0.03, 0.7, c, 8).move(0, 0.55, 0), box(w, 0.2, 0.06, METAL[0]).move(0, 0.15, 0), box(w * 0.95, 0.22, 0.055, k.col([[0.9, 0.85, 0.7], BLACK, ...BRIGHT])).move(0, -0.05, 0)];
  } },
  { name: 'flashlight', build: (k) => {
    const c = k.col([BLACK, ...BRIGHT, METAL[1]]), l = k.u(0.7, 0.9);
    return [lathe([[0, 0], [0.08, 0], [0.08, 0], [0.08, l], [0.14, l + 0.15], [0.14, l + 0.25], [0, l + 0.25]], c, 14), cyl(0.12, 0.01, [1, 1, 0.8], 14).move(0, l + 0.255, 0),
      box(0.04, 0.08, 0.03, RED).move(0, l * 0.7, -0.08)];
  } },
  { name: 'key', build: (k) => {
    const c = k.col([GOLD, ...METAL.slice(0, 3)]), l = k.u(0.6, 0.8);
    const teeth: V2[] = [[0, 0.04], [l, 0.04], [l, -0.04]];
    for (let i = 0; i < 5; i++) teeth.push([l - 0.05 - i * 0.06, -0.04 - k.u(0.03, 0.09)], [l - 0.08 - i * 0.06, -0.04]);
    teeth.push([0, -0.04]);
    return [extrude(teeth, 0.025, c), torus(0.14, 0.05, c, 16, 5).rot(90).move(-0.17, 0, 0)];
  } },
  { name: 'padlock', build: (k) => {
    const c = k.col([GOLD, ...METAL.slice(0, 3), ...BRIGHT.slice(0, 3)]), w = k.u(0.45, 0.55);
    return [superquadric(w / 2, 0.3, 0.12, 0.3, 0.3, c), torus(w * 0.32, 0.04, METAL[0], 16, 6, Math.PI).rot(-90).move(0, 0.3, 0).scale(1, 1.4, 1).move(0, -0.12, 0),
      cyl(0.04, 0.02, BLACK, 10).rot(90).move(0, -0.05, -0.12)];
  } },
];
