import { describe, expect, it } from 'vitest';
import { normalise, sphere } from '../../lib/render/mesh.js';
import { FrameBuffer, Rasterizer, focalFromFov, type Light } from '../../lib/render/raster.js';

const light: Light = { dir: [0, 0, -1], color: [0.8, 0.8, 0.8], ambient: [0.2, 0.2, 0.2] };
const I = [1, 0, 0, 0, 1, 0, 0, 0, 1];

function mask(fb: FrameBuffer) {
  let n = 0, sx = 0, sy = 0;
  for (let y = 0; y < fb.height; y++) for (let x = 0; x < fb.width; x++) if (fb.invz[y * fb.width + x] > 0) { n++; sx += x + 0.5; sy += y + 0.5; }
  return { n, cx: sx / n, cy: sy / n };
}

describe('rasterizer', () => {
  const ball = normalise([sphere(1, [1, 0, 0], 48, 32)]); // diameter 1 after normalisation
  const f = focalFromFov(128, 60);

  it('draws a sphere where perspective projection puts it, covering pi r^2 pixels on axis', () => {
    const r = new Rasterizer();
    for (const t of [[0, 0, 3], [0.6, -0.4, 2.5], [-0.9, 0.7, 4]] as [number, number, number][]) {
      const fb = new FrameBuffer(128, 128);
      fb.clear();
      const covered = r.draw(ball, { R: I, t }, f, light, fb);
      const m = mask(fb);
      expect(covered).toBe(m.n);
      // the silhouette of a sphere at angle th off the axis is an ellipse centred at
      // f (tan(th + a) + tan(th - a)) / 2 from the image centre, a = asin(radius / distance)
      const rho = Math.hypot(t[0], t[1]), th = Math.atan2(rho, t[2]), a = Math.asin(0.5 / Math.hypot(...t));
      const radial = (f * (Math.tan(th + a) + Math.tan(th - a))) / 2;
      const ux = rho > 0 ? t[0] / rho : 0, uy = rho > 0 ? t[1] / rho : 0;
      expect(Math.abs(m.cx - (64 + radial * ux))).toBeLessThan(0.3);
      expect(Math.abs(m.cy - (64 - radial * uy))).toBeLessThan(0.3);
      const d = Math.hypot(...t), rad = (f * 0.5) / Math.sqrt(d * d - 0.25); // projected radius of a sphere (on axis)
      if (t[0] === 0) expect(m.n / (Math.PI * rad * rad)).toBeCloseTo(1, 1);
    }
  });

  it('keeps the nearer surface (z-buffer) whatever the drawing order', () => {
    const r = new Rasterizer();
    const near = normalise([sphere(1, [0, 1, 0], 24, 16)]), far = normalise([sphere(1, [0, 0, 1], 24, 16)]);
    for (const order of [[near, far], [far, near]]) {
      const fb = new FrameBuffer(64, 64);
      fb.clear();
      for (const m of order) r.draw(m, { R: I, t: m === near ? [0, 0, 2] : [0, 0, 3] }, focalFromFov(64, 60), light, fb);
      const c = (32 * 64 + 32) * 3;
      expect(fb.rgb[c + 1]).toBeGreaterThan(0.5); // green = near
      expect(fb.rgb[c + 2]).toBe(0);
    }
  });

  it('lights a surface facing the light more than one facing away (Lambert), with ambient floor', () => {
    const r = new Rasterizer();
    const fb = new FrameBuffer(64, 64);
    fb.clear();
    r.draw(ball, { R: I, t: [0, 0, 2] }, focalFromFov(64, 60), { dir: [1, 0, 0], color: [1, 1, 1], ambient: [0.1, 0.1, 0.1] }, fb);
    const left = fb.rgb[(32 * 64 + 24) * 3], right = fb.rgb[(32 * 64 + 40) * 3];
    expect(right).toBeGreaterThan(left + 0.3);
    expect(left).toBeGreaterThanOrEqual(0.1 - 1e-6);
  });

  it('refuses vertices behind the camera', () => {
    const fb = new FrameBuffer(32, 32);
    fb.clear();
    expect(new Rasterizer().draw(ball, { R: I, t: [0, 0, 0.2] }, 30, light, fb)).toBe(-1);
  });
});

describe('back-face culling', () => {
  it('classifies closed, consistently wound parts and leaves open ones two-sided', async () => {
    const { box, closedOrientation, lathe, torus, extrude, star } = await import('../../lib/render/mesh.js');
    const b = box(1, 2, 3, [1, 1, 1]);
    expect(closedOrientation(b.pos, b.idx)).not.toBe(0);
    const flipped = b.idx.slice();
    for (let t = 0; t < flipped.length; t += 3) [flipped[t + 1], flipped[t + 2]] = [flipped[t + 2], flipped[t + 1]];
    expect(closedOrientation(b.pos, flipped)).toBe(-closedOrientation(b.pos, b.idx));
    const shade = lathe([[0.2, 1], [0.5, 0]], [1, 1, 1]); // open lamp shade
    expect(closedOrientation(shade.pos, shade.idx)).toBe(0);
    const handle = torus(1, 0.1, [1, 1, 1], 12, 6, Math.PI);
    expect(closedOrientation(handle.pos, handle.idx)).toBe(0);
    const s = extrude(star(5, 1, 0.4), 0.2, [1, 1, 1]);
    expect(closedOrientation(s.pos, s.idx)).toBe(1);
  });

  it('does not change what any identity covers (culled faces are never visible)', async () => {
    const { identityMesh } = await import('../../lib/render/categories/index.js');
    const { randomRotation } = await import('../../lib/render/rotation.js');
    const { renderRandom } = await import('../../lib/random/index.js');
    const rng = renderRandom(3), r = new Rasterizer(), W = 48, f = focalFromFov(W, 60);
    let diff = 0;
    for (let id = 0; id < 548; id += 2) {
      const m = identityMesh(id), R = randomRotation(rng), t: [number, number, number] = [0, 0, rng.between(1.4, 3)];
      const a = new FrameBuffer(W, W), b = new FrameBuffer(W, W);
      a.clear(); b.clear();
      r.draw(m, { R, t }, f, light, a, true);
      r.draw(m, { R, t }, f, light, b, false);
      for (let p = 0; p < W * W; p++) if ((a.invz[p] > 0) !== (b.invz[p] > 0)) diff++;
    }
    expect(diff).toBe(0);
  });
});
