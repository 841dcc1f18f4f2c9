// ImageNet mean/std input normalisation (the paper's preprocessing, App. B): (v / 255 - mean) / std per channel.
export const IMAGENET_MEAN = [0.485, 0.456, 0.406];
export const IMAGENET_STD = [0.229, 0.224, 0.225];

/** 256 x 3 lookup table: lut[v * 3 + c] is the normalised value of byte v in channel c. */
export function normalisationLut(mean = IMAGENET_MEAN, std = IMAGENET_STD): Float32Array {
  const lut = new Float32Array(256 * 3);
  for (let v = 0; v < 256; v++) for (let c = 0; c < 3; c++) lut[v * 3 + c] = (v / 255 - mean[c]) / std[c];
  return lut;
}

/** uint8 NHWC RGB -> float32 normalised, via the lookup table. */
export function normaliseBytes(bytes: Uint8Array, lut: Float32Array, out = new Float32Array(bytes.length)): Float32Array {
  for (let i = 0; i < bytes.length; i += 3) {
    out[i] = lut[bytes[i] * 3];
    out[i + 1] = lut[bytes[i + 1] * 3 + 1];
    out[i + 2] = lut[bytes[i + 2] * 3 + 2];
  }
  return out;
}
