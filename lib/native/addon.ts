// Loads the compiled libtorch addon and describes its surface (see src/addon.cc for the calling
// convention). Loading is lazy and failure is a value, so whatwhere works without the addon.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** A tensor the addon returned: [handle, dtypeCode, ...sizes]. */
export type NativeDesc = number[];

export interface TorchAddon {
  op(name: string, overload?: string): number;
  schema(op: number): string;
  call(op: number, args: unknown[]): unknown;
  /** dtypeCode: 0 float32, 1 int32, 2 bool, 3 uint8, 5 float64 (lib/native/dtypes.ts). */
  fromBuffer(values: ArrayBufferView, shape: number[], dtypeCode: number): NativeDesc;
  /** Values of a tensor; float64 narrows to float32 (what tfjs holds) unless `wide`. */
  toBuffer(handle: number): Float32Array | Int32Array | Uint8Array;
  toBuffer(handle: number, wide: true): Float64Array | Float32Array | Int32Array | Uint8Array;
  free(handle: number): void;
  info(handle: number): [number, boolean, number[], string];
  live(): number;
  /** Threads for compute-bound ops and big tensors; ops on fewer than smallNumel elements use one. */
  setThreads(n: number, smallNumel?: number): void;
  getThreads(): number;
  cudaDeviceCount(): number;
  setDevice(device: string): void;
  getDevice(): string;
  synchronize(): void;
  /** TF32 in cuDNN convolutions and cuBLAS matmuls (CUDA only; cublas defaults to cudnn). */
  setTF32(cudnn: boolean, cublas?: boolean): void;
  /** [cuDNN, cuBLAS] TF32 flags. */
  getTF32(): [boolean, boolean];
  /** Starts recording calls (they still run) into a new trace. */
  traceBegin(): void;
  /** Ends the recording: `params` are handles bound anew at each replay, `outputs` what replay returns. */
  traceEnd(params: number[], outputs: number[]): NativeTraceEnd;
  /** '' when two traces run the same calls on the same constants; else the first difference. */
  traceSame(a: number, b: number): string;
  /** Runs a trace's recorded calls on new parameter handles; one descriptor per output. */
  traceRun(id: number, params: number[]): NativeDesc[];
  traceDrop(id: number): void;
  /** [operator index, whether any output is read later or returned] per recorded call. */
  traceOps(id: number): [number, number][];
  version: string;
  cuda: boolean;
}

/** What traceEnd says: a replayable trace, or why the recording cannot be replayed. */
export type NativeTraceEnd =
  | { id: number; instructions: number; captured: number; unreadParams: number[] }
  | { invalid: string };

export const ADDON_PATH = join(process.cwd(), 'lib', 'native', 'build', 'Release', 'whatwhere_torch.node');

let cached: TorchAddon | string | undefined;

/** The addon, or one line saying why it cannot load. */
export function loadAddon(): TorchAddon | string {
  if (cached !== undefined) return cached;
  if (!existsSync(ADDON_PATH)) {
    cached = `native addon not built (${ADDON_PATH} missing; run: node scripts/setup-native.mjs)`;
    return cached;
  }
  // libgomp reads this once, when libtorch loads it. Its default (spin after every parallel
  // region) makes the idle OpenMP worker compete with the main thread for cores: a small ResNet
  // step measured 1370 ms spinning vs 164 ms passive on this 2-core machine under load.
  process.env.OMP_WAIT_POLICY ??= 'passive';
  try {
    const req = createRequire(join(process.cwd(), 'package.json'));
    cached = req(ADDON_PATH) as TorchAddon;
  } catch (err) {
    cached = `native addon failed to load: ${(err as Error).message.split('\n')[0]}`;
  }
  return cached;
}
