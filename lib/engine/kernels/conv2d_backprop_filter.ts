// dL/dW of a 2-D convolution as ONE ordinary convolution, so it runs at the backend's conv speed:
//   dW[i,j,c,o] = sum_{n,p,q} xpad[n, p*s + i, q*s + j, c] * dy[n, p, q, o]
// which is a valid convolution of xpad with batch and channel axes swapped ([c, H, W, n]) by the
// filter dy laid out as [p, q, n, o], dilated by the forward stride s. The stock cpu kernel reads one
// element at a time (about 90% of a training step) and wasm has no such kernel at all.
import * as tf from '@tensorflow/tfjs';
import { asTensor, convGeometry, padOrCrop, toNHWC, type ConvGradAttrs } from './conv_geometry.js';

export interface FilterGradAttrs extends ConvGradAttrs {
  filterShape: [number, number, number, number];
}

export function conv2dBackpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, attrs: FilterGradAttrs): tf.Tensor4D {
  return tf.tidy(() => {
    const xs = toNHWC(x, attrs.dataFormat);
    const dys = toNHWC(dy, attrs.dataFormat);
    const [kh, kw, inC, outC] = attrs.filterShape;
    const info = convGeometry(xs.shape, attrs.filterShape, attrs);
    const { top, bottom, left, right } = info.padInfo;
    const [sh, sw] = [info.strideHeight, info.strideWidth];
    // Rows/cols of the padded input the forward pass actually read; anything beyond is dropped.
    const usedH = (info.outHeight - 1) * sh + kh;
    const usedW = (info.outWidth - 1) * sw + kw;
    const xpad = padOrCrop(xs, top, usedH - top - info.inHeight, left, usedW - left - info.inWidth);
    const xT = tf.transpose(xpad, [3, 1, 2, 0]);          // [c, H, W, n]
    const dyT = tf.transpose(dys, [1, 2, 0, 3]);          // [p, q, n, o]
    const g = tf.conv2d(xT, dyT, 1, 'valid', 'NHWC', [sh, sw]); // [c, kh, kw, o]
    const dw = tf.transpose(g, [1, 2, 0, 3]);
    if (dw.shape[0] !== kh || dw.shape[1] !== kw || dw.shape[2] !== inC || dw.shape[3] !== outC) {
      throw new Error(`Conv2DBackpropFilter: got ${dw.shape}, expected ${attrs.filterShape}`);
    }
    return dw;
  });
}

export function conv2dBackpropFilterKernel(args: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): tf.Tensor {
  const { x, dy } = args.inputs;
  const attrs = args.attrs as unknown as FilterGradAttrs;
  // tidy disposes the wrappers; the kernel's inputs keep their data.
  return tf.tidy(() => conv2dBackpropFilter(asTensor<tf.Rank.R4>(x!), asTensor<tf.Rank.R4>(dy!), attrs));
}
