// Slurm's client commands as the executor uses them: sbatch --parsable, squeue of our own jobs
// (array tasks one per line, finished ones too while Slurm still lists them), scancel by job id.
// With no SLURM_CONF set, a cluster started by `npm run slurm:start` in this checkout is used if running.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../paths.js';

/** Slurm states after which a task will not run again (anything else is still queued or running). */
const ENDED = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'PREEMPTED',
  'BOOT_FAIL', 'DEADLINE', 'SPECIAL_EXIT', 'REVOKED']);

export interface TaskState {
  /** `<array job id>_<task index>`. */
  id: string;
  state: string;
  name: string;
  ended: boolean;
}

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** The environment for Slurm's commands: SLURM_CONF if set, else this checkout's own cluster while it runs. */
export function slurmEnv(): NodeJS.ProcessEnv {
  if (process.env.SLURM_CONF) return process.env;
  const dir = join(repoRoot(), '.slurm');
  const pidFile = join(dir, 'slurmctld.pid');
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : NaN;
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return { ...process.env, SLURM_CONF: join(dir, 'slurm.conf') };
  return process.env;
}

function slurm(cmd: string, args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: slurmEnv(), timeout: 60_000 });
  if (r.error) return { ok: false, out: '', err: `${cmd}: ${r.error.message}` };
  return { ok: r.status === 0, out: r.stdout ?? '', err: (r.stderr ?? '').trim() };
}

/** True when a Slurm controller answers (used by tests to skip cleanly, and by the paper command to fail early). */
export function slurmAvailable(): { ok: boolean; why: string } {
  const r = slurm('sinfo', ['-h', '-o', '%P %a']);
  if (r.ok) return { ok: true, why: '' };
  // sinfo explains itself over several lines; the last one says what went wrong.
  return { ok: false, why: r.err.split('\n').pop()?.trim() || 'sinfo failed' };
}

/** Submits with `sbatch --parsable`; returns the job id (sbatch prints `id` or `id;cluster`). */
export function sbatch(args: string[]): string {
  let last = '';
  // Controllers under load time out now and then: try a few times before giving up.
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = slurm('sbatch', ['--parsable', ...args]);
    const id = r.out.trim().split(';')[0] ?? '';
    if (r.ok && /^\d+$/.test(id)) return id;
    last = r.err || r.out.trim() || 'no output';
    if (/invalid|not allowed|not available|unrecognized|no such/i.test(last)) break; // a bad option: retrying will not help
    spawnSync('sleep', [String(2 * (attempt + 1))]);
  }
  throw new Error(`sbatch failed: ${last}`);
}

/** Every array task of this user's jobs that Slurm still lists; undefined when squeue itself fails. */
export function squeueTasks(): Map<string, TaskState> | undefined {
  const r = slurm('squeue', ['--me', '-h', '-r', '-t', 'all', '-o', '%F|%K|%T|%j']);
  if (!r.ok) return undefined;
  const tasks = new Map<string, TaskState>();
  for (const line of r.out.split('\n')) {
    const [array, index, state, ...name] = line.trim().split('|');
    if (!array || !index || !state || index === 'N/A') continue;
    const id = `${array}_${index}`;
    tasks.set(id, { id, state, name: name.join('|'), ended: ENDED.has(state) });
  }
  return tasks;
}

/** Cancels exactly these jobs (array job ids or `<id>_<index>` tasks). */
export function scancel(ids: string[]): void {
  if (ids.length === 0) return;
  const r = slurm('scancel', ids);
  if (!r.ok) throw new Error(`scancel ${ids.join(' ')} failed: ${r.err}`);
}
