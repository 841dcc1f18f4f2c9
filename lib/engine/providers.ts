// How each tfjs backend is found and started. `load` returns true when the backend is registered
// with tfjs and ready to use, or a one-line reason why not. Nothing else in whatwhere names a backend.
import * as tf from '@tensorflow/tfjs';

export type BackendName = 'torch' | 'tensorflow' | 'wasm' | 'cpu';

export interface BackendProvider {
  name: BackendName;
  /** The name tfjs registers the backend under. */
  tfName: string;
  load(): Promise<true | string>;
  versions?(): Record<string, string>;
  threads?(): number;
}

// A variable specifier keeps tsc from demanding types for optional packages that may be absent.
async function importOptional(id: string): Promise<unknown> {
  return import(id);
}

let wasmVersion = 'unknown';

const torch: BackendProvider = {
  name: 'torch',
  tfName: 'torch',
  async load() {
    const native = await import('../native/index.js');
    return native.registerTorchBackend();
  },
  versions(): Record<string, string> {
    const b = tf.findBackend('torch') as unknown as { version?: string } | null;
    return b ? { libtorch: b.version ?? 'unknown' } : {};
  },
  threads() {
    return (tf.findBackend('torch') as unknown as { numThreads?: () => number })?.numThreads?.() ?? 1;
  },
};

const tensorflow: BackendProvider = {
  name: 'tensorflow',
  tfName: 'tensorflow',
  async load() {
    // An import that succeeds is not proof (a package installed without its native binding
    // registers nothing): only a registered 'tensorflow' backend is.
    const errors: string[] = [];
    for (const id of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
      try {
        await importOptional(id);
        if (tf.findBackendFactory('tensorflow')) return true;
        errors.push(`${id}: installed without its native binding`);
      } catch (err) {
        errors.push(`${id}: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    return `no tfjs-node build (${errors.join('; ')})`;
  },
};

const wasm: BackendProvider = {
  name: 'wasm',
  tfName: 'wasm',
  async load() {
    const mod = await import('@tensorflow/tfjs-backend-wasm');
    wasmVersion = mod.version_wasm;
    return tf.findBackendFactory('wasm') ? true : 'tfjs-backend-wasm did not register';
  },
  versions() {
    return { 'tfjs-backend-wasm': wasmVersion };
  },
  // tfjs turns wasm threads off under Node (its worker comes from a blob: URL Node rejects).
  threads: () => 1,
};

const cpu: BackendProvider = {
  name: 'cpu',
  tfName: 'cpu',
  async load() {
    return tf.findBackendFactory('cpu') ? true : 'tfjs cpu backend missing';
  },
};

export const BACKEND_PROVIDERS: BackendProvider[] = [torch, tensorflow, wasm, cpu];
export const BACKEND_ORDER: BackendName[] = BACKEND_PROVIDERS.map((p) => p.name);
