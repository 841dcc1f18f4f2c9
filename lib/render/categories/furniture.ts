// Furniture, electronics and musical instruments: box and cylinder assemblies.
import { bezier, box, cone, cyl, ellipsoid, extrude, lathe, latheFn, sphere, superquadric, torus, tube, type Part, type RGB, type V2 } from '../mesh.js';
import { BLACK, BRIGHT, DARK, FABRIC, GLASS, GOLD, GREY, METAL, RED, WHITE, WOOD, type CategoryDef, type Kit } from './kit.js';

function legs(k: Kit, w: number, d: number, h: number, r: number, c: RGB, round = true): Part[] {
  return [[-1, -1], [1, -1], [-1, 1], [1, 1]].map(([sx, sz]) =>
    (round ? cyl(r, h, c, 8) : box(2 * r, h, 2 * r, c)).move(sx * (w / 2 - r), h / 2, sz * (d / 2 - r)));
}

export const FURNITURE: CategoryDef[] = [
  { name: 'table', build: (k) => {
    const w = k.u(1, 1.4), d = k.u(0.6, 1), h = k.u(0.6, 0.8), c = k.col(WOOD), t = 0.06;
    return [box(w, t, d, c).move(0, h, 0), ...legs(k, w * 0.95, d * 0.95, h, 0.04, c, k.chance(0.5))];
  } },
  { name: 'chair', build: (k) => {
    const w = k.u(0.45, 0.55), h = k.u(0.45, 0.5), bh = k.u(0.45, 0.65), c = k.col(WOOD), s = k.col([...FABRIC, c]);
    return [box(w, 0.06, w, s).move(0, h, 0), box(w, bh, 0.05, c).move(0, h + bh / 2, w / 2 - 0.025), ...legs(k, w, w, h, 0.03, c, false)];
  } },
  { name: 'stool', build: (k) => {
    const r = k.u(0.2, 0.28), h = k.u(0.6, 0.9), c = k.col(WOOD), n = k.i(3, 4);
    const ls = [...Array(n).keys()].map((i) => {
      const a = (i / n) * 2 * Math.PI;
      return tube([[Math.cos(a) * r * 0.6, h, Math.sin(a) * r * 0.6], [Math.cos(a) * r * 1.1, 0, Math.sin(a) * r * 1.1]], 0.025, c, 6);
    });
    return [cyl(r, 0.06, k.col([...FABRIC, c]), 18).move(0, h, 0), ...ls, torus(r * 0.85, 0.015, c, 16, 4).move(0, h * 0.35, 0)];
  } },
  { name: 'bench', build: (k) => {
    const w = k.u(1.4, 1.8), d = k.u(0.35, 0.45), h = 0.45, c = k.col(WOOD), m = k.col([BLACK, ...METAL]);
    const slats = [0, 1, 2].map((i) => box(w, 0.04, d / 3.5, c).move(0, h, (i - 1) * d / 3));
    const back = [0, 1].map((i) => box(w, d / 4, 0.04, c).move(0, h + 0.2 + i * 0.17, d / 2));
    return [...slats, ...back, ...legs(k, w * 0.9, d, h, 0.03, m, false), box(0.05, 0.4, 0.05, m).move(w * 0.43, h + 0.2, d / 2), box(0.05, 0.4, 0.05, m).move(-w * 0.43, h + 0.2, d / 2)];
  } },
  { name: 'bed', build: (k) => {
    const w = k.u(1, 1.4), l = k.u(1.8, 2.1), c = k.col(WOOD), sheet = k.col(FABRIC);
    return [box(w, 0.25, l, c).move(0, 0.2, 0), box(w * 0.96, 0.2, l * 0.97, WHITE).move(0, 0.42, 0),
      box(w * 0.98, 0.06, l * 0.6, sheet).move(0, 0.54, -l * 0.19), box(w, k.u(0.6, 0.9), 0.07, c).move(0, 0.4, l / 2),
      superquadric(w * 0.3, 0.07, 0.15, 0.3, 0.3, WHITE).move(0, 0.58, l * 0.35)];
  } },
  { name: 'sofa', build: (k) => {
    const w = k.u(1.4, 2), d = k.u(0.7, 0.9), c = k.col(FABRIC), ah = k.u(0.55, 0.7);
    return [box(w, 0.4, d, c).move(0, 0.25, 0), box(w, 0.5, 0.2, c).move(0, 0.65, d / 2 - 0.1),
      box(0.2, ah - 0.05, d, c).move(w / 2 - 0.1, ah / 2 + 0.05, 0), box(0.2, ah - 0.05, d, c).move(-w / 2 + 0.1, ah / 2 + 0.05, 0),
      ...[-1, 1].map((s) => box(w / 2 - 0.25, 0.12, d - 0.25, c).move(s * (w / 4 - 0.05), 0.5, -0.1)), ...legs(k, w, d, 0.06, 0.03, BLACK)];
  } },
  { name: 'bookshelf', build: (k) => {
    const w = k.u(0.8, 1.1), h = k.u(1.4, 2), d = 0.3, c = k.col(WOOD), n = k.i(3, 5);
    const parts: Part[] = [box(0.04, h, d, c).move(-w / 2, h / 2, 0), box(0.04, h, d, c).move(w / 2, h / 2, 0), box(w, h, 0.02, c).move(0, h / 2, d / 2)];
    for (let i = 0; i <= n; i++) {
      const y = (i / n) * (h - 0.04) + 0.02;
      parts.push(box(w, 0.04, d, c).move(0, y, 0));
      if (i < n) {
        let x = -w / 2 + 0.04;
        while (x < w / 2 - 0.1) {
          const bw = k.u(0.04, 0.08), bh = k.u(0.6, 0.9) * (h / n - 0.06);
          if (k.chance(0.85)) parts.push(box(bw, bh, d * 0.8, k.col(BRIGHT)).move(x + bw / 2, y + 0.02 + bh / 2, 0));
          x += bw + 0.005;
        }
      }
    }
    return parts;
  } },
  { name: 'dresser', build: (k) => {
    const w = k.u(0.8, 1.2), h = k.u(0.8, 1.1), d = 0.45, c = k.col(WOOD), n = k.i(3, 4), kn = k.col([GOLD, BLACK, ...METAL]);
    const front: RGB = [c[0] * 0.8, c[1] * 0.8, c[2] * 0.8];
    const parts: Part[] = [box(w, h, d, c).move(0, h / 2 + 0.08, 0), ...legs(k, w, d, 0.08, 0.03, c)];
    for (let i = 0; i < n; i++) {
      const y = 0.08 + (i + 0.5) * (h / n);
      parts.push(box(w * 0.9, h / n - 0.05, 0.02, front).move(0, y, -d / 2 - 0.01), sphere(0.03, kn, 6, 4).move(0, y, -d / 2 - 0.04));
    }
    return parts;
  } },
  { name: 'wardrobe', build: (k) => {
    const w = k.u(0.9, 1.2), h = k.u(1.8, 2.1), d = 0.55, c = k.col(WOOD), door: RGB = [c[0] * 0.8, c[1] * 0.8, c[2] * 0.8];
    return [box(w, h, d, c).move(0, h / 2, 0), box(w / 2 - 0.03, h - 0.1, 0.02, door).move(-w / 4, h / 2, -d / 2 - 0.01),
      box(w / 2 - 0.03, h - 0.1, 0.02, door).move(w / 4, h / 2, -d / 2 - 0.01), box(w + 0.06, 0.06, d + 0.06, c).move(0, h, 0),
      box(0.02, 0.25, 0.03, GOLD).move(-0.05, h / 2, -d / 2 - 0.03), box(0.02, 0.25, 0.03, GOLD).move(0.05, h / 2, -d / 2 - 0.03)];
  } },
  { name: 'floor_lamp', build: (k) => {
    const h = k.u(1.5, 1.8), c = k.col([BLACK, ...METAL]), s = k.col([WHITE, ...FABRIC, [0.95, 0.9, 0.7]]), sr = k.u(0.2, 0.3);
    return [cyl(0.2, 0.04, c, 16), cyl(0.02, h, c, 6).move(0, h / 2, 0), lathe([[sr * 0.6, h + 0.2], [sr, h - 0.1]], s, 18)];
  } },
  { name: 'desk_lamp', build: (k) => {
    const c = k.col(BRIGHT), a = k.u(0.4, 0.5), b = k.u(0.35, 0.45), t = k.u(40, 60);
    const j1: [number, number, number] = [0, 0.05 + a * Math.cos(0.3), a * Math.sin(0.3)];
    const j2: [number, number, number] = [0, j1[1] + b * Math.sin(t * Math.PI / 180) * 0.2, j1[2] - b];
    return [cyl(0.15, 0.05, c, 16), tube([[0, 0.05, 0], j1], 0.02, c, 6), tube([j1, j2], 0.02, c, 6),
      lathe([[0.04, 0], [0.15, -0.2]], c, 16).rot(40, 0, 0).move(0, j2[1], j2[2]), sphere(0.04, c, 8, 6).move(...j1)];
  } },
  { name: 'standing_fan', build: (k) => {
    const h = k.u(0.9, 1.2), c = k.col([WHITE, BLACK, ...BRIGHT.slice(4, 8)]), r = k.u(0.28, 0.35), n = k.i(3, 5);
    const blades = [...Array(n).keys()].map((i) => ellipsoid(r * 0.45, 0.09, 0.01, GLASS[0], 8, 4).move(r * 0.45, 0, 0).rot(0, 0, (i * 360) / n).move(0, h, -0.05));
    return [cyl(0.22, 0.04, c, 16), cyl(0.025, h, c, 6).move(0, h / 2, 0), torus(r, 0.015, c, 24, 4).rot(90).move(0, h, -0.05),
      torus(r, 0.015, c, 24, 4).rot(90).move(0, h, -0.15), sphere(0.07, c, 8, 6).move(0, h, 0), ...blades];
  } },
  { name: 'coat_rack', build: (k) => {
    const h = k.u(1.6, 1.9), c = k.col(WOOD), n = k.i(3, 6);
    const hooks = [...Array(n).keys()].map((i) => {
      const a = (i / n) * 2 * Math.PI;
      return tube(bezier([[0, h * 0.92, 0], [Math.cos(a) * 0.2, h * 0.95, Math.sin(a) * 0.2], [Math.cos(a) * 0.25, h * 1.02, Math.sin(a) * 0.25]], 4), 0.015, c, 5);
    });
    return [cyl(0.03, h, c, 8).move(0, h / 2, 0), ...[0, 1, 2].map((i) => tube([[0, 0.3, 0], [Math.cos(i * 2.1) * 0.3, 0, Math.sin(i * 2.1) * 0.3]], 0.025, c, 5)), ...hooks, sphere(0.05, c, 8, 6).move(0, h, 0)];
  } },
  { name: 'ladder', build: (k) => {
    const h = k.u(1.6, 2.2), w = k.u(0.4, 0.55), c = k.col([...WOOD, ...METAL]), n = Math.round(h / 0.3);
    return [box(0.05, h, 0.06, c).move(-w / 2, h / 2, 0), box(0.05, h, 0.06, c).move(w / 2, h / 2, 0),
      ...[...Array(n).keys()].map((i) => box(w, 0.035, 0.05, c).move(0, (i + 0.7) * (h / (n + 0.5)), 0))];
  } },
  { name: 'bathtub', build: (k) => {
    const l = k.u(1.5, 1.8), w = k.u(0.7, 0.8), c = k.col([WHITE, [0.9, 0.92, 0.95], [0.95, 0.9, 0.85]]);
    return [superquadric(l / 2, 0.3, w / 2, 0.3, 0.4, c).move(0, 0.35, 0), superquadric(l / 2 - 0.06, 0.05, w / 2 - 0.06, 0.2, 0.4, [0.75, 0.8, 0.85]).move(0, 0.63, 0),
      ...[[-1, -1], [1, -1], [-1, 1], [1, 1]].map(([a, b]) => sphere(0.06, GOLD, 8, 6).move(a * l * 0.4, 0.05, b * w * 0.35)),
      tube([[l * 0.45, 0.65, 0], [l * 0.45, 0.85, 0], [l * 0.38, 0.85, 0]], 0.02, METAL[0], 6)];
  } },
  { name: 'toilet', build: (k) => {
    const c = k.col([WHITE, [0.92, 0.9, 0.86], [0.85, 0.9, 0.95]]);
    return [lathe([[0, 0], [0.15, 0], [0.15, 0], [0.2, 0.35], [0.28, 0.42], [0, 0.42]], c, 18).scale(1, 1, 1.3),
      box(0.5, 0.4, 0.18, c).move(0, 0.62, 0.35), torus(0.22, 0.04, c, 18, 6).scale(1, 1, 1.25).move(0, 0.44, 0),
      box(0.08, 0.03, 0.03, METAL[0]).move(-0.15, 0.78, 0.25)];
  } },
  { name: 'piano', build: (k) => {
    const w = k.u(1.3, 1.6), c = k.col([BLACK, ...WOOD.slice(3, 5)]);
    const keys: Part[] = [];
    const nk = 21;
    for (let i = 0; i < nk; i++) keys.push(box(w * 0.9 / nk - 0.005, 0.03, 0.15, WHITE).move(-w * 0.45 + (i + 0.5) * w * 0.9 / nk, 0.72, -0.28));
    for (let i = 0; i < nk - 1; i++) if (![2, 6, 9, 13, 16].includes(i % 7 === 2 || i % 7 === 6 ? 2 : -1)) keys.push(box(0.02, 0.04, 0.09, BLACK).move(-w * 0.45 + (i + 1) * w * 0.9 / nk, 0.75, -0.25));
    return [box(w, 1.2, 0.4, c).move(0, 0.8, 0.05), box(w, 0.05, 0.2, c).move(0, 0.68, -0.28), box(0.06, 0.68, 0.06, c).move(-w / 2 + 0.05, 0.34, -0.3),
      box(0.06, 0.68, 0.06, c).move(w / 2 - 0.05, 0.34, -0.3), ...keys];
  } },
  { name: 'television', build: (k) => {
    const w = k.u(1.1, 1.4), h = w * k.u(0.56, 0.62), c = k.col(DARK);
    return [box(w, h, 0.05, c).move(0, h / 2 + 0.15, 0), box(w * 0.95, h * 0.92, 0.01, [0.05, 0.07, 0.12]).move(0, h / 2 + 0.15, -0.03),
      box(0.06, 0.15, 0.06, c).move(0, 0.08, 0), box(k.u(0.3, 0.5), 0.03, 0.25, c)];
  } },
  { name: 'laptop', build: (k) => {
    const w = k.u(0.9, 1.1), d = w * 0.68, a = k.u(95, 120), c = k.col([...METAL.slice(0, 4), BLACK]);
    const lid = box(w, d, 0.025, c).move(0, d / 2, 0).rot(-(a - 90), 0, 0).move(0, 0.025, d / 2);
    const screen = box(w * 0.9, d * 0.85, 0.01, [0.1, 0.15, 0.3]).move(0, d / 2, -0.015).rot(-(a - 90), 0, 0).move(0, 0.025, d / 2);
    return [box(w, 0.03, d, c).move(0, 0.015, 0), box(w * 0.85, 0.005, d * 0.45, BLACK).move(0, 0.032, -d * 0.05), lid, screen];
  } },
  { name: 'smartphone', build: (k) => {
    const w = k.u(0.45, 0.55), c = k.col([BLACK, WHITE, ...BRIGHT.slice(0, 4)]);
    return [superquadric(w / 2, 0.5, 0.04, 0.3, 0.15, c).rot(0, 0, 0), box(w * 0.9, 0.9, 0.01, [0.05, 0.1, 0.2]).move(0, 0, -0.04), cyl(0.04, 0.02, BLACK, 10).rot(90).move(w * 0.3, 0.4, 0.045)];
  } },
  { name: 'camera', build: (k) => {
    const c = k.col([BLACK, DARK[1], METAL[2]]), w = k.u(0.8, 1), lr = k.u(0.18, 0.24), ll = k.u(0.2, 0.5);
    return [superquadric(w / 2, 0.3, 0.18, 0.2, 0.2, c).move(0, 0.3, 0), cyl(lr, ll, BLACK, 18).rot(90).move(w * 0.05, 0.28, -0.18 - ll / 2),
      cyl(lr * 0.8, 0.01, [0.2, 0.25, 0.4], 18).rot(90).move(w * 0.05, 0.28, -0.18 - ll), box(0.25, 0.15, 0.2, c).move(-w * 0.1, 0.65, 0),
      cyl(0.05, 0.06, RED, 10).move(w * 0.35, 0.62, 0)];
  } },
  { name: 'headphones', build: (k) => {
    const r = k.u(0.45, 0.55), c = k.col([BLACK, WHITE, ...BRIGHT]);
    return [torus(r, 0.04, c, 20, 6, Math.PI).rot(-90), ...[-1, 1].map((s) => superquadric(0.1, 0.2, 0.17, 0.6, 0.9, c).move(s * r, -0.05, 0)),
      ...[-1, 1].map((s) => cyl(0.15, 0.06, BLACK, 14).rot(0, 0, 90).move(s * (r - 0.1), -0.05, 0))];
  } },
  { name: 'speaker', build: (k) => {
    const w = k.u(0.5, 0.7), h = k.u(0.9, 1.3), c = k.col([...WOOD, BLACK, DARK[0]]);
    return [box(w, h, 0.5, c).move(0, h / 2, 0), lathe([[0, 0], [w * 0.38, -0.06], [w * 0.42, 0]], BLACK, 18).rot(-90).move(0, h * 0.35, -0.26),
      lathe([[0, 0], [w * 0.18, -0.03], [w * 0.2, 0]], BLACK, 14).rot(-90).move(0, h * 0.78, -0.26)];
  } },
  { name: 'microphone', build: (k) => {
    const h = k.u(1.2, 1.5), c = k.col([BLACK, ...METAL.slice(0, 4)]);
    return [cyl(0.25, 0.05, c, 16), cyl(0.02, h, c, 6).move(0, h / 2, 0), cyl(0.05, 0.25, BLACK, 10).move(0, h + 0.1, 0),
      sphere(0.1, METAL[2], 12, 8).move(0, h + 0.3, 0)];
  } },
  { name: 'alarm_clock', build: (k) => {
    const r = k.u(0.35, 0.42), c = k.col([RED, ...BRIGHT, METAL[0]]);
    const face = cyl(r * 0.9, 0.01, WHITE, 20).rot(90).move(0, 0, -0.11);
    const hands = [box(0.02, r * 0.6, 0.01, BLACK).move(0, r * 0.3, 0).rot(0, 0, k.u(0, 360)).move(0, 0, -0.12), box(0.025, r * 0.4, 0.01, BLACK).move(0, r * 0.2, 0).rot(0, 0, k.u(0, 360)).move(0, 0, -0.12)];
    return [cyl(r, 0.2, c, 20).rot(90), face, ...hands, ...[-1, 1].map((s) => sphere(0.12, c, 10, 6).scale(1, 0.7, 1).move(s * r * 0.6, r * 0.85, 0)),
      ...[-1, 1].map((s) => cyl(0.02, 0.2, c, 5).rot(0, 0, s * 25).move(s * r * 0.6, -r * 0.95, 0))];
  } },
  { name: 'radio', build: (k) => {
    const w = k.u(0.9, 1.2), h = k.u(0.5, 0.65), c = k.col([...BRIGHT, ...WOOD]);
    return [superquadric(w / 2, h / 2, 0.18, 0.2, 0.2, c).move(0, h / 2, 0), cyl(h * 0.3, 0.02, GREY, 16).rot(90).move(-w * 0.22, h / 2, -0.18),
      box(w * 0.35, h * 0.25, 0.02, WHITE).move(w * 0.22, h * 0.65, -0.18), ...[0, 1].map((i) => cyl(0.05, 0.04, BLACK, 10).rot(90).move(w * (0.12 + i * 0.2), h * 0.3, -0.19)),
      tube([[w * 0.4, h, 0], [w * 0.55, h + 0.5, 0]], 0.01, METAL[0], 4)];
  } },
  { name: 'guitar', build: (k) => {
    const c = k.col([...WOOD, RED, BLACK]), s = k.u(0.9, 1.1);
    const outline: V2[] = [];
    for (let i = 0; i < 32; i++) {
      const a = (i / 32) * 2 * Math.PI, y = Math.sin(a);
      const r = (y < 0 ? 0.42 : 0.33 * s) * (1 - 0.12 * Math.exp(-8 * y * y)) ;
      outline.push([r * Math.cos(a), 0.4 * y * (y < 0 ? 1 : 1.1)]);
    }
    return [extrude(outline, 0.12, c), cyl(0.1, 0.01, BLACK, 14).rot(90).move(0, 0.1, -0.065), box(0.08, 0.9, 0.05, WOOD[3]).move(0, 0.8, -0.02),
      box(0.12, 0.2, 0.04, WOOD[3]).move(0, 1.33, -0.02), box(0.15, 0.04, 0.02, BLACK).move(0, -0.2, -0.065)];
  } },
  { name: 'drum', build: (k) => {
    const r = k.u(0.4, 0.5), h = k.u(0.4, 0.6), c = k.col(BRIGHT);
    return [cyl(r, h, c, 22), cyl(r * 1.001, 0.002, WHITE, 22).move(0, h / 2, 0), torus(r, 0.025, METAL[2], 22, 4).move(0, h / 2, 0), torus(r, 0.025, METAL[2], 22, 4).move(0, -h / 2, 0),
      ...[0, 1].map((i) => tube([[-0.2 + i * 0.15, h / 2 + 0.05, -0.2], [-0.45 + i * 0.6, h / 2 + 0.35, 0.4]], 0.015, WOOD[4], 5))];
  } },
  { name: 'trumpet', build: (k) => {
    const c = k.col([GOLD, METAL[0], METAL[5]]), l = k.u(0.9, 1.1);
    return [tube([[-l / 2, 0, 0], [l / 2 - 0.2, 0, 0]], 0.025, c, 8), lathe([[0.03, 0], [0.06, 0.15], [0.2, 0.3], [0.2, 0.3]], c, 18).rot(0, 0, -90).move(l / 2 - 0.2, 0, 0),
      tube(bezier([[-l / 2 + 0.15, 0, 0], [-l / 2, -0.2, 0], [0, -0.15, 0], [l * 0.3, -0.15, 0]], 10), 0.025, c, 6),
      ...[0, 1, 2].map((i) => cyl(0.03, 0.2, c, 8).move(-0.05 + i * 0.08, 0, 0)), cone(0.04, 0.1, c, 8).rot(0, 0, 90).move(-l / 2 - 0.03, 0, 0)];
  } },
  { name: 'bell', build: (k) => {
    const c = k.col([GOLD, METAL[5], METAL[2]]), r = k.u(0.45, 0.55);
    return [latheFn(10, (t) => [t === 1 ? 0 : r * (1 - 0.55 * Math.pow(t, 0.6)) + (t < 0.1 ? 0.05 * (1 - t * 10) : 0), t * r * 1.6], c, 20),
      sphere(0.08, c, 8, 6).move(0, 0.02, 0), torus(0.1, 0.03, c, 12, 5).rot(90).move(0, r * 1.7, 0)];
  } },
];
