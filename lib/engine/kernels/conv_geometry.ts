// Shared geometry for the convolution-gradient kernels: the explicit padding tfjs would use.
import * as tf from '@tensorflow/tfjs';

export interface ConvGradAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Input/filter/output sizes and the explicit top/left/bottom/right padding, for NHWC. */
export function convGeometry(
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  attrs: ConvGradAttrs,
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape, filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
}

/** Pads (positive amounts) or crops (negative amounts) the two spatial axes of an NHWC tensor. */
export function padOrCrop(x: tf.Tensor4D, top: number, bottom: number, left: number, right: number): tf.Tensor4D {
  const cropT = Math.max(0, -top), cropB = Math.max(0, -bottom);
  const cropL = Math.max(0, -left), cropR = Math.max(0, -right);
  let y = x;
  if (cropT || cropB || cropL || cropR) {
    const [n, h, w, c] = x.shape;
    y = tf.slice(x, [0, cropT, cropL, 0], [n, h - cropT - cropB, w - cropL - cropR, c]);
  }
  const pT = Math.max(0, top), pB = Math.max(0, bottom), pL = Math.max(0, left), pR = Math.max(0, right);
  if (pT || pB || pL || pR) y = tf.pad(y, [[0, 0], [pT, pB], [pL, pR], [0, 0]]);
  return y;
}

export function toNHWC(x: tf.Tensor4D, dataFormat: string): tf.Tensor4D {
  return dataFormat === 'NCHW' ? tf.transpose(x, [0, 2, 3, 1]) : x;
}

export function fromNHWC(x: tf.Tensor4D, dataFormat: string): tf.Tensor4D {
  return dataFormat === 'NCHW' ? tf.transpose(x, [0, 3, 1, 2]) : x;
}

/**
 * Wraps a kernel's TensorInfo input as a Tensor so ordinary ops can run on it (no copy). The engine's
 * wrapper does not take a backend reference, but disposing it drops one: take one here so a later
 * dispose (tidy) leaves the caller's data alive.
 */
export function asTensor<R extends tf.Rank>(info: tf.TensorInfo): tf.Tensor<R> {
  const engine = tf.engine();
  const t = engine.makeTensorFromTensorInfo(info) as tf.Tensor<R>;
  engine.backend.incRef(info.dataId);
  return t;
}
