// What slurm-start.mjs and slurm-stop.mjs share: where this checkout's single-node Slurm keeps its
// files (.slurm/, git-ignored) and how to tell whether a daemon it started is still alive.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const slurmDir = join(root, '.slurm');
export const confFile = join(slurmDir, 'slurm.conf');
/** Present when slurm-start started munged (stop then stops it too); holds its pid. */
export const mungeOwnedFile = join(slurmDir, 'munged.pid');
export const DAEMONS = ['slurmd', 'slurmctld'];

export const log = (msg) => console.error(`[slurm] ${msg}`);

export function pidFile(daemon) {
  return join(slurmDir, `${daemon}.pid`);
}

export function readPid(file) {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid) {
  if (pid === undefined) return false;
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** Environment for Slurm's client commands (sbatch, squeue, sinfo) to talk to this cluster. */
export function clientEnv() {
  return { ...process.env, SLURM_CONF: confFile };
}
