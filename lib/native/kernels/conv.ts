// Convolutions (tfjs NHWC, filters [kh, kw, in, out]) on ATen's convolution and
// convolution_backward. The NHWC buffer is viewed as NCHW channels_last (no copy); the filter
// is viewed as [out, in, kh, kw]. tfjs 'same' padding may be asymmetric (extra row/column at the
// bottom/right), which ATen cannot express: then the input is padded explicitly and the
// convolution runs unpadded; the input gradient is cropped back.
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { MEMORY_FORMAT, scalarType } from '../dtypes.js';
import type { Desc, Exec } from '../exec.js';
import { torchKernel } from '../exec.js';
import { applyActivation, h, toNCHW, toNHWC, type Ref } from './util.js';

interface Geometry {
  info: tf.backend_util.Conv2DInfo;
  channelsLast: boolean;
  /** Symmetric padding ATen applies itself, or null when the input must be padded explicitly. */
  padding: [number, number] | null;
  /** Explicit pads [top, bottom, left, right] when padding is null. */
  pads: [number, number, number, number];
}

function geometry(info: tf.backend_util.Conv2DInfo): Geometry {
  const p = info.padInfo;
  // tfjs may round the output size up ('ceil'); extra bottom/right padding makes ATen agree.
  const extraH = Math.max(0, (info.outHeight - 1) * info.strideHeight + info.effectiveFilterHeight - (info.inHeight + p.top + p.bottom));
  const extraW = Math.max(0, (info.outWidth - 1) * info.strideWidth + info.effectiveFilterWidth - (info.inWidth + p.left + p.right));
  const pads: [number, number, number, number] = [p.top, p.bottom + extraH, p.left, p.right + extraW];
  const symmetric = pads[0] === pads[1] && pads[2] === pads[3];
  return { info, channelsLast: info.dataFormat === 'channelsLast', padding: symmetric ? [pads[0], pads[2]] : null, pads };
}

function convGeometry(xShape: number[], filterShape: number[], attrs: NamedAttrMap, depthwise: boolean): Geometry {
  const dataFormat = tf.backend_util.convertConv2DDataFormat((attrs.dataFormat as 'NHWC' | 'NCHW') ?? 'NHWC');
  const info = tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number],
    filterShape as [number, number, number, number], attrs.strides as [number, number], (attrs.dilations as [number, number]) ?? 1,
    attrs.pad as 'same', attrs.dimRoundingMode as 'floor', depthwise, dataFormat);
  return geometry(info);
}

/** The input in NCHW (view), explicitly padded when ATen cannot pad it. */
function inputNCHW(x: Exec, g: Geometry, t: Ref): Ref {
  const v = g.channelsLast ? toNCHW(x, t) : t;
  if (g.padding) return v;
  const [top, bottom, left, right] = g.pads;
  return x.run('constant_pad_nd', [h(v), [left, right, top, bottom], 0]);
}

/** tfjs filter -> ATen weight view: [kh, kw, in, out] -> [out, in, kh, kw]; depthwise [kh, kw, c, m] -> [c*m, 1, kh, kw]. */
function weight(x: Exec, filter: Ref, filterShape: number[], depthwise: boolean): Desc {
  if (!depthwise) return x.run('permute', [h(filter), [3, 2, 0, 1]]);
  const [kh, kw, c, m] = filterShape;
  return x.run('permute', [x.run('reshape', [h(filter), [kh, kw, 1, c * m]]).h, [3, 2, 0, 1]]);
}

function atenArgs(g: Geometry): [number[], number[], number[]] {
  const i = g.info;
  return [[i.strideHeight, i.strideWidth], g.padding ?? [0, 0], [i.dilationHeight, i.dilationWidth]];
}

function groupsOf(g: Geometry, depthwise: boolean): number {
  return depthwise ? g.info.inChannels : 1;
}

function paddedInputShape(g: Geometry): number[] {
  const i = g.info;
  const [top, bottom, left, right] = g.padding ? [0, 0, 0, 0] : g.pads;
  return [i.batchSize, i.inChannels, i.inHeight + top + bottom, i.inWidth + left + right];
}

function forward(x: Exec, g: Geometry, xIn: Ref, filter: Ref, filterShape: number[], depthwise: boolean, bias?: Ref): Desc {
  const [stride, padding, dilation] = atenArgs(g);
  const y = x.run('convolution', [h(inputNCHW(x, g, xIn)), weight(x, filter, filterShape, depthwise).h, bias === undefined ? null : h(bias),
    stride, padding, dilation, false, [0, 0], groupsOf(g, depthwise)]);
  return g.channelsLast ? toNHWC(x, y) : y;
}

function gradInput(x: Exec, g: Geometry, dy: Ref, filter: Ref, filterShape: number[], depthwise: boolean): Desc {
  const [stride, padding, dilation] = atenArgs(g);
  const dyN = g.channelsLast ? toNCHW(x, dy) : dy;
  // Only the input's shape matters for the input gradient: an uninitialised placeholder will do.
  const placeholder = x.run('empty.memory_format', [paddedInputShape(g), scalarType('float32'), null, null, null,
    g.channelsLast ? MEMORY_FORMAT.channelsLast : MEMORY_FORMAT.contiguous]);
  const [gi] = x.runMany('convolution_backward', [h(dyN), placeholder.h, weight(x, filter, filterShape, depthwise).h, null,
    stride, padding, dilation, false, [0, 0], groupsOf(g, depthwise), [true, false, false]]);
  let r: Desc = gi;
  if (!g.padding) {
    const [top, , left] = g.pads;
    r = x.run('slice.Tensor', [r.h, 2, top, top + g.info.inHeight, 1]);
    r = x.run('slice.Tensor', [r.h, 3, left, left + g.info.inWidth, 1]);
  }
  return g.channelsLast ? toNHWC(x, r) : r;
}

function gradFilter(x: Exec, g: Geometry, xIn: Ref, dy: Ref, filterShape: number[], depthwise: boolean): Desc {
  const [stride, padding, dilation] = atenArgs(g);
  const dyN = g.channelsLast ? toNCHW(x, dy) : dy;
  const [kh, kw, ci, co] = filterShape;
  const wShape = depthwise ? [ci * co, 1, kh, kw] : [co, ci, kh, kw];
  const placeholder = x.run('empty.memory_format', [wShape, scalarType('float32'), null, null, null, MEMORY_FORMAT.contiguous]);
  const res = x.runMany('convolution_backward', [h(dyN), h(inputNCHW(x, g, xIn)), placeholder.h, null,
    stride, padding, dilation, false, [0, 0], groupsOf(g, depthwise), [false, true, false]]);
  return filterFromWeight(x, res.find((d) => d !== null) as Desc, filterShape, depthwise);
}

/** ATen weight-shaped gradient -> tfjs filter layout (the inverse of `weight`). */
function filterFromWeight(x: Exec, gw: Desc, filterShape: number[], depthwise: boolean): Desc {
  const hwio = x.run('permute', [gw.h, [2, 3, 1, 0]]);
  return depthwise ? x.run('reshape', [hwio.h, filterShape]) : hwio;
}

function conv2d(depthwise: boolean, kernelName: string): KernelConfig {
  return torchKernel(kernelName, (x, { x: xi, filter }, attrs) =>
    forward(x, convGeometry(xi.shape, filter.shape, attrs, depthwise), x.in(xi), x.in(filter), filter.shape, depthwise));
}

function fusedConv2d(depthwise: boolean, kernelName: string): KernelConfig {
  return torchKernel(kernelName, (x, { x: xi, filter, bias, preluActivationWeights }, attrs) => {
    const g = convGeometry(xi.shape, filter.shape, attrs, depthwise);
    // ATen adds a [out] bias inside the convolution; other bias shapes are added afterwards.
    const inline = bias && bias.shape.length === 1 && !depthwise;
    let y = forward(x, g, x.in(xi), x.in(filter), filter.shape, depthwise, inline ? x.in(bias) : undefined);
    if (bias && !inline) y = x.run('add.Tensor', [y.h, x.in(bias)]);
    return applyActivation(x, y, attrs.activation as string, preluActivationWeights as TensorInfo | undefined, attrs.leakyreluAlpha as number);
  });
}

export const CONV_KERNELS: KernelConfig[] = [
  conv2d(false, 'Conv2D'),
  conv2d(true, 'DepthwiseConv2dNative'),
  fusedConv2d(false, 'FusedConv2D'),
  fusedConv2d(true, 'FusedDepthwiseConv2D'),
  torchKernel('Conv2DBackpropInput', (x, { dy, filter }, attrs) => {
    const g = convGeometry(attrs.inputShape as number[], filter.shape, attrs, false);
    return gradInput(x, g, x.in(dy), x.in(filter), filter.shape, false);
  }),
  torchKernel('Conv2DBackpropFilter', (x, { x: xi, dy }, attrs) => {
    const g = convGeometry(xi.shape, attrs.filterShape as number[], attrs, false);
    return gradFilter(x, g, x.in(xi), x.in(dy), attrs.filterShape as number[], false);
  }),
  torchKernel('DepthwiseConv2dNativeBackpropInput', (x, { dy, filter }, attrs) => {
    const g = convGeometry(attrs.inputShape as number[], filter.shape, attrs, true);
    return gradInput(x, g, x.in(dy), x.in(filter), filter.shape, true);
  }),
  torchKernel('DepthwiseConv2dNativeBackpropFilter', (x, { x: xi, dy }, attrs) => {
    const g = convGeometry(xi.shape, attrs.filterShape as number[], attrs, true);
    return gradFilter(x, g, x.in(xi), x.in(dy), attrs.filterShape as number[], true);
  }),
];

export { atenArgs, convGeometry, filterFromWeight, geometry, inputNCHW, weight, type Geometry };
