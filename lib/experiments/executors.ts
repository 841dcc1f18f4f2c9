// Executors run one job each: CLI jobs as child processes (`node bin/whatwhere.mjs ...`, output to
// the job's log file), in-process jobs in this process. SlurmExecutor (slurm.ts) submits the same
// CLI argv to Slurm instead.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '../paths.js';
import { watchedSpawnOptions } from '../watchdog.js';
import type { CommandJob, InProcessJob } from './jobs.js';
import type { Executor, Job } from './runner.js';

export function isCommandJob(j: Job): j is CommandJob {
  return Array.isArray((j as CommandJob).argv);
}

export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export interface LocalPoolOptions {
  /** Concurrent jobs (default: the number of cores). */
  slots?: number;
  env?: Record<string, string>;
}

/** A pool of local processes sized to the machine; each job's threads = cores / slots. */
export class LocalPoolExecutor implements Executor {
  readonly slots: number;
  private readonly env: Record<string, string>;

  constructor(opts: LocalPoolOptions = {}) {
    const cores = cpus().length;
    this.slots = Math.max(1, opts.slots ?? cores);
    const threads = String(Math.max(1, Math.floor(cores / this.slots)));
    // Native backends (libtorch/OpenMP) use all cores by default: split them between the slots.
    this.env = { OMP_NUM_THREADS: threads, WHATWHERE_TORCH_THREADS: threads, ...opts.env };
  }

  run(job: Job): Promise<void> {
    if (!isCommandJob(job)) return (job as InProcessJob).execute();
    job.prepare?.();
    mkdirSync(dirname(job.log), { recursive: true });
    const fd = openSync(job.log, 'a');
    const bin = join(repoRoot(), 'bin', 'whatwhere.mjs');
    return new Promise<void>((ok, fail) => {
      // fd 3: a pipe the child watches, so it ends when this process ends, even by kill -9 (lib/watchdog.ts)
      const child = spawn(process.execPath, [bin, ...job.argv], {
        ...watchedSpawnOptions(['ignore', fd, fd], { ...process.env, ...this.env }), cwd: repoRoot(),
      });
      child.on('error', (err) => { closeSync(fd); fail(err); });
      child.on('close', (code, signal) => {
        closeSync(fd);
        if (code === 0) ok();
        else fail(new Error(`whatwhere ${job.argv[0]} exited with ${signal ?? code}; log ${job.log}:\n${tail(job.log)}`));
      });
    });
  }

  async close(): Promise<void> {}
}

/** Everything in this process, one job at a time (debugging, tests). */
export class InProcessExecutor implements Executor {
  readonly slots = 1;
  async run(job: Job): Promise<void> {
    if (isCommandJob(job)) {
      job.prepare?.();
      // Loaded on first use: the command table imports every command, the paper command among them.
      const { runCommand } = await import('../commands/index.js');
      const code = await runCommand(job.argv);
      if (code !== 0) throw new Error(`whatwhere ${job.argv.join(' ')} exited with ${code}`);
      return;
    }
    await (job as InProcessJob).execute();
  }
  async close(): Promise<void> {}
}
