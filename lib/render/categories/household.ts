// Kitchen and household objects: mostly surfaces of revolution with handles and lids.
import { box, bezier, cone, cyl, ellipsoid, lathe, latheFn, sphere, torus, tube, type Part, type V2 } from '../mesh.js';
import { BLACK, BRIGHT, CERAMIC, GLASS, GOLD, GREY, METAL, RED, WHITE, WOOD, type CategoryDef, type Kit } from './kit.js';

/** open container wall with thickness: outer profile up to the rim, then back down inside */
function shell(outer: V2[], th: number): V2[] {
  const inner = outer.slice(1).reverse().map(([r, y]) => [Math.max(0, r - th), y + (y === outer[0][1] ? th : 0)] as V2);
  return [...outer, ...inner];
}

function handle(k: Kit, h: number, r: number, color: readonly [number, number, number]): Part {
  return torus(h / 2, r, color, 12, 6, Math.PI).rot(90, 0, 90); // a half ring bulging towards +x
}

export const HOUSEHOLD: CategoryDef[] = [
  { name: 'mug', build: (k) => {
    const r = k.u(0.35, 0.5), h = k.u(0.8, 1.1), c = k.col(CERAMIC);
    const body = lathe(shell([[0, 0], [r, 0], [r, 0], [r * k.u(0.95, 1.1), h]], 0.05), c, 20);
    const hd = handle(k, h * 0.55, 0.05, c).move(r, h * 0.5, 0);
    return [body, hd];
  } },
  { name: 'teacup', build: (k) => {
    const r = k.u(0.45, 0.6), h = k.u(0.35, 0.5), c = k.col(CERAMIC);
    const cup = lathe(shell([[0, 0.05], [r * 0.5, 0.05], [r * 0.8, h * 0.4], [r, h]], 0.03), c, 20);
    const saucer = lathe([[0, 0], [0.8, 0.02], [0.85, 0.07], [0.8, 0.05], [0, 0.03]], c, 20);
    return [cup, saucer, handle(k, h * 0.6, 0.035, c).move(r * 0.85, h * 0.6, 0)];
  } },
  { name: 'bowl', build: (k) => {
    const r = k.u(0.5, 0.7), h = k.u(0.25, 0.45), c = k.col(CERAMIC);
    return [latheFn(8, (t) => t < 0.999 ? [r * Math.sin(t * Math.PI / 2), h * (1 - Math.cos(t * Math.PI / 2))] : [r, h], c, 20),
      latheFn(8, (t) => [r * 0.94 * Math.sin(t * Math.PI / 2), 0.03 + h * (1 - Math.cos(t * Math.PI / 2))], c, 20),
      cyl(r * 0.4, 0.04, c, 16).move(0, 0, 0)];
  } },
  { name: 'plate', build: (k) => {
    const r = k.u(0.5, 0.7), c = k.col(CERAMIC);
    return [lathe([[0, 0], [r * 0.6, 0], [r, 0.08], [r, 0.1], [r * 0.6, 0.03], [0, 0.03]], c, 24)];
  } },
  { name: 'wine_glass', build: (k) => {
    const c = k.col(GLASS), r = k.u(0.25, 0.35), bh = k.u(0.5, 0.7), sh = k.u(0.5, 0.8);
    const bowl = latheFn(8, (t) => [r * Math.sin(0.2 + t * 2.3) + 0.02, sh + bh * t], c, 16);
    return [bowl, cyl(0.03, sh, c, 8).move(0, sh / 2, 0), cyl(r * 0.9, 0.03, c, 16).move(0, 0, 0)];
  } },
  { name: 'bottle', build: (k) => {
    const r = k.u(0.22, 0.32), h = k.u(0.9, 1.3), n = k.u(0.08, 0.12), c = k.col([...GLASS, [0.2, 0.5, 0.2], [0.45, 0.25, 0.1]]);
    const body = lathe([[0, 0], [r, 0], [r, 0], [r, h * 0.6], [n, h * 0.8], [n, h], [0, h]], c, 16);
    return [body, cyl(n * 1.15, h * 0.08, k.col(BRIGHT), 12).move(0, h, 0)];
  } },
  { name: 'vase', build: (k) => {
    const a = k.u(0.25, 0.45), b = k.u(0.1, 0.2), h = k.u(1, 1.5), c = k.col(CERAMIC), ph = k.u(0, 1);
    return [latheFn(14, (t) => [t === 0 ? 0 : b + a * Math.pow(Math.sin(Math.PI * (t * 0.85 + 0.1 * ph)), 2) + 0.06 * t, h * t], c, 20)];
  } },
  { name: 'jar', build: (k) => {
    const r = k.u(0.35, 0.45), h = k.u(0.7, 1), c = k.col(GLASS);
    return [lathe([[0, 0], [r, 0], [r, 0], [r * 1.03, h * 0.8], [r * 0.85, h * 0.9], [0, h * 0.9]], c, 20),
      cyl(r * 0.9, h * 0.12, k.col(BRIGHT), 20).move(0, h * 0.95, 0)];
  } },
  { name: 'teapot', build: (k) => {
    const c = k.col(CERAMIC), w = k.u(0.45, 0.6), h = k.u(0.35, 0.5);
    return [ellipsoid(w, h, w, c).move(0, h, 0),
      tube(bezier([[w * 0.8, h * 0.7, 0], [w * 1.3, h * 0.9, 0], [w * 1.5, h * 1.6, 0]], 6), (t) => 0.1 - 0.05 * t, c, 8),
      handle(k, h * 1.1, 0.05, c).rot(0, 180, 0).move(-w * 0.95, h * 1.1, 0),
      ellipsoid(w * 0.45, 0.1, w * 0.45, c).move(0, h * 1.95, 0), sphere(0.07, c, 8, 6).move(0, h * 2.1, 0)];
  } },
  { name: 'kettle', build: (k) => {
    const c = k.col(METAL), r = k.u(0.4, 0.5), h = k.u(0.55, 0.75);
    return [lathe([[0, 0], [r, 0], [r, 0], [r * 0.7, h], [r * 0.7, h], [0, h * 1.05]], c, 20),
      tube(bezier([[r * 0.8, h * 0.3, 0], [r * 1.3, h * 0.5, 0], [r * 1.4, h * 0.9, 0]], 5), 0.06, c, 8),
      tube(bezier([[-r * 0.5, h, 0], [0, h * 1.8, 0], [r * 0.5, h, 0]], 8), 0.05, BLACK, 8)];
  } },
  { name: 'cooking_pot', build: (k) => {
    const c = k.col(METAL), r = k.u(0.5, 0.6), h = k.u(0.45, 0.65);
    const pot = lathe(shell([[0, 0], [r, 0], [r, 0], [r, h]], 0.03), c, 20);
    const lid = lathe([[0, h + 0.12], [r * 0.5, h + 0.08], [r * 1.02, h], [0, h]], c, 20);
    return [pot, lid, sphere(0.06, BLACK, 8, 6).move(0, h + 0.15, 0),
      box(0.25, 0.06, 0.12, BLACK).move(r + 0.1, h * 0.85, 0), box(0.25, 0.06, 0.12, BLACK).move(-r - 0.1, h * 0.85, 0)];
  } },
  { name: 'frying_pan', build: (k) => {
    const c = k.col([...METAL.slice(0, 4), BLACK]), r = k.u(0.4, 0.5);
    return [lathe(shell([[0, 0], [r * 0.85, 0], [r, 0.12]], 0.02), c, 20),
      box(k.u(0.55, 0.75), 0.05, 0.09, k.col([BLACK, ...WOOD])).move(r + 0.3, 0.1, 0).rot(0, 0, 8)];
  } },
  { name: 'bucket', build: (k) => {
    const c = k.col(BRIGHT), r = k.u(0.35, 0.42), h = k.u(0.6, 0.8);
    return [lathe(shell([[0, 0], [r * 0.8, 0], [r * 0.8, 0], [r * 1.1, h]], 0.03), c, 20),
      torus(r * 1.1, 0.02, GREY, 16, 5, Math.PI).rot(-90).move(0, h, 0)];
  } },
  { name: 'barrel', build: (k) => {
    const r = k.u(0.38, 0.45), h = k.u(0.9, 1.2), c = k.col(WOOD), hoop = k.col(METAL.slice(1, 4));
    const body = latheFn(10, (t) => [t === 0 || t === 1 ? 0 : r * (0.85 + 0.15 * Math.sin(Math.PI * t)), h * t], c, 20);
    return [body, ...[0.15, 0.5, 0.85].map((y) => torus(r * (0.85 + 0.15 * Math.sin(Math.PI * y)) + 0.01, 0.025, hoop, 20, 5).move(0, y * h, 0))];
  } },
  { name: 'soda_can', build: (k) => {
    const r = 0.3, h = k.u(0.85, 1.1), a = k.col(BRIGHT), b = k.col([WHITE, ...BRIGHT]);
    return [lathe([[0, 0], [r * 0.85, 0], [r, 0.06], [r, h - 0.06], [r * 0.85, h], [0, h]], a, 20)
      .paint((x, y, z) => (Math.sin(Math.atan2(z, x) * 2 + y * 6) > 0.3 ? b : a))];
  } },
  { name: 'spoon', build: (k) => {
    const c = k.col(METAL.slice(0, 4)), l = k.u(0.9, 1.2);
    return [ellipsoid(0.12, 0.04, 0.18, c).move(0, 0, 0), tube([[0, 0.02, 0.16], [0, 0.05, 0.4], [0, 0.08, l]], 0.03, c, 6)];
  } },
  { name: 'fork', build: (k) => {
    const c = k.col(METAL.slice(0, 4)), n = k.i(3, 4), l = k.u(0.8, 1);
    const tines = [...Array(n).keys()].map((i) => box(0.025, 0.02, 0.25, c).move((i - (n - 1) / 2) * 0.05, 0, -0.12));
    return [...tines, box(0.05 * n, 0.025, 0.06, c).move(0, 0, 0.03), box(0.06, 0.03, l, c).move(0, 0.02, 0.06 + l / 2)];
  } },
  { name: 'knife', build: (k) => {
    const l = k.u(0.5, 0.7), w = k.u(0.1, 0.16);
    const blade = box(0.015, w, l, METAL[0]).move(0, w / 2, -l / 2);
    const tip = box(0.015, w * 0.7, w, METAL[0]).rot(45).move(0, w * 0.55, -l);
    return [blade, tip, box(0.05, w * 0.8, k.u(0.35, 0.5), k.col([BLACK, ...WOOD])).move(0, w * 0.4, 0.22)];
  } },
  { name: 'ladle', build: (k) => {
    const c = k.col(METAL.slice(0, 4)), l = k.u(0.9, 1.1);
    return [lathe(shell([[0, 0], [0.1, 0.01], [0.2, 0.1], [0.22, 0.2]], 0.02), c, 16),
      tube(bezier([[0.2, 0.2, 0], [0.35, l * 0.7, 0], [0.25, l, 0]], 8), 0.025, c, 6)];
  } },
  { name: 'rolling_pin', build: (k) => {
    const c = k.col(WOOD), l = k.u(0.9, 1.1), r = k.u(0.12, 0.16);
    return [cyl(r, l, c, 16).rot(0, 0, 90), cyl(0.05, 0.25, c, 8).rot(0, 0, 90).move(l / 2 + 0.12, 0, 0),
      cyl(0.05, 0.25, c, 8).rot(0, 0, 90).move(-l / 2 - 0.12, 0, 0)];
  } },
  { name: 'candle', build: (k) => {
    const r = k.u(0.12, 0.2), h = k.u(0.6, 1), c = k.col([WHITE, RED, ...CERAMIC]);
    return [cyl(r, h, c, 14).move(0, h / 2, 0), cyl(0.015, 0.06, BLACK, 5).move(0, h + 0.03, 0),
      ellipsoid(0.05, 0.12, 0.05, [1, 0.75, 0.2], 8, 6).move(0, h + 0.14, 0), cyl(r * 1.8, 0.04, GOLD, 16).move(0, 0, 0)];
  } },
  { name: 'light_bulb', build: (k) => {
    const c = k.col(GLASS), r = k.u(0.3, 0.38);
    return [latheFn(10, (t) => [t === 1 ? 0 : t < 0.5 ? 0.12 + 0.4 * t * r / 0.35 : r * Math.sin(Math.PI * (0.5 + (t - 0.5) * 0.95)) + 0.001 + (t < 0.6 ? 0.15 : 0), 0.3 + t * r * 2.6], c, 16),
      ...[0, 1, 2, 3].map((i) => torus(0.12, 0.02, METAL[1], 12, 4).move(0, 0.05 + i * 0.06, 0)), cyl(0.12, 0.25, METAL[2], 12).move(0, 0.12, 0)];
  } },
  { name: 'watering_can', build: (k) => {
    const c = k.col(BRIGHT), r = k.u(0.3, 0.35), h = k.u(0.55, 0.7);
    return [cyl(r, h, c, 18).move(0, h / 2, 0), tube([[r * 0.8, h * 0.2, 0], [r + 0.5, h * 0.9, 0]], 0.04, c, 6),
      cone(0.1, 0.12, c, 10).rot(0, 0, -55).move(r + 0.55, h * 0.95, 0),
      tube(bezier([[-r * 0.6, h, 0], [0, h * 1.7, 0], [r * 0.6, h, 0]], 8), 0.04, c, 6)];
  } },
];
