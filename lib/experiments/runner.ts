// The cached runner: computes only what is missing, in dependency order, on a pluggable executor,
// with one overall progress display. Every job writes its outputs atomically and marks them done
// last, so a killed runner resumes where it stopped. A failed job stops only the jobs that depend on
// it: everything else still runs, and the failures are reported together at the end.
import { formatDuration, ProgressReporter } from '../progress.js';

export interface Job {
  id: string;
  kind: 'dataset' | 'train' | 'activations' | 'analysis' | 'score';
  deps: string[];
  /** Relative cost (about seconds on this machine's default backend) for the ETA. */
  cost: number;
  isDone(): boolean;
  describe(): string;
}

/** Runs one job to completion somewhere (this process, worker processes, a cluster). */
export interface Executor {
  readonly slots: number;
  run(job: Job): Promise<void>;
  close(): Promise<void>;
  /** What the executor is doing now, for the progress line (e.g. Slurm's queued and running counts). */
  note?(): string;
}

export interface RunSummary {
  total: number;
  cached: number;
  ran: number;
  seconds: number;
}

export interface RunOptions {
  /** Called when a job finishes, with its wall time (the paper command keeps a ledger). */
  onJobDone?(job: Job, seconds: number): void;
}

/** Thrown at the end of a run in which jobs failed; the message names each failed job and what it blocked. */
export class JobsFailedError extends Error {
  constructor(readonly failed: Map<string, Error>, readonly blocked: string[]) {
    const lines = [...failed.values()].map((e) => e.message);
    if (blocked.length > 0) {
      lines.push(`${blocked.length} job(s) not run because they depend on a failed job: ${blocked.slice(0, 8).join(', ')}${blocked.length > 8 ? ', ...' : ''}`);
    }
    super(lines.join('\n'));
  }
}

export async function runJobs(jobs: Job[], executor: Executor, label = 'paper', opts: RunOptions = {}): Promise<RunSummary> {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  for (const j of jobs) for (const d of j.deps) if (!byId.has(d)) throw new Error(`job ${j.id} depends on unknown job ${d}`);
  const t0 = Date.now();
  const done = new Set(jobs.filter((j) => j.isDone()).map((j) => j.id));
  const cached = done.size;
  const todo = jobs.filter((j) => !done.has(j.id));
  const totalCost = todo.reduce((a, j) => a + j.cost, 0);
  console.error(`[${label}] ${jobs.length} jobs: ${cached} cached, ${todo.length} to run (~${formatDuration(totalCost)} of work on ${executor.slots} slot(s))`);
  const progress = new ProgressReporter({ label, total: totalCost });
  let costDone = 0;
  const running = new Map<string, Promise<void>>();
  const pending = new Set(todo.map((j) => j.id));
  const failed = new Map<string, Error>();
  const blocked = new Set<string>();
  const note = () => {
    const counts = `${done.size - cached}/${todo.length} jobs${failed.size ? `, ${failed.size} failed` : ''}`;
    if (executor.note) return `${counts}; ${executor.note()}`;
    return `${counts}; running: ${[...running.keys()].map((id) => byId.get(id)!.describe()).join(', ')}`;
  };

  while (pending.size > 0 || running.size > 0) {
    for (const id of [...pending]) {
      const job = byId.get(id)!;
      // A job whose dependency failed (or was itself blocked) can never run: set it aside.
      if (job.deps.some((d) => failed.has(d) || blocked.has(d))) {
        pending.delete(id);
        blocked.add(id);
        continue;
      }
      if (running.size >= executor.slots) continue;
      if (!job.deps.every((d) => done.has(d))) continue;
      pending.delete(id);
      const started = Date.now();
      const p = executor.run(job).then(() => {
        if (!job.isDone()) throw new Error(`job ${job.describe()} finished but its outputs are not marked done`);
        done.add(id);
        opts.onJobDone?.(job, (Date.now() - started) / 1000);
        costDone += job.cost;
        progress.update(costDone, note(), true);
      }).catch((err: Error) => {
        const error = new Error(`job ${job.describe()} failed: ${err.message}`);
        failed.set(id, error);
        console.error(`[${label}] ${error.message}`);
      }).finally(() => running.delete(id));
      running.set(id, p);
    }
    if (running.size === 0) {
      if (pending.size > 0) {
        // Blocked jobs are set aside above, so this is a dependency cycle.
        const waiting = [...pending].filter((id) => !byId.get(id)!.deps.some((d) => failed.has(d) || blocked.has(d)));
        if (waiting.length > 0) throw new Error(`jobs waiting on dependencies that can never finish (a cycle?): ${waiting.slice(0, 5).join(', ')}`);
        continue;
      }
      break;
    }
    progress.update(costDone, note());
    // Wake at least every 15 s so the progress line keeps moving during long jobs.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([...running.values(), new Promise<void>((r) => { timer = setTimeout(r, 15_000); })]);
    clearTimeout(timer);
  }
  if (failed.size > 0) throw new JobsFailedError(failed, [...blocked]);
  progress.finish(`${todo.length} jobs done`);
  return { total: jobs.length, cached, ran: todo.length, seconds: (Date.now() - t0) / 1000 };
}
