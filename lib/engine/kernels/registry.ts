// The kernels whatwhere adds to stock tfjs backends: one entry per (kernel, backend).
// `replaces` says whether the backend already had the kernel (then it is unregistered first).
import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterKernel } from './conv2d_backprop_filter.js';
import { conv2dBackpropInputKernel } from './conv2d_backprop_input.js';

export interface KernelPatch {
  kernelName: string;
  backendName: string;
  kernelFunc: tf.KernelFunc;
  why: string;
}

export const KERNEL_PATCHES: KernelPatch[] = [
  { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2dBackpropFilterKernel as tf.KernelFunc,
    why: 'missing in tfjs-backend-wasm: no conv layer could train' },
  { kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: conv2dBackpropInputKernel as tf.KernelFunc,
    why: 'stock wasm kernel is a scalar loop; one XNNPACK convolution is several times faster' },
  { kernelName: 'Conv2DBackpropFilter', backendName: 'cpu', kernelFunc: conv2dBackpropFilterKernel as tf.KernelFunc,
    why: 'stock cpu kernel reads one element at a time (~90% of a training step)' },
];

const applied = new Set<string>();
const stock = new Map<string, tf.KernelConfig>();

/** The backend's own kernel that a patch replaced (for parity tests), if there was one. */
export function stockKernel(kernelName: string, backendName: string): tf.KernelConfig | undefined {
  return stock.get(`${backendName}/${kernelName}`);
}

/** Registers every patch for `backendName` (idempotent). Returns the kernel names patched. */
export function applyKernelPatches(backendName: string): string[] {
  const names: string[] = [];
  for (const p of KERNEL_PATCHES) {
    if (p.backendName !== backendName) continue;
    const key = `${p.backendName}/${p.kernelName}`;
    if (!applied.has(key)) {
      const old = tf.getKernel(p.kernelName, p.backendName);
      if (old != null) {
        stock.set(key, old);
        tf.unregisterKernel(p.kernelName, p.backendName);
      }
      tf.registerKernel({ kernelName: p.kernelName, backendName: p.backendName, kernelFunc: p.kernelFunc });
      applied.add(key);
    }
    names.push(p.kernelName);
  }
  return names;
}
