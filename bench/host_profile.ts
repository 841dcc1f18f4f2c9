// Where a torch-backend training step spends host time: tfjs kernels (count and wall time, which
// includes the native ops on CPU and only their launch on CUDA) and the addon calls inside them.
// The rest of the step is the tfjs engine (tape, scopes) and whatwhere's model code.
import { benchTrain } from '../lib/commands/bench.js';
import { loadAddon, type TorchAddon } from '../lib/native/addon.js';
import { kernelProfile } from '../lib/native/exec.js';

export interface HostProfile {
  msPerStep: number;
  kernelCallsPerStep: number;
  kernelMsPerStep: number;
  addonCallsPerStep: number;
  addonMsPerStep: number;
  /** Replayed forward/backward passes (lib/train/step.ts): one traceRun each. */
  replaysPerStep: number;
  replayMsPerStep: number;
  top: { kernel: string; callsPerStep: number; msPerStep: number }[];
}

export async function hostProfile(o: { size: number; width: number; steps: number; mode?: 'train' | 'infer'; batch?: number }): Promise<HostProfile> {
  const mode = o.mode ?? 'train';
  const base = { arch: 'resnet18' as const, size: o.size, width: o.width, mode, batch: o.batch ?? 64, task: 'all' };
  await benchTrain({ ...base, steps: 1, warmup: 1 });
  const native = loadAddon() as TorchAddon;
  const call = native.call;
  const traceRun = native.traceRun;
  let addonCalls = 0;
  let addonMs = 0;
  let replays = 0;
  let replayMs = 0;
  native.call = (op, args) => {
    addonCalls++;
    const t = performance.now();
    try { return call.call(native, op, args); } finally { addonMs += performance.now() - t; }
  };
  native.traceRun = (id, params) => {
    replays++;
    const t = performance.now();
    try { return traceRun.call(native, id, params); } finally { replayMs += performance.now() - t; }
  };
  kernelProfile.stats.clear();
  kernelProfile.enabled = true;
  try {
    const r = await benchTrain({ ...base, steps: o.steps, warmup: 0 });
    const rows = [...kernelProfile.stats].sort((a, b) => b[1].ms - a[1].ms);
    const per = (v: number) => v / o.steps;
    return {
      msPerStep: r.ms_per_step,
      kernelCallsPerStep: per(rows.reduce((s, [, v]) => s + v.calls, 0)),
      kernelMsPerStep: per(rows.reduce((s, [, v]) => s + v.ms, 0)),
      addonCallsPerStep: per(addonCalls),
      addonMsPerStep: per(addonMs),
      replaysPerStep: per(replays),
      replayMsPerStep: per(replayMs),
      top: rows.slice(0, Number(process.env.TOP ?? 12)).map(([k, v]) => ({ kernel: k, callsPerStep: per(v.calls), msPerStep: per(v.ms) })),
    };
  } finally {
    kernelProfile.enabled = false;
    native.call = call;
    native.traceRun = traceRun;
  }
}

export function formatHostProfile(p: HostProfile): string[] {
  return [
    `${p.msPerStep.toFixed(1)} ms/step: ${p.kernelCallsPerStep.toFixed(0)} tfjs kernels (${p.kernelMsPerStep.toFixed(1)} ms), ` +
      `${p.addonCallsPerStep.toFixed(0)} addon calls (${p.addonMsPerStep.toFixed(1)} ms), ` +
      `${p.replaysPerStep.toFixed(1)} replayed passes (${p.replayMsPerStep.toFixed(1)} ms); the rest is the tfjs engine and model code`,
    ...p.top.map((t) => `  ${t.kernel.padEnd(30)} ${t.callsPerStep.toFixed(0).padStart(5)} calls/step ${t.msPerStep.toFixed(2).padStart(8)} ms/step`),
  ];
}
