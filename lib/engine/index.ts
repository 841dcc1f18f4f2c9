// lib/engine: the one place that chooses a tfjs backend and patches its kernels.
// Order of preference: torch (our libtorch addon) > tensorflow (tfjs-node[-gpu]) > wasm > cpu.
// WHATWHERE_BACKEND=<name> forces one (and fails loudly if it cannot start).
import * as tf from '@tensorflow/tfjs';
import { cpus } from 'node:os';
import { applyKernelPatches } from './kernels/registry.js';
import { BACKEND_PROVIDERS, type BackendName } from './providers.js';

export type { BackendName } from './providers.js';
export { BACKEND_ORDER } from './providers.js';

export interface EngineInfo {
  backend: BackendName;
  available: Record<BackendName, { ok: boolean; reason?: string }>;
  versions: Record<string, string>;
  threads: number;
  cores: number;
  patchedKernels: string[];
  forcedBy?: string;
}

let current: Promise<EngineInfo> | undefined;

function isBackendName(s: string): s is BackendName {
  return BACKEND_PROVIDERS.some((p) => p.name === s);
}

async function probeAll(): Promise<EngineInfo['available']> {
  const out = {} as EngineInfo['available'];
  for (const p of BACKEND_PROVIDERS) {
    try {
      const r = await p.load();
      out[p.name] = r === true ? { ok: true } : { ok: false, reason: r };
    } catch (err) {
      out[p.name] = { ok: false, reason: (err as Error).message.split('\n')[0] };
    }
  }
  return out;
}

async function choose(wanted: string | undefined): Promise<EngineInfo> {
  const available = await probeAll();
  let backend: BackendName | undefined;
  if (wanted) {
    if (!isBackendName(wanted)) {
      throw new Error(`WHATWHERE_BACKEND=${wanted}: expected one of ${BACKEND_PROVIDERS.map((p) => p.name).join(', ')}`);
    }
    if (!available[wanted].ok) throw new Error(`WHATWHERE_BACKEND=${wanted}: backend unavailable (${available[wanted].reason})`);
    backend = wanted;
  } else {
    backend = BACKEND_PROVIDERS.find((p) => available[p.name].ok)?.name;
    if (!backend) throw new Error('no tfjs backend could start (not even cpu)');
  }
  const provider = BACKEND_PROVIDERS.find((p) => p.name === backend)!;
  const ok = await tf.setBackend(provider.tfName);
  if (!ok) throw new Error(`tfjs refused backend ${provider.tfName}`);
  await tf.ready();
  const patchedKernels = applyKernelPatches(provider.tfName);
  return {
    backend,
    available,
    versions: { tfjs: tf.version.tfjs, node: process.versions.node, ...provider.versions?.() },
    threads: provider.threads?.() ?? 1,
    cores: cpus().length,
    patchedKernels,
    forcedBy: wanted ? 'WHATWHERE_BACKEND' : undefined,
  };
}

/**
 * Starts the engine once per process and returns what it chose. Later calls return the same answer;
 * pass `{ backend }` to switch explicitly (tests use this to run the same code on wasm and cpu).
 */
export function initEngine(opts: { backend?: BackendName } = {}): Promise<EngineInfo> {
  if (opts.backend) {
    current = choose(opts.backend);
    return current;
  }
  current ??= choose(process.env.WHATWHERE_BACKEND || undefined);
  return current;
}

/** Engine info without switching backends (starts the engine if needed). */
export function engineInfo(): Promise<EngineInfo> {
  return initEngine();
}

export { tf };
