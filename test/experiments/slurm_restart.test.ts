// Killing the runner mid-way and starting it again, on a REAL Slurm: the second runner attaches to
// the tasks still queued or running (state file), submits only what never was, and never a job twice.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sbatch, scancel, squeueTasks } from '../../lib/experiments/slurm_commands.js';
import { slurmSkipReason, submittedJobs } from './slurm/jobs.js';

const child = join(import.meta.dirname, 'slurm', 'runner-child.ts');
const ids = ['j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'k1', 'k2'];

describe.skipIf(slurmSkipReason !== '')(`restarting a Slurm run${slurmSkipReason ? ` (skipped: ${slurmSkipReason})` : ''}`, () => {
  it('a killed runner, started again, finishes without submitting any job twice', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ww-slurm-restart-'));
    const first = spawn(process.execPath, ['--import', 'tsx', child, root], { stdio: 'ignore' });
    // Kill it once the first wave is in the queue and one of its jobs has finished (others queued or running).
    const t0 = Date.now();
    while (!ids.some((id) => existsSync(join(root, 'data', id, 'meta.json')))) {
      if (Date.now() - t0 > 600_000) throw new Error("no job finished within 600 s");
      await new Promise((r) => setTimeout(r, 200));
    }
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const before = submittedJobs(join(root, 'slurm'));
    expect(before.length).toBeGreaterThan(0);
    const second = spawnSync(process.execPath, ['--import', 'tsx', child, root], { encoding: 'utf8', timeout: 900_000 });
    expect(second.status, second.stderr.slice(-2000)).toBe(0);
    expect(JSON.parse(second.stdout.trim().split('\n').pop()!)).toMatchObject({ total: 8 });
    const all = submittedJobs(join(root, 'slurm'));
    expect([...all].sort()).toEqual([...ids].sort());
    for (const id of ids) expect(existsSync(join(root, 'data', id, 'meta.json')), id).toBe(true);
  }, 1_800_000);

  it('Ctrl-C with --cancel-on-exit cancels exactly our jobs, and leaves others running', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ww-slurm-cancel-'));
    const other = sbatch(['--array=0-0', '--job-name=not-whatwhere', `--output=${join(out, 'other.out')}`, '--wrap', 'sleep 120']);
    try {
      const paper = spawn(process.execPath, ['bin/whatwhere.mjs', 'paper', '--scale', 'tiny', '--only', 'fig7', '--executor', 'slurm',
        '--cancel-on-exit', '--no-notebooks', '--poll-seconds', '1'], { env: { ...process.env, WHATWHERE_OUT: out }, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      paper.stderr.on('data', (d: Buffer) => { err += d.toString(); });
      const submissions = join(out, 'results', 'tiny', 'slurm', 'submissions.jsonl');
      const t0 = Date.now();
      while (!existsSync(submissions)) {
        if (Date.now() - t0 > 600_000) throw new Error(`nothing submitted within 600 s:\n${err.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      paper.kill('SIGINT');
      const code = await new Promise((r) => paper.once('exit', r));
      expect(code, err.slice(-2000)).toBe(130);
      const ours = readFileSync(submissions, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { slurmId: string }).slurmId);
      expect(err).toContain(`[slurm] cancelled ${ours.join(' ')}`);
      const tasks = squeueTasks()!;
      for (const t of tasks.values()) if (ours.includes(t.id.split('_')[0]!)) expect(t.ended, `${t.id} ${t.state}`).toBe(true);
      expect(tasks.get(`${other}_0`)?.ended, 'the job that is not ours').toBe(false);
    } finally {
      scancel([other]);
    }
  }, 900_000);
});
