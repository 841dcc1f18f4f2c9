#!/usr/bin/env node
// `npm run slurm:start`: a single-node Slurm on this machine from Debian's packages, for the tests and
// for trying `npm run paper -- --executor slurm`. Installs slurm-wlm and munge when missing (as root;
// otherwise prints the apt line), starts munged if no munge daemon answers, writes .slurm/slurm.conf
// from scripts/slurm.conf.in with this node's CPUs and memory, starts slurmctld and slurmd as
// background daemons (logs, state and pid files under .slurm/), and waits until the node is idle.
// Idempotent: a cluster already started from this checkout is left running.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, hostname, totalmem } from 'node:os';
import { join } from 'node:path';
import { clientEnv, confFile, DAEMONS, isAlive, log, mungeOwnedFile, pidFile, readPid, root, slurmDir } from './slurm-common.mjs';

const PACKAGES = ['slurm-wlm', 'munge'];
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function sh(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', ...opts });
}

function fail(msg) {
  log(msg);
  process.exit(1);
}

function installPackages() {
  if (['/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/bin/sbatch', '/usr/sbin/munged'].every(existsSync)) return;
  const line = `apt-get install -y --no-install-recommends ${PACKAGES.join(' ')}`;
  if (!isRoot) fail(`Slurm is not installed; run: sudo ${line}`);
  log(`installing ${PACKAGES.join(' ')} (about a minute)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = sh('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...PACKAGES], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (r.status !== 0) {
    sh('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    r = sh('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...PACKAGES], { stdio: ['ignore', 'ignore', 'inherit'], env });
  }
  if (r.status !== 0) fail(`${line} failed (exit ${r.status})`);
}

function mungeWorks() {
  return sh('/bin/sh', ['-c', 'munge -n | unmunge']).status === 0;
}

function startMunge() {
  if (mungeWorks()) return;
  if (!isRoot) fail('no munge daemon answers and only root can start one: run slurm:start as root (or start munged)');
  // munged refuses to run as root; it needs its socket folder owned by the munge user.
  sh('install', ['-d', '-o', 'munge', '-g', 'munge', '-m', '0755', '/run/munge']);
  const r = sh('runuser', ['-u', 'munge', '--', '/usr/sbin/munged']);
  if (r.status !== 0) fail(`munged did not start: ${(r.stderr || r.stdout).trim()}`);
  const pid = readPid('/run/munge/munged.pid');
  if (pid) writeFileSync(mungeOwnedFile, `${pid}\n`);
  for (let i = 0; i < 50 && !mungeWorks(); i++) sh('sleep', ['0.1']);
  if (!mungeWorks()) fail('munged started but `munge -n | unmunge` fails');
  log(`munged started (pid ${pid ?? '?'})`);
}

/** Ports of this checkout's cluster, derived from its path so two checkouts on one machine do not collide. */
function ports() {
  const h = createHash('sha256').update(root).digest().readUInt16BE(0);
  const ctld = 20000 + (h % 4000) * 2;
  return { ctld, slurmd: ctld + 1 };
}

function writeConf() {
  const host = hostname().split('.')[0];
  const cpuCount = cpus().length;
  // Below the physical total, or slurmd drains the node as "Low RealMemory".
  const memory = Math.floor((totalmem() / 2 ** 20) * 0.9);
  const { ctld, slurmd } = ports();
  const fields = {
    HOST: host, CPUS: String(cpuCount), MEMORY: String(memory), MEM_PER_CPU: String(Math.floor(memory / cpuCount)),
    DIR: slurmDir, CTLD_PORT: String(ctld), SLURMD_PORT: String(slurmd),
  };
  const template = readFileSync(join(root, 'scripts', 'slurm.conf.in'), 'utf8');
  const text = template.replace(/@([A-Z_]+)@/g, (m, k) => {
    if (!(k in fields)) fail(`scripts/slurm.conf.in: unknown field ${m}`);
    return fields[k];
  });
  for (const sub of ['state', 'spool']) mkdirSync(join(slurmDir, sub), { recursive: true });
  writeFileSync(confFile, text);
  return { host, cpuCount, memory };
}

function startDaemon(daemon) {
  if (isAlive(readPid(pidFile(daemon)))) return;
  // Both daemonize themselves and write their pid files; -f points them at our configuration.
  const r = sh(`/usr/sbin/${daemon}`, ['-f', confFile], { env: clientEnv() });
  if (r.status !== 0) fail(`${daemon} did not start (exit ${r.status}): ${(r.stderr || r.stdout).trim()}; see ${join(slurmDir, `${daemon}.log`)}`);
}

function tailOf(file, n = 15) {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').slice(-n).join('\n') : '(no log)';
}

function waitIdle(host) {
  const t0 = Date.now();
  let state = '';
  while (Date.now() - t0 < 60_000) {
    const r = sh('sinfo', ['-h', '-N', '-n', host, '-o', '%T'], { env: clientEnv() });
    state = (r.stdout || '').trim();
    if (/^(idle|mixed|allocated)/.test(state)) return;
    if (/drain|down|fail/.test(state)) {
      const reason = sh('sinfo', ['-h', '-R', '-o', '%E'], { env: clientEnv() }).stdout.trim();
      fail(`node ${host} is ${state}${reason ? ` (${reason})` : ''}; slurmd log:\n${tailOf(join(slurmDir, 'slurmd.log'))}`);
    }
    sh('sleep', ['0.5']);
  }
  fail(`node ${host} not idle after 60 s (state '${state}'); slurmctld log:\n${tailOf(join(slurmDir, 'slurmctld.log'))}`);
}

installPackages();
mkdirSync(slurmDir, { recursive: true });
const running = DAEMONS.every((d) => isAlive(readPid(pidFile(d))));
startMunge();
const { host, cpuCount, memory } = running ? { host: hostname().split('.')[0], cpuCount: cpus().length, memory: NaN } : writeConf();
startDaemon('slurmctld');
startDaemon('slurmd');
waitIdle(host);
log(`${running ? 'already running' : 'started'}: node ${host}${running ? '' : ` (${cpuCount} CPUs, ${memory} MB)`}, partition whatwhere; ` +
  `logs and state in ${slurmDir}`);
log(`for squeue/sinfo in a shell: export SLURM_CONF=${confFile}`);
