// dL/dx of a 2-D convolution as ONE ordinary convolution: dy with (stride-1) zeros inserted between
// its pixels, padded by (k-1-pad), convolved (stride 1) with the spatially flipped filter whose
// in/out channel axes are swapped. The stock wasm and cpu kernels are plain scalar loops.
import * as tf from '@tensorflow/tfjs';
import { asTensor, convGeometry, fromNHWC, padOrCrop, toNHWC, type ConvGradAttrs } from './conv_geometry.js';

export interface InputGradAttrs extends ConvGradAttrs {
  inputShape: [number, number, number, number];
}

/** Inserts s-1 zeros between neighbouring pixels along both spatial axes. */
function dilateSpatial(dy: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  if (sh === 1 && sw === 1) return dy;
  const [n, h, w, c] = dy.shape;
  const rows = tf.pad(tf.reshape(dy, [n * h, 1, w, c]), [[0, 0], [0, sh - 1], [0, 0], [0, 0]]);
  const hr = h * sh;
  const cols = tf.pad(tf.reshape(rows, [n * hr * w, 1, 1, c]), [[0, 0], [0, sw - 1], [0, 0], [0, 0]]);
  const full = tf.reshape(cols, [n, hr, w * sw, c]);
  return tf.slice(full, [0, 0, 0, 0], [n, (h - 1) * sh + 1, (w - 1) * sw + 1, c]) as tf.Tensor4D;
}

export function conv2dBackpropInput(dy: tf.Tensor4D, filter: tf.Tensor4D, attrs: InputGradAttrs): tf.Tensor4D {
  return tf.tidy(() => {
    const nhwcShape = (attrs.dataFormat === 'NCHW'
      ? [attrs.inputShape[0], attrs.inputShape[2], attrs.inputShape[3], attrs.inputShape[1]]
      : attrs.inputShape) as [number, number, number, number];
    const dys = toNHWC(dy, attrs.dataFormat);
    const [kh, kw] = filter.shape;
    const info = convGeometry(nhwcShape, filter.shape, attrs);
    const { top, left } = info.padInfo;
    const d = dilateSpatial(dys, info.strideHeight, info.strideWidth);
    const padTop = kh - 1 - top;
    const padLeft = kw - 1 - left;
    const padBottom = info.inHeight + kh - 1 - d.shape[1] - padTop;
    const padRight = info.inWidth + kw - 1 - d.shape[2] - padLeft;
    const dp = padOrCrop(d, padTop, padBottom, padLeft, padRight);
    const wFlip = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]); // [kh, kw, out, in]
    const dx = tf.conv2d(dp, wFlip, 1, 'valid');
    return fromNHWC(dx, attrs.dataFormat);
  });
}

export function conv2dBackpropInputKernel(args: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): tf.Tensor {
  const { dy, filter } = args.inputs;
  const attrs = args.attrs as unknown as InputGradAttrs;
  // tidy disposes the wrappers; the kernel's inputs keep their data.
  return tf.tidy(() => conv2dBackpropInput(asTensor<tf.Rank.R4>(dy!), asTensor<tf.Rank.R4>(filter!), attrs));
}
