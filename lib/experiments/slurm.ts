// SlurmExecutor: runs the paper's jobs on a Slurm cluster. Every job is a whatwhere command line
// (CommandJob.argv); the jobs the runner finds ready together (one wave) are submitted as one job
// array per kind with `sbatch --parsable`, over a manifest of argv (scripts/slurm-task.sh picks its
// line by SLURM_ARRAY_TASK_ID). Dependencies are by waves: the runner submits a job only once its
// dependencies are done. Completion is decided by the job's own markers, as for the local pool.
//
// State (results/<scale>/slurm/): state.json lists the arrays in flight (written before and after each
// sbatch), so a restarted runner attaches to tasks still queued or running instead of submitting them
// again; submissions.jsonl logs every submission; tasks/ holds the manifests, status/ each task's
// exit code, out/ Slurm's own output of each task (the job's output goes to its log file).
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from '../atomic.js';
import { repoRoot } from '../paths.js';
import { isCommandJob, tail as logTail } from './executors.js';
import type { CommandJob } from './jobs.js';
import type { Executor, Job } from './runner.js';
import { sbatch, scancel, squeueTasks, type TaskState } from './slurm_commands.js';

/** What applies when an option is not given (`whatwhere paper --help` shows these). */
export const SLURM_DEFAULTS = { cpus: 1, maxQueued: 1000, retries: 2, pollMs: 5000 } as const;

export interface SlurmOptions {
  /** Folder of the state file, manifests and task outputs (results/<scale>/slurm). */
  stateDir: string;
  /** Job names are `ww-<label>-<kind>-<token>` (squeue shows what runs). */
  label: string;
  partition?: string;
  account?: string;
  /** Time limit per job, in any form sbatch takes (`2:00:00`, `1-0`). */
  time?: string;
  /** CPUs per job (SLURM_CPUS_PER_TASK: the job's threads). Default 1. */
  cpus?: number;
  /** Memory per job (`4G`). */
  mem?: string;
  /** Generic resources for the jobs that run networks (train, activations, score), e.g. `gpu:1`: they then use CUDA. */
  gres?: string;
  /** Most jobs submitted and not finished at once (default 1000). */
  maxQueued?: number;
  /** Most tasks of one array running at once (`--array=...%K`). */
  maxRunning?: number;
  /** Resubmissions of a failed or cancelled job before it is reported (default 2). */
  retries?: number;
  /** How often squeue is asked (default 5 s). */
  pollMs?: number;
}

/** Job kinds that run a network and so get --gres (datasets and analyses are CPU work). */
const GRES_KINDS = new Set<Job['kind']>(['train', 'activations', 'score']);

interface ArrayRecord {
  name: string;
  /** Slurm job id of the array; absent between writing the intent and sbatch answering. */
  slurmId?: string;
  /** Runner job id of each task, by index. */
  jobs: string[];
  submittedAt: string;
}

interface StateFile {
  version: 1;
  arrays: ArrayRecord[];
}

interface Tracked {
  job: CommandJob;
  /** `<array id>_<index>` once submitted. */
  taskId?: string;
  name?: string;
  /** Exit-status file of the current attempt. */
  status?: string;
  attempt: number;
  state: 'waiting' | 'queued' | 'running';
  /** When the task was first seen finished without its job done (a shared filesystem may lag). */
  endedAt?: number;
  lastState?: string;
  ok(): void;
  fail(err: Error): void;
}

/** Shell-quotes one word for the manifest (scripts/slurm-task.sh evals each line). */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export class SlurmExecutor implements Executor {
  readonly slots: number;
  private readonly tracked = new Map<string, Tracked>();
  private batch: Tracked[] = [];
  private flushScheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private arrays: ArrayRecord[] = [];
  /** Runner job id -> Slurm task still queued or running from an earlier runner. */
  private readonly recovered = new Map<string, { taskId: string; name: string }>();
  private counter = 0;
  private readonly retries: number;
  private readonly pollMs: number;
  private readonly stateFile: string;

  constructor(private readonly opts: SlurmOptions) {
    this.slots = Math.max(1, opts.maxQueued ?? SLURM_DEFAULTS.maxQueued);
    this.retries = opts.retries ?? SLURM_DEFAULTS.retries;
    this.pollMs = opts.pollMs ?? SLURM_DEFAULTS.pollMs;
    this.stateFile = join(opts.stateDir, 'state.json');
    for (const sub of ['tasks', 'status', 'out']) mkdirSync(join(opts.stateDir, sub), { recursive: true });
    this.recover();
  }

  /** Reads the state file and keeps the arrays with tasks Slurm still lists as queued or running. */
  private recover(): void {
    if (!existsSync(this.stateFile)) return;
    let state: StateFile;
    try {
      state = JSON.parse(readFileSync(this.stateFile, 'utf8')) as StateFile;
    } catch (err) {
      throw new Error(`${this.stateFile}: unreadable (${(err as Error).message}); remove it only once no whatwhere job is in the Slurm queue`);
    }
    const tasks = squeueTasks();
    if (!tasks) throw new Error(`${this.stateFile} lists earlier submissions but squeue does not answer: cannot tell which still run`);
    const byName = new Map<string, string>();
    for (const t of tasks.values()) byName.set(t.name, t.id.split('_')[0]!);
    for (const a of state.arrays ?? []) {
      // An intent without an id: the runner died around sbatch; the job name tells whether it was submitted.
      const slurmId = a.slurmId ?? byName.get(a.name);
      if (!slurmId) continue;
      let live = false;
      a.jobs.forEach((jobId, i) => {
        const t = tasks.get(`${slurmId}_${i}`);
        if (t && !t.ended && t.name === a.name) {
          this.recovered.set(jobId, { taskId: t.id, name: a.name });
          live = true;
        }
      });
      if (live) this.arrays.push({ ...a, slurmId });
    }
    if (this.recovered.size > 0) console.error(`[slurm] ${this.recovered.size} job(s) of an earlier run still queued or running: waiting for them`);
    this.save();
  }

  private save(): void {
    const state: StateFile = { version: 1, arrays: this.arrays };
    writeAtomic(this.stateFile, JSON.stringify(state, null, 1) + '\n', { durable: true });
  }

  run(job: Job): Promise<void> {
    if (!isCommandJob(job)) return Promise.reject(new Error(`${job.describe()}: not a command line, cannot run on Slurm`));
    return new Promise<void>((ok, fail) => {
      const t: Tracked = { job, attempt: 0, state: 'waiting', ok, fail };
      this.tracked.set(job.id, t);
      const earlier = this.recovered.get(job.id);
      if (earlier) {
        this.recovered.delete(job.id);
        // Never prepare() here: that would clear the outputs of a job that is running.
        Object.assign(t, { taskId: earlier.taskId, name: earlier.name, state: 'queued', attempt: 1 });
      } else {
        this.enqueue(t);
      }
      this.startPolling();
    });
  }

  private enqueue(t: Tracked): void {
    t.state = 'waiting';
    t.taskId = undefined;
    t.endedAt = undefined;
    this.batch.push(t);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // The runner hands over every ready job in one synchronous sweep: submit them together.
    setImmediate(() => { this.flushScheduled = false; this.flush(); });
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    const byKind = new Map<Job['kind'], Tracked[]>();
    for (const t of batch) byKind.set(t.job.kind, [...(byKind.get(t.job.kind) ?? []), t]);
    for (const [kind, group] of byKind) {
      try {
        this.submit(kind, group);
      } catch (err) {
        for (const t of group) this.finish(t, err as Error);
      }
    }
  }

  private submit(kind: Job['kind'], group: Tracked[]): void {
    const token = `${Date.now().toString(36)}${(this.counter++).toString(36)}`;
    const name = `ww-${this.opts.label}-${kind}-${token}`;
    const manifest = join(this.opts.stateDir, 'tasks', `${name}.txt`);
    const lines = group.map((t, i) => {
      t.job.prepare?.();
      t.status = join(this.opts.stateDir, 'status', `${name}.${i}`);
      return [t.job.log, t.status, ...t.job.argv].map(shellQuote).join(' ');
    });
    writeAtomic(manifest, lines.join('\n') + '\n', { durable: true });
    // Intent first: if the runner dies while sbatch runs, a restart finds the array by its name.
    const record: ArrayRecord = { name, jobs: group.map((t) => t.job.id), submittedAt: new Date().toISOString() };
    this.arrays.push(record);
    this.save();
    let slurmId: string;
    try {
      slurmId = sbatch(this.sbatchArgs(kind, name, group.length, manifest));
    } catch (err) {
      this.arrays = this.arrays.filter((a) => a !== record);
      this.save();
      throw err;
    }
    record.slurmId = slurmId;
    this.save();
    appendFileSync(join(this.opts.stateDir, 'submissions.jsonl'),
      JSON.stringify({ at: record.submittedAt, slurmId, name, jobs: record.jobs }) + '\n');
    group.forEach((t, i) => {
      Object.assign(t, { taskId: `${slurmId}_${i}`, name, state: 'queued' });
      t.attempt++;
    });
  }

  private sbatchArgs(kind: Job['kind'], name: string, n: number, manifest: string): string[] {
    const o = this.opts;
    const args = [`--array=0-${n - 1}${o.maxRunning ? `%${o.maxRunning}` : ''}`, `--job-name=${name}`,
      `--output=${join(o.stateDir, 'out', '%A_%a.out')}`, `--chdir=${repoRoot()}`, `--cpus-per-task=${o.cpus ?? SLURM_DEFAULTS.cpus}`];
    if (o.partition) args.push(`--partition=${o.partition}`);
    if (o.account) args.push(`--account=${o.account}`);
    if (o.time) args.push(`--time=${o.time}`);
    if (o.mem) args.push(`--mem=${o.mem}`);
    // With a GPU granted, Slurm sets CUDA_VISIBLE_DEVICES to it and the job uses CUDA; without one, the CPU
    // (a job must not take a GPU Slurm did not give it).
    const gpu = o.gres !== undefined && GRES_KINDS.has(kind);
    if (gpu) args.push(`--gres=${o.gres}`);
    args.push(`--export=ALL,WHATWHERE_TORCH_DEVICE=${gpu ? 'cuda' : (process.env.WHATWHERE_TORCH_DEVICE ?? 'cpu')}`);
    args.push(join(repoRoot(), 'scripts', 'slurm-task.sh'), manifest, process.execPath, join(repoRoot(), 'bin', 'whatwhere.mjs'));
    return args;
  }

  private startPolling(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.poll(), this.pollMs);
  }

  /** One look at the queue: updates counts, settles finished tasks, resubmits failed ones. */
  poll(): void {
    const watched = [...this.tracked.values()].filter((t) => t.taskId);
    if (watched.length === 0) return;
    const tasks = squeueTasks();
    if (!tasks) return; // the controller did not answer: try again next time, nothing is known to have ended
    for (const t of watched) {
      const s = tasks.get(t.taskId!);
      const listed = s && s.name === t.name ? s : undefined;
      if (listed && !listed.ended) {
        t.state = listed.state === 'PENDING' ? 'queued' : 'running';
        continue;
      }
      if (t.job.isDone()) { this.finish(t); continue; }
      t.lastState = listed?.state;
      // The job's markers are written on another node: give the shared filesystem one more poll to show them.
      if (t.endedAt === undefined) { t.endedAt = Date.now(); continue; }
      const why = this.endReason(t);
      if (t.attempt <= this.retries) {
        console.error(`[slurm] ${t.job.describe()} (Slurm job ${t.taskId}) ${why}; resubmitting (attempt ${t.attempt + 1} of ${this.retries + 1})`);
        this.enqueue(t);
      } else {
        this.finish(t, new Error(`Slurm job ${t.taskId} ${why} (${t.attempt} attempt(s)); log ${t.job.log}:\n${logTail(t.job.log)}`));
      }
    }
    this.forget();
  }

  private endReason(t: Tracked): string {
    const code = t.status && existsSync(t.status) ? readFileSync(t.status, 'utf8').trim() : '';
    if (code !== '') return code === '0' ? 'exited 0 without marking its outputs done' : `exited with code ${code}`;
    if (t.lastState) return `ended ${t.lastState} before the command finished`;
    return 'ended without an exit status (cancelled, timed out or its node failed)';
  }

  private finish(t: Tracked, err?: Error): void {
    this.tracked.delete(t.job.id);
    if (err) t.fail(err); else t.ok();
    if (this.tracked.size === 0) this.stopPolling();
  }

  /** Drops arrays none of whose jobs is tracked any more from the state file. */
  private forget(): void {
    const before = this.arrays.length;
    this.arrays = this.arrays.filter((a) => a.jobs.some((id, i) => this.tracked.get(id)?.taskId === `${a.slurmId}_${i}`));
    if (this.arrays.length !== before) this.save();
  }

  private stopPolling(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Queued and running counts for the progress line. */
  note(): string {
    let queued = 0;
    let running = 0;
    for (const t of this.tracked.values()) {
      if (t.state === 'running') running++; else queued++;
    }
    return `Slurm: ${queued} queued, ${running} running`;
  }

  /** Array jobs of ours with tasks still queued or running. */
  activeArrays(): string[] {
    const ids = new Set<string>();
    for (const t of this.tracked.values()) if (t.taskId) ids.add(t.taskId.split('_')[0]!);
    for (const r of this.recovered.values()) ids.add(r.taskId.split('_')[0]!);
    return [...ids];
  }

  /** scancel exactly our arrays still in the queue; returns how many. */
  cancelAll(): number {
    const ids = this.activeArrays();
    scancel(ids);
    return ids.length;
  }

  async close(): Promise<void> {
    this.stopPolling();
  }
}
