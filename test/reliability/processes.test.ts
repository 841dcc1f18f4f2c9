// Issue 17, defect 6: a runner's jobs end when the runner ends, however it ends. kill -9 of the runner
// runs no handler in it; each job watches a pipe from the runner (lib/watchdog.ts) and ends itself.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/paths.js';
import { removeTempDirs, tempDir } from '../train/data.js';

afterAll(removeTempDirs);

/**
 * Job processes (`whatwhere` commands) whose parent is `pid` (from /proc/<pid>/stat: the 4th field, after the
 * parenthesised name). Other children, such as the esbuild service tsx starts on a cold cache, are not jobs.
 */
function jobsOf(pid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== pid) continue;
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('whatwhere.mjs')) out.push(Number(d));
    } catch { /* exited meanwhile */ }
  }
  return out;
}

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('6: process hygiene', () => {
  it('kill -9 of the runner ends its running jobs', async () => {
    const out = tempDir('runner');
    const runner = spawn(process.execPath, ['--import', 'tsx', join('test', 'reliability', 'runner_child.ts'), out], { cwd: repoRoot(), stdio: 'ignore' });
    let jobs: number[] = [];
    try {
      // both jobs started: each has made its output folder, which comes after the watch is set up
      await until('two jobs at work', () => {
        jobs = jobsOf(runner.pid!);
        return jobs.length === 2 && ['a', 'b'].every((id) => existsSync(join(out, id)));
      }, 500_000);
    } finally {
      runner.kill('SIGKILL'); // also when the wait failed: leave nothing running
    }
    await until('the jobs to end', () => jobs.every((p) => !alive(p)), 30_000);
    for (const id of ['a', 'b']) expect(readFileSync(join(out, `${id}.log`), 'utf8')).toMatch(/the runner that started this job has ended; stopping/);
  }, 600_000); // three Node processes start: minutes on a loaded machine
});
