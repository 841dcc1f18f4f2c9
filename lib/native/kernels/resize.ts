// Image resizing (NHWC) with tfjs's exact sampling rules (cpu ResizeBilinear/ResizeNearestNeighbor):
// the source rows/columns and weights are computed here, the pixels are gathered by ATen.
// Bilinear is separable: interpolate along H, then along W.
import type { KernelConfig } from '@tensorflow/tfjs';
import type { Desc, Exec } from '../exec.js';
import { torchKernel } from '../exec.js';
import { cast, h, type Ref } from './util.js';

function ratio(oldSize: number, newSize: number, alignCorners: boolean): number {
  const a = alignCorners && newSize > 1;
  return (a ? oldSize - 1 : oldSize) / (a ? newSize - 1 : newSize);
}

function bilinearAxis(x: Exec, t: Ref, dim: number, oldSize: number, newSize: number, alignCorners: boolean, halfPixel: boolean): Desc {
  const r = ratio(oldSize, newSize, alignCorners);
  const lo = new Int32Array(newSize);
  const hi = new Int32Array(newSize);
  const w = new Float32Array(newSize);
  for (let i = 0; i < newSize; i++) {
    const f = halfPixel ? r * (i + 0.5) - 0.5 : r * i;
    lo[i] = Math.max(0, Math.floor(f));
    hi[i] = Math.min(oldSize - 1, Math.ceil(f));
    w[i] = f - lo[i];
  }
  const a = x.run('index_select', [h(t), dim, x.constant(lo, [newSize]).h]);
  const b = x.run('index_select', [h(t), dim, x.constant(hi, [newSize]).h]);
  const wShape = [1, 1, 1, 1];
  wShape[dim] = newSize;
  const wt = x.run('reshape', [x.constant(w, [newSize]).h, wShape]);
  return x.run('lerp.Tensor', [a.h, b.h, wt.h]);
}

function nearestAxis(x: Exec, t: Ref, dim: number, oldSize: number, newSize: number, alignCorners: boolean, halfPixel: boolean): Desc {
  const r = ratio(oldSize, newSize, alignCorners);
  const idx = new Int32Array(newSize);
  for (let i = 0; i < newSize; i++) {
    const f = halfPixel ? r * (i + 0.5) : r * i;
    let j = Math.min(oldSize - 1, alignCorners ? Math.round(f) : Math.floor(f));
    if (halfPixel) j = Math.max(0, j);
    idx[i] = j;
  }
  return x.run('index_select', [h(t), dim, x.constant(idx, [newSize]).h]);
}

export const RESIZE_KERNELS: KernelConfig[] = [
  torchKernel('ResizeBilinear', (x, { images }, { alignCorners, halfPixelCenters, size }) => {
    const [newH, newW] = size as [number, number];
    const src = images.dtype === 'float32' ? x.in(images) : cast(x, x.in(images), 'float32');
    const rows = bilinearAxis(x, src, 1, images.shape[1], newH, !!alignCorners, !!halfPixelCenters);
    return bilinearAxis(x, rows, 2, images.shape[2], newW, !!alignCorners, !!halfPixelCenters);
  }),
  torchKernel('ResizeNearestNeighbor', (x, { images }, { alignCorners, halfPixelCenters, size }) => {
    const [newH, newW] = size as [number, number];
    const rows = nearestAxis(x, x.in(images), 1, images.shape[1], newH, !!alignCorners, !!halfPixelCenters);
    return nearestAxis(x, rows, 2, images.shape[2], newW, !!alignCorners, !!halfPixelCenters);
  }),
];
