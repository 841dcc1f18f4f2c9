// What the model sees of a benchmark stimulus, as Brain-Score prepares it:
// 1. visual-degree placement (benchmark_helpers/screen.py ImageConverter): the model is assumed to
//    span `modelDegrees` (8); an image of `sourceDegrees` is scaled by ratio = model/source: for
//    ratio > 1 it is pasted at the centre of a gray (128) canvas round(ratio * size) wide (a 4 deg
//    FreemanZiemba image fills the centre half of an 8 deg view); ratio < 1 centre-crops;
// 2. resize to the model's input size, 3. per-channel normalisation (ImageNet mean/std by default).
import { PNG } from 'pngjs';

export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;
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
  const png = PNG.sync.read(bytes); // always RGBA 8-bit after decoding
  const out = new Uint8Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < png.data.length; i += 4, j += 3) {
    const a = png.data[i + 3] / 255; // composite transparency onto the gray screen
    out[j] = Math.round(png.data[i] * a + GRAY * (1 - a));
    out[j + 1] = Math.round(png.data[i + 1] * a + GRAY * (1 - a));
    out[j + 2] = Math.round(png.data[i + 2] * a + GRAY * (1 - a));
  }
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

/** Area-averaging resize (antialiased when shrinking, bilinear-like when enlarging) to size x size,
 * returned as float 0..1 RGB. */
export function resizeArea(img: RgbImage, size: number): Float32Array {
  const out = new Float32Array(size * size * 3);
  const sx = img.width / size;
  const sy = img.height / size;
  for (let oy = 0; oy < size; oy++) {
    const y0 = oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < size; ox++) {
      const x0 = ox * sx;
      const x1 = x0 + sx;
      let r = 0, g = 0, b = 0, wsum = 0;
      for (let y = Math.floor(y0); y < Math.min(img.height, Math.ceil(y1)); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.min(img.width, Math.ceil(x1)); x++) {
          const w = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
          const i = (y * img.width + x) * 3;
          r += w * img.data[i]; g += w * img.data[i + 1]; b += w * img.data[i + 2]; wsum += w;
        }
      }
      const o = (oy * size + ox) * 3;
      out[o] = r / wsum / 255; out[o + 1] = g / wsum / 255; out[o + 2] = b / wsum / 255;
    }
  }
  return out;
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
  const x = resizeArea(placed, model.size);
  const mean = model.mean ?? IMAGENET_MEAN;
  const std = model.std ?? IMAGENET_STD;
  for (let i = 0; i < x.length; i += 3) for (let c = 0; c < 3; c++) x[i + c] = (x[i + c] - mean[c]) / std[c];
  return x;
}
