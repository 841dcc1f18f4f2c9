// The plan of a paper run, readable without computing anything: every parameter of the scale and,
// per job, the whatwhere command line that computes it (what any executor runs, local or Slurm).
import { isCommandJob } from './executors.js';
import type { Job } from './runner.js';
import { SCALE_PARAMS, type Scale } from './scales.js';

export interface PlannedJob {
  id: string;
  kind: Job['kind'];
  deps: string[];
  /** Arguments of `whatwhere` (without the program name). */
  argv: string[];
}

export interface Plan {
  scale: { name: Scale } & Record<string, unknown>;
  jobs: PlannedJob[];
}

export function planOf(scale: Scale, jobs: Job[]): Plan {
  return {
    // Every field of the scale, whatever fields scales.ts grows.
    scale: { name: scale, ...SCALE_PARAMS[scale] },
    jobs: jobs.map((j) => {
      if (!isCommandJob(j)) throw new Error(`job ${j.id} has no command line (every paper job should be one)`);
      return { id: j.id, kind: j.kind, deps: [...j.deps], argv: [...j.argv] };
    }),
  };
}

/** One line per job for a person: id, what it waits for, and its command. */
export function formatPlan(plan: Plan): string {
  const counts = new Map<string, number>();
  for (const j of plan.jobs) counts.set(j.kind, (counts.get(j.kind) ?? 0) + 1);
  const head = `scale ${plan.scale.name}: ${plan.jobs.length} jobs (${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')})`;
  const lines = plan.jobs.map((j) => `${j.id}${j.deps.length ? `  <- ${j.deps.join(' ')}` : ''}\n  whatwhere ${j.argv.join(' ')}`);
  return [head, ...lines].join('\n');
}
