// 2-D pooling and its gradients (NHWC viewed as NCHW channels_last). tfjs pads max pooling with
// -inf and excludes padding from average counts; asymmetric 'same' padding is made explicit.
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { TorchBackend } from '../backend.js';
import type { Desc, Exec } from '../exec.js';
import { torchKernel } from '../exec.js';
import { geometry, type Geometry } from './conv.js';
import { h, toNCHW, toNHWC, type Ref } from './util.js';

function poolGeometry(xShape: number[], attrs: NamedAttrMap): Geometry {
  const info = tf.backend_util.computePool2DInfo(xShape as [number, number, number, number],
    attrs.filterSize as [number, number], attrs.strides as [number, number], 1, attrs.pad as 'same',
    attrs.dimRoundingMode as 'floor');
  const g = geometry(info);
  // ATen pools only with padding <= half the window; larger pads go explicit too.
  if (g.padding && (2 * g.padding[0] > info.filterHeight || 2 * g.padding[1] > info.filterWidth)) g.padding = null;
  return g;
}

function padded(x: Exec, g: Geometry, t: Ref, value: number): Ref {
  const v = toNCHW(x, t);
  if (g.padding) return v;
  const [top, bottom, left, right] = g.pads;
  return x.run('constant_pad_nd', [v.h, [left, right, top, bottom], value]);
}

function crop(x: Exec, g: Geometry, r: Desc): Desc {
  if (g.padding) return r;
  const [top, , left] = g.pads;
  const a = x.run('slice.Tensor', [r.h, 2, top, top + g.info.inHeight, 1]);
  return x.run('slice.Tensor', [a.h, 3, left, left + g.info.inWidth, 1]);
}

function windowArgs(g: Geometry): [number[], number[], number[]] {
  const i = g.info;
  return [[i.filterHeight, i.filterWidth], [i.strideHeight, i.strideWidth], g.padding ?? [0, 0]];
}

/** Number of real (unpadded) cells in each window, [1, 1, outH, outW], for explicit-pad averages. */
function windowCounts(x: Exec, g: Geometry): Desc {
  const i = g.info;
  const ones = x.run('ones', [[1, 1, i.inHeight, i.inWidth]]);
  const [top, bottom, left, right] = g.pads;
  const mask = x.run('constant_pad_nd', [ones.h, [left, right, top, bottom], 0]);
  const [k, s] = windowArgs(g);
  return x.run('avg_pool2d', [mask.h, k, s, [0, 0], false, true, 1]);
}

function maxPoolWithIndices(x: Exec, g: Geometry, input: Ref): [Desc, Desc] {
  const [k, s, p] = windowArgs(g);
  const [y, idx] = x.runMany('max_pool2d_with_indices', [h(padded(x, g, input, -Infinity)), k, s, p, [1, 1], false]);
  return [y, idx];
}

export const POOL_KERNELS: KernelConfig[] = [
  torchKernel('MaxPool', (x, { x: xi }, attrs) => {
    const g = poolGeometry(xi.shape, attrs);
    if (g.info.filterHeight === 1 && g.info.filterWidth === 1 && g.info.strideHeight === 1 && g.info.strideWidth === 1) {
      return x.run('alias', [x.in(xi)]);
    }
    const [y, idx] = maxPoolWithIndices(x, g, x.in(xi));
    // The argmax indices travel with the output so that MaxPoolGrad need not recompute them.
    return x.out(toNHWC(x, y), [idx]);
  }),
  torchKernel('MaxPoolGrad', (x, { dy, input, output }, attrs) => {
    const g = poolGeometry(input.shape, attrs);
    const saved = (x.host as TorchBackend).auxOf(output as TensorInfo)?.[0];
    const idx = saved ?? maxPoolWithIndices(x, g, x.in(input))[1].h;
    const [k, s, p] = windowArgs(g);
    const gi = x.run('max_pool2d_with_indices_backward', [toNCHW(x, x.in(dy)).h, h(padded(x, g, x.in(input), -Infinity)),
      k, s, p, [1, 1], false, idx]);
    return toNHWC(x, crop(x, g, gi));
  }),
  torchKernel('AvgPool', (x, { x: xi }, attrs) => {
    const g = poolGeometry(xi.shape, attrs);
    const [k, s, p] = windowArgs(g);
    const src = padded(x, g, x.in(xi), 0);
    if (g.padding) return toNHWC(x, x.run('avg_pool2d', [h(src), k, s, p, false, false, null]));
    const sums = x.run('avg_pool2d', [h(src), k, s, [0, 0], false, true, 1]);
    return toNHWC(x, x.run('div.Tensor', [sums.h, windowCounts(x, g).h]));
  }),
  // tfjs's AvgPoolGrad (cpu, wasm) divides by the full window size everywhere, even where the
  // forward pass averaged fewer cells; matched here with ATen's divisor_override. Padding is always
  // explicit (pad, unpadded backward, crop): CUDA's channels-last avg_pool2d_backward misplaces
  // windows when given padding (measured on an H200, PyTorch 2.11).
  torchKernel('AvgPoolGrad', (x, { dy, input }, attrs) => {
    const g = { ...poolGeometry(input.shape, attrs), padding: null };
    const [k, s] = windowArgs(g);
    const src = padded(x, g, x.in(input), 0);
    const gi = x.run('avg_pool2d_backward', [toNCHW(x, x.in(dy)).h, h(src), k, s, [0, 0], false, true, k[0] * k[1]]);
    return toNHWC(x, crop(x, g, gi));
  }),
];
