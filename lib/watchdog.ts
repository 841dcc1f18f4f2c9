// Child jobs end when the runner that started them ends, however it ends (kill -9 included, where no
// handler runs): the runner gives each child an extra pipe on fd 3 and never writes to it; the kernel
// closes the runner's end when the runner dies, the child reads end-of-file and exits. Jobs are
// resumable (atomic writes, checkpoints), so stopping mid-job loses only that job's progress.
import type { IOType } from 'node:child_process';
import { fstatSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** Environment variable naming the watched fd in a child. */
export const PARENT_FD_ENV = 'WHATWHERE_PARENT_FD';
const FD = 3;

/** spawn() options for a watched child: the usual three stdio entries, then the pipe, and the env marker. */
export function watchedSpawnOptions(stdio: (IOType | number)[], env: NodeJS.ProcessEnv):
  { stdio: (IOType | number)[]; env: NodeJS.ProcessEnv } {
  return { stdio: [...stdio, 'pipe'], env: { ...env, [PARENT_FD_ENV]: String(FD) } };
}

// Runs in a worker thread: the main thread may be busy for minutes in synchronous work (a training loop,
// rendering a shard) and would not see the pipe close. SIGKILL, not exit(): exit() from a worker ends only
// the worker, and every write of a job is atomic, so this is the kill -9 the jobs are built to survive.
const WATCHER = `
const { Socket } = require('node:net');
const { writeSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const pipe = new Socket({ fd: workerData.fd, readable: true, writable: false });
const stop = () => {
  try { writeSync(2, 'whatwhere: the runner that started this job has ended; stopping (the job resumes on the next run)\\n'); } catch {}
  process.kill(process.pid, 'SIGKILL');
};
pipe.on('end', stop);
pipe.on('error', stop);
pipe.resume();
`;

/**
 * In a child started with watchedSpawnOptions: ends this process when the parent's end of the pipe
 * closes. Does nothing elsewhere. The marker is removed from the environment so processes this one
 * starts do not look for a pipe they were not given.
 */
export function exitWithParent(): void {
  const fd = Number(process.env[PARENT_FD_ENV]);
  delete process.env[PARENT_FD_ENV];
  if (!Number.isInteger(fd) || fd < 3) return;
  try {
    fstatSync(fd);
  } catch {
    return; // no such fd (the variable set by hand): nothing to watch
  }
  new Worker(WATCHER, { eval: true, workerData: { fd } }).unref(); // the watch alone must not keep the process alive
}
