#!/usr/bin/env node
// `npm run slurm:stop`: cancels the jobs of this checkout's single-node Slurm and stops exactly the
// daemons slurm-start.mjs started (by their pid files under .slurm/), munged only if it started it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { clientEnv, confFile, DAEMONS, isAlive, log, mungeOwnedFile, pidFile, readPid } from './slurm-common.mjs';

function stop(name, pid) {
  if (!isAlive(pid)) return false;
  process.kill(pid, 'SIGTERM');
  const t0 = Date.now();
  while (isAlive(pid) && Date.now() - t0 < 15_000) spawnSync('sleep', ['0.2']);
  if (isAlive(pid)) {
    log(`${name} (pid ${pid}) ignored SIGTERM for 15 s: killing it`);
    process.kill(pid, 'SIGKILL');
  }
  log(`stopped ${name} (pid ${pid})`);
  return true;
}

const ctld = readPid(pidFile('slurmctld'));
if (existsSync(confFile) && isAlive(ctld)) {
  // Every job of this private cluster is ours: cancel them so no job step outlives the daemons.
  const ids = spawnSync('squeue', ['-h', '-o', '%A'], { encoding: 'utf8', env: clientEnv() }).stdout?.trim().split(/\s+/).filter(Boolean) ?? [];
  if (ids.length > 0) {
    spawnSync('scancel', ids, { env: clientEnv() });
    log(`cancelled ${ids.length} job(s)`);
    spawnSync('sleep', ['2']);
  }
}
let stopped = 0;
for (const d of DAEMONS) if (stop(d, readPid(pidFile(d)))) stopped++;
/** Slurm daemons still running on this machine (another checkout's cluster still needs munge). */
function otherSlurmDaemons() {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try { return /^slurm(ctld|d)$/.test(readFileSync(`/proc/${p}/comm`, 'utf8').trim()); } catch { return false; }
  });
}

const munged = readPid(mungeOwnedFile);
if (munged !== undefined) {
  const others = otherSlurmDaemons();
  if (others.length > 0) log(`left munged (pid ${munged}) running: other Slurm daemons use it (pids ${others.join(' ')})`);
  else if (stop('munged', munged)) stopped++;
  rmSync(mungeOwnedFile, { force: true });
}
if (stopped === 0) log('nothing to stop: no daemon started by slurm:start is running');
