// Object portraits: one identity at a fixed 3/4 view on a plain background, for contact sheets and the
// dataset tour (so a person can check that categories look like what they are named).
import { identityMesh } from './categories/index.js';
import { FrameBuffer, Rasterizer, focalFromFov } from './raster.js';
import { eulerToMatrix } from './rotation.js';

const raster = new Rasterizer();

/** RGB uint8 image (size x size) of `identity`, turned `yawDeg` about y and tilted 20 degrees towards the camera. */
export function portrait(identity: number, size: number, yawDeg = 30, supersample = 2): Uint8Array {
  const s = supersample, W = size * s;
  const fb = new FrameBuffer(W, W);
  fb.clear();
  const R = eulerToMatrix({ rxy: 0, ryz: (20 * Math.PI) / 180, rzx: (yawDeg * Math.PI) / 180 });
  raster.draw(identityMesh(identity), { R, t: [0, 0, 1.9] }, focalFromFov(W, 40), {
    dir: [-0.45, 0.7, -0.55], color: [0.85, 0.85, 0.85], ambient: [0.35, 0.35, 0.38],
  }, fb);
  const out = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0];
      for (let dy = 0; dy < s; dy++) {
        for (let dx = 0; dx < s; dx++) {
          const q = (y * s + dy) * W + x * s + dx;
          const bgk = 0.93 - 0.15 * (y / size);
          for (let c = 0; c < 3; c++) acc[c] += fb.invz[q] > 0 ? fb.rgb[q * 3 + c] : bgk;
        }
      }
      for (let c = 0; c < 3; c++) out[(y * size + x) * 3 + c] = Math.max(0, Math.min(255, Math.round((acc[c] / (s * s)) * 255)));
    }
  }
  return out;
}
