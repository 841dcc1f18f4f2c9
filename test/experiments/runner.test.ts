// The cached runner: dependency order, only-missing work, failure reporting, slot limits.
import { describe, expect, it } from 'vitest';
import { JobsFailedError, runJobs, type Executor, type Job } from '../../lib/experiments/runner.js';
import { InProcessExecutor } from '../../lib/experiments/executors.js';
import type { InProcessJob } from '../../lib/experiments/jobs.js';

function makeJobs(spec: Record<string, string[]>, done: Set<string>, log: string[], failing = new Set<string>()): InProcessJob[] {
  return Object.entries(spec).map(([id, deps]) => ({
    id, kind: 'analysis', deps, cost: 1, describe: () => id,
    isDone: () => done.has(id),
    async execute() {
      await new Promise((r) => setTimeout(r, 5));
      if (failing.has(id)) throw new Error(`boom in ${id}`);
      log.push(id);
      done.add(id);
    },
  }));
}

class CountingExecutor implements Executor {
  running = 0;
  maxRunning = 0;
  constructor(readonly slots: number) {}
  async run(job: Job): Promise<void> {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try { await (job as InProcessJob).execute(); } finally { this.running--; }
  }
  async close(): Promise<void> {}
}

const SPEC = { data: [], a: ['data'], b: ['data'], c: ['a', 'b'], d: ['c'] };

describe('runJobs', () => {
  it('runs every job after its dependencies', async () => {
    const log: string[] = [];
    const s = await runJobs(makeJobs(SPEC, new Set(), log), new InProcessExecutor(), 'test');
    expect(s).toMatchObject({ total: 5, cached: 0, ran: 5 });
    const at = (id: string) => log.indexOf(id);
    expect(at('data')).toBeLessThan(at('a'));
    expect(at('a')).toBeLessThan(at('c'));
    expect(at('b')).toBeLessThan(at('c'));
    expect(at('c')).toBeLessThan(at('d'));
  });

  it('computes only what is missing', async () => {
    const log: string[] = [];
    const s = await runJobs(makeJobs(SPEC, new Set(['data', 'a', 'b']), log), new InProcessExecutor(), 'test');
    expect(s).toMatchObject({ cached: 3, ran: 2 });
    expect(log).toEqual(['c', 'd']);
  });

  it('uses its slots in parallel but never more', async () => {
    const ex = new CountingExecutor(2);
    const spec = { a: [], b: [], c: [], d: [], e: [] };
    await runJobs(makeJobs(spec, new Set(), []), ex, 'test');
    expect(ex.maxRunning).toBe(2);
  });

  it('names the failed job, keeps finished work, starts nothing that depends on it', async () => {
    const log: string[] = [];
    const done = new Set<string>();
    await expect(runJobs(makeJobs(SPEC, done, log, new Set(['b'])), new InProcessExecutor(), 'test')).rejects.toThrow(/job b failed: boom in b/);
    expect(log).not.toContain('c');
    expect(done.has('data')).toBe(true);
  });

  it('carries on with every job that does not depend on a failed one, then reports all failures', async () => {
    const log: string[] = [];
    // b and x fail; a, e and data2 still run; c, d (downstream of b) and f (of x) never start.
    const spec = { data: [], data2: [], a: ['data2'], b: ['data'], c: ['a', 'b'], d: ['c'], e: ['a'], x: [], f: ['x'] };
    const err = await runJobs(makeJobs(spec, new Set(), log, new Set(['b', 'x'])), new CountingExecutor(2), 'test').catch((e: Error) => e);
    expect(err).toBeInstanceOf(JobsFailedError);
    const failure = err as JobsFailedError;
    expect([...failure.failed.keys()].sort()).toEqual(['b', 'x']);
    expect(failure.blocked.sort()).toEqual(['c', 'd', 'f']);
    expect(failure.message).toMatch(/job b failed: boom in b\njob x failed: boom in x|job x failed: boom in x\njob b failed: boom in b/);
    expect(failure.message).toContain('3 job(s) not run because they depend on a failed job');
    expect(log.sort()).toEqual(['a', 'data', 'data2', 'e']);
  });

  it('refuses unknown dependencies', async () => {
    await expect(runJobs(makeJobs({ a: ['nope'] }, new Set(), []), new InProcessExecutor(), 'test')).rejects.toThrow(/a depends on unknown job nope/);
  });

  it('rejects a job that finishes without marking its outputs done', async () => {
    const job: InProcessJob = { id: 'x', kind: 'analysis', deps: [], cost: 1, describe: () => 'x', isDone: () => false, execute: async () => {} };
    await expect(runJobs([job], new InProcessExecutor(), 'test')).rejects.toThrow(/outputs are not marked done/);
  });
});
