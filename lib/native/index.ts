// Entry point of the optional libtorch backend: registers tfjs backend `torch` and its kernels
// when the addon is built (scripts/setup-native.mjs), and otherwise says why in one line so that
// lib/engine moves on to the next backend.
//
// Device: WHATWHERE_TORCH_DEVICE=cpu|cuda|cuda:N; by default CUDA when the addon's libtorch has
// it and a GPU is visible, else CPU. Threads: all cores (WHATWHERE_TORCH_THREADS overrides).
// TF32 on CUDA: PyTorch's defaults (cuDNN convolutions on, matmuls off); WHATWHERE_TORCH_TF32=0
// turns both off (full float32, what parity checks use), =1 turns both on.
import * as tf from '@tensorflow/tfjs';
import { ADDON_PATH, loadAddon } from './addon.js';
import { TorchBackend } from './backend.js';
import { ensureTorchGradients } from './gradients.js';
import { TORCH_KERNELS } from './kernels/registry.js';

export { ADDON_PATH };

let registered: true | string | undefined;

/**
 * Whether the engine picks torch by default when it is built (it passes kernel parity and the
 * whole test suite under WHATWHERE_BACKEND=torch). false: only when asked by name.
 */
const PREFERRED = true;

export async function registerTorchBackend(): Promise<true | string> {
  const r = await registerNow();
  if (r === true && !PREFERRED && process.env.WHATWHERE_BACKEND !== 'torch') {
    return 'torch backend built but not yet the default (set WHATWHERE_BACKEND=torch)';
  }
  return r;
}

/** Registers the backend with tfjs regardless of preference (tests call this). */
export async function registerNow(): Promise<true | string> {
  if (registered !== undefined) return registered;
  const native = loadAddon();
  if (typeof native === 'string') return (registered = native);
  try {
    const wanted = process.env.WHATWHERE_TORCH_DEVICE || (native.cudaDeviceCount() > 0 ? 'cuda' : 'cpu');
    native.setDevice(wanted);
    const threads = Number(process.env.WHATWHERE_TORCH_THREADS) || native.getThreads();
    const small = Number(process.env.WHATWHERE_TORCH_SMALL_NUMEL);
    native.setThreads(threads, small > 0 ? small : undefined);
    const tf32 = process.env.WHATWHERE_TORCH_TF32;
    if (tf32 === '0' || tf32 === '1') native.setTF32(tf32 === '1');
    else if (tf32) throw new Error(`WHATWHERE_TORCH_TF32=${tf32}: expected 0 or 1 (unset: PyTorch's defaults)`);
    const device = native.getDevice();
    tf.registerBackend('torch', () => new TorchBackend(native, device), 0);
    for (const k of TORCH_KERNELS) tf.registerKernel(k);
    ensureTorchGradients();
    registered = true;
  } catch (err) {
    registered = `torch backend failed to start: ${(err as Error).message.split('\n')[0]}`;
  }
  return registered;
}
