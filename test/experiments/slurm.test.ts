// SlurmExecutor against a REAL Slurm (npm run slurm:start; .ci/run starts it): job arrays by waves,
// byte-identical outputs to the local pool, retries, failure reports with the log, independent jobs
// carrying on. Skipped, saying why, when no Slurm controller answers.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalPoolExecutor } from '../../lib/experiments/executors.js';
import { JobsFailedError, runJobs } from '../../lib/experiments/runner.js';
import { SlurmExecutor } from '../../lib/experiments/slurm.js';
import { datasetHashes, generateJobs, slurmSkipReason, submittedJobs } from './slurm/jobs.js';

describe.skipIf(slurmSkipReason !== '')(`SlurmExecutor on a real Slurm${slurmSkipReason ? ` (skipped: ${slurmSkipReason})` : ''}`, () => {
  it('runs jobs as arrays in dependency waves, with datasets byte-identical to the local pool', async () => {
    const spec = [{ id: 'a', seed: 1 }, { id: 'b', variant: 'centered', seed: 2 }, { id: 'c', variant: 'tdw-2', seed: 3 }, { id: 'd', seed: 4, deps: ['a'] }];
    const onSlurm = mkdtempSync(join(tmpdir(), 'ww-slurm-'));
    const local = mkdtempSync(join(tmpdir(), 'ww-local-'));
    const stateDir = join(onSlurm, 'slurm');
    const executor = new SlurmExecutor({ stateDir, label: 'test', pollMs: 500 });
    const s = await runJobs(generateJobs(onSlurm, spec), executor, 'slurm-test');
    await executor.close();
    expect(s).toMatchObject({ total: 4, ran: 4 });
    await runJobs(generateJobs(local, spec), new LocalPoolExecutor({ slots: 2 }), 'local-test');
    for (const { id } of spec) expect(datasetHashes(join(onSlurm, 'data', id)), id).toEqual(datasetHashes(join(local, 'data', id)));
    // Wave 1: a, b, c in one array; wave 2: d once a is done.
    const lines = readFileSync(join(stateDir, 'submissions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { slurmId: string; jobs: string[] });
    expect(lines.map((l) => l.jobs)).toEqual([['a', 'b', 'c'], ['d']]);
    const log = readFileSync(join(onSlurm, 'logs', 'b.log'), 'utf8');
    expect(log).toMatch(new RegExp(`^\\[slurm\\] job ${lines[0]!.slurmId}_1 on .*1 thread\\(s\\): whatwhere generate --variant centered`));
    expect(log).toContain('6 images (centered, train, 16 px, seed 2)');
    // Nothing is left in flight in the state file.
    expect(JSON.parse(readFileSync(join(stateDir, 'state.json'), 'utf8'))).toEqual({ version: 1, arrays: [] });
  }, 900_000);

  it('retries a failing job, then reports it with its Slurm id and log; independent jobs still finish', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ww-slurm-fail-'));
    const stateDir = join(root, 'slurm');
    const spec = [{ id: 'ok', seed: 1 }, { id: 'bad', variant: 'nope', seed: 2 }, { id: 'after-bad', seed: 3, deps: ['bad'] }, { id: 'after-ok', seed: 4, deps: ['ok'] }];
    const executor = new SlurmExecutor({ stateDir, label: 'test', pollMs: 500, retries: 1 });
    const err = await runJobs(generateJobs(root, spec), executor, 'slurm-test').catch((e: Error) => e);
    await executor.close();
    expect(err).toBeInstanceOf(JobsFailedError);
    const failure = err as JobsFailedError;
    expect([...failure.failed.keys()]).toEqual(['bad']);
    expect(failure.blocked).toEqual(['after-bad']);
    expect(failure.message).toMatch(/^job bad failed: Slurm job \d+_\d+ exited with code 2 \(2 attempt\(s\)\); log .*bad\.log:\n/);
    expect(failure.message).toContain(`--variant expected full, centered or tdw-N, got 'nope'`);
    expect(submittedJobs(stateDir).filter((id) => id === 'bad')).toHaveLength(2);
    expect(existsSync(join(root, 'data', 'ok', 'meta.json'))).toBe(true);
    expect(existsSync(join(root, 'data', 'after-ok', 'meta.json'))).toBe(true);
    expect(existsSync(join(root, 'data', 'after-bad'))).toBe(false);
  }, 900_000);
});
