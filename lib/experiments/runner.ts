// The cached runner: computes only what is missing, in dependency order, on a pluggable executor,
// with one overall progress display. Every job writes its outputs atomically and marks them done
// last, so a killed runner resumes where it stopped.
import { formatDuration, Progress } from './progress.js';

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

export async function runJobs(jobs: Job[], executor: Executor, label = 'paper', opts: RunOptions = {}): Promise<RunSummary> {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  for (const j of jobs) for (const d of j.deps) if (!byId.has(d)) throw new Error(`job ${j.id} depends on unknown job ${d}`);
  const t0 = Date.now();
  const done = new Set(jobs.filter((j) => j.isDone()).map((j) => j.id));
  const cached = done.size;
  const todo = jobs.filter((j) => !done.has(j.id));
  const totalCost = todo.reduce((a, j) => a + j.cost, 0);
  console.error(`[${label}] ${jobs.length} jobs: ${cached} cached, ${todo.length} to run (~${formatDuration(totalCost)} of work on ${executor.slots} slot(s))`);
  const progress = new Progress(label, totalCost);
  let costDone = 0;
  const running = new Map<string, Promise<void>>();
  const pending = new Set(todo.map((j) => j.id));
  let failure: Error | undefined;
  const note = () => `${done.size - cached}/${todo.length} jobs; running: ${[...running.keys()].map((id) => byId.get(id)!.describe()).join(', ')}`;

  while ((pending.size > 0 || running.size > 0) && !failure) {
    for (const id of [...pending]) {
      if (running.size >= executor.slots) break;
      const job = byId.get(id)!;
      if (!job.deps.every((d) => done.has(d))) continue;
      pending.delete(id);
      const started = Date.now();
      const p = executor.run(job).then(() => {
        if (!job.isDone()) throw new Error(`job ${job.describe()} finished but its outputs are not marked done`);
        done.add(id);
        opts.onJobDone?.(job, (Date.now() - started) / 1000);
        costDone += job.cost;
        progress.update(costDone, note(), true);
      }).catch((err: Error) => { failure ??= new Error(`job ${job.describe()} failed: ${err.message}`); })
        .finally(() => running.delete(id));
      running.set(id, p);
    }
    if (running.size === 0) {
      if (pending.size > 0 && !failure) throw new Error(`jobs waiting on failed or missing dependencies: ${[...pending].slice(0, 5).join(', ')}`);
      break;
    }
    progress.update(costDone, note());
    // Wake at least every 15 s so the progress line keeps moving during long jobs.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([...running.values(), new Promise<void>((r) => { timer = setTimeout(r, 15_000); })]);
    clearTimeout(timer);
  }
  await Promise.allSettled(running.values());
  if (failure) throw failure;
  progress.finish(`${todo.length} jobs done`);
  return { total: jobs.length, cached, ran: todo.length, seconds: (Date.now() - t0) / 1000 };
}
