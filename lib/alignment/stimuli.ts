// What the model sees of a benchmark stimulus, as Brain-Score prepares it:
// 1. visual-degree placement (benchmark_helpers/screen.py ImageConverter): the model is assumed to
//    span `modelDegrees` (8); an image of `sourceDegrees` is scaled by ratio = model/source: for
//    ratio > 1 it is pasted at the centre of a gray (128) canvas round(ratio * size) wide (a 4 deg
//    FreemanZiemba image fills the centre half of an 8 deg view); ratio < 1 centre-crops;
// 2. resize to the model's input size as torchvision's Resize((size, size)) does on a PIL image
//    (Pillow bilinear, antialiased), 3. /255 and per-channel normalisation (ImageNet mean/std default)
//    (model-tools activations/pytorch.py load_preprocess_images).
import { PNG } from 'pngjs';

import { IMAGENET_MEAN, IMAGENET_STD } from '../data/normalise.js';

export { IMAGENET_MEAN, IMAGENET_STD };
/** Brain-Score's default model field of view. */
export const MODEL_VISUAL_DEGREES = 8;
const GRAY = 128; // PIL's 'gray' background colour

/** An RGB image, height x width x 3, 0..255. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export function decodeImage(bytes: Buffer, name = 'image'): RgbImage {
  if (bytes.length < 8 || bytes.readUInt32BE(0) !== 0x89504e47) {
    throw new Error(`${name}: only PNG stimuli are supported (Brain-Score's public sets are PNG); convert it to PNG`);
  }
  const png = PNG.sync.read(bytes); // RGBA 8-bit after decoding (gray and palette expanded)
  const out = new Uint8Array(png.width * png.height * 3);
  // Alpha is dropped, as model-tools' load_image (RGB paste) and screen.py's paste do.
  for (let i = 0, j = 0; i < png.data.length; i += 4, j += 3) { out[j] = png.data[i]; out[j + 1] = png.data[i + 1]; out[j + 2] = png.data[i + 2]; }
  return { width: png.width, height: png.height, data: out };
}

export function encodePng(img: RgbImage): Buffer {
  const png = new PNG({ width: img.width, height: img.height });
  for (let i = 0, j = 0; j < img.data.length; i += 4, j += 3) {
    png.data[i] = img.data[j]; png.data[i + 1] = img.data[j + 1]; png.data[i + 2] = img.data[j + 2]; png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** numpy's round-half-to-even, as ImageConverter rounds sizes and offsets. */
function roundEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Place an image of `sourceDegrees` on a screen of `targetDegrees` (screen.py apply_ratio). */
export function placeOnScreen(img: RgbImage, sourceDegrees: number, targetDegrees = MODEL_VISUAL_DEGREES): RgbImage {
  if (sourceDegrees === targetDegrees) return img;
  const ratio = targetDegrees / sourceDegrees;
  const W = roundEven(ratio * img.width);
  const H = roundEven(ratio * img.height);
  const out = new Uint8Array(W * H * 3);
  if (ratio >= 1) {
    out.fill(GRAY);
    const left = roundEven((W - img.width) / 2);
    const top = roundEven((H - img.height) / 2);
    for (let y = 0; y < img.height; y++) out.set(img.data.subarray(y * img.width * 3, (y + 1) * img.width * 3), ((y + top) * W + left) * 3);
  } else {
    const left = roundEven((img.width - W) / 2);
    const top = roundEven((img.height - H) / 2);
    for (let y = 0; y < H; y++) out.set(img.data.subarray(((y + top) * img.width + left) * 3, ((y + top) * img.width + left + W) * 3), y * W * 3);
  }
  return { width: W, height: H, data: out };
}

// Pillow's resampling (libImaging/Resample.c), which torchvision's Resize applies to PIL images in
// Brain-Score's model-tools preprocessing: separable, horizontal pass then vertical, a triangle
// filter widened by the downscale factor (antialiasing), coefficients in 22-bit fixed point, and
// 8-bit rounding/clipping after each pass.
const PRECISION_BITS = 32 - 8 - 2;

function bilinearCoeffs(inSize: number, outSize: number): { bounds: Int32Array; kk: Int32Array; ksize: number } {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = 1 * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const kk = new Int32Array(outSize * ksize);
  const pre = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterscale;
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const t = Math.abs((x + xmin - center + 0.5) * ss);
      const w = t < 1 ? 1 - t : 0;
      pre[x] = w;
      ww += w;
    }
    for (let x = 0; x < ksize; x++) {
      const k = x < xmax ? (ww !== 0 ? pre[x] / ww : pre[x]) : 0;
      kk[xx * ksize + x] = k < 0 ? Math.trunc(-0.5 + k * (1 << PRECISION_BITS)) : Math.trunc(0.5 + k * (1 << PRECISION_BITS));
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { bounds, kk, ksize };
}

const clip8 = (v: number): number => { const x = v >> PRECISION_BITS; return x < 0 ? 0 : x > 255 ? 255 : x; };

/** Pillow `Image.resize((w, h), Image.BILINEAR)` of an RGB image, bit-exact. */
export function resizeBilinearPil(img: RgbImage, width: number, height: number): RgbImage {
  const needH = width !== img.width;
  const needV = height !== img.height;
  const vert = bilinearCoeffs(img.height, height);
  let cur = img;
  if (needH) {
    const hor = bilinearCoeffs(img.width, width);
    // only the source rows the vertical pass reads
    const first = vert.bounds[0];
    const last = vert.bounds[height * 2 - 2] + vert.bounds[height * 2 - 1];
    const rows = needV ? last - first : img.height;
    const y0 = needV ? first : 0;
    const out = new Uint8Array(width * rows * 3);
    const half = 1 << (PRECISION_BITS - 1);
    for (let y = 0; y < rows; y++) {
      const rowOff = (y + y0) * img.width * 3;
      for (let xx = 0; xx < width; xx++) {
        const xmin = hor.bounds[xx * 2], xmax = hor.bounds[xx * 2 + 1], ko = xx * hor.ksize;
        let s0 = half, s1 = half, s2 = half;
        for (let x = 0; x < xmax; x++) {
          const k = hor.kk[ko + x];
          const i = rowOff + (x + xmin) * 3;
          s0 += img.data[i] * k; s1 += img.data[i + 1] * k; s2 += img.data[i + 2] * k;
        }
        const o = (y * width + xx) * 3;
        out[o] = clip8(s0); out[o + 1] = clip8(s1); out[o + 2] = clip8(s2);
      }
    }
    if (needV) for (let i = 0; i < height; i++) vert.bounds[i * 2] -= first;
    cur = { width, height: rows, data: out };
  }
  if (!needV) return cur;
  const out = new Uint8Array(cur.width * height * 3);
  const half = 1 << (PRECISION_BITS - 1);
  for (let yy = 0; yy < height; yy++) {
    const ymin = vert.bounds[yy * 2], ymax = vert.bounds[yy * 2 + 1], ko = yy * vert.ksize;
    for (let x = 0; x < cur.width; x++) {
      let s0 = half, s1 = half, s2 = half;
      for (let y = 0; y < ymax; y++) {
        const k = vert.kk[ko + y];
        const i = ((y + ymin) * cur.width + x) * 3;
        s0 += cur.data[i] * k; s1 += cur.data[i + 1] * k; s2 += cur.data[i + 2] * k;
      }
      const o = (yy * cur.width + x) * 3;
      out[o] = clip8(s0); out[o + 1] = clip8(s1); out[o + 2] = clip8(s2);
    }
  }
  return { width: cur.width, height, data: out };
}

export interface ModelInput {
  /** Input side in pixels (224 in the paper). */
  size: number;
  mean?: readonly number[];
  std?: readonly number[];
  /** Field of view the model is assumed to span. */
  visualDegrees?: number;
}

/** A stimulus as the model's input: placed, resized, normalised; size x size x 3 (NHWC row). */
export function prepareStimulus(img: RgbImage, sourceDegrees: number, model: ModelInput): Float32Array {
  const placed = placeOnScreen(img, sourceDegrees, model.visualDegrees ?? MODEL_VISUAL_DEGREES);
  const r = resizeBilinearPil(placed, model.size, model.size);
  const mean = model.mean ?? IMAGENET_MEAN;
  const std = model.std ?? IMAGENET_STD;
  const x = new Float32Array(r.data.length);
  for (let i = 0; i < x.length; i += 3) for (let c = 0; c < 3; c++) x[i + c] = (r.data[i + c] / 255 - mean[c]) / std[c];
  return x;
}
