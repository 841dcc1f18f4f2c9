// The timing ledger: kept across invocations, latest time per job, torn lines skipped; REPORT lines.
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InProcessExecutor } from '../../lib/experiments/executors.js';
import { timingLines } from '../../lib/experiments/report.js';
import { runJobs, type Job } from '../../lib/experiments/runner.js';
import { appendTiming, readTimings, summariseTimings } from '../../lib/experiments/timings.js';

describe('timings ledger', () => {
  it('sums invocations, keeps the latest time per job and skips a torn line', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ww-timings-')), 'logs', 'timings.jsonl');
    appendTiming(file, { kind: 'train', id: 'run:a', seconds: 100 });
    appendTiming(file, { kind: 'train', id: 'run:b', seconds: 50 });
    appendTiming(file, { kind: 'invocation', id: 'first', seconds: 120 });
    appendTiming(file, { kind: 'train', id: 'run:a', seconds: 30 }); // redone
    appendTiming(file, { kind: 'notebook', id: '04.ipynb', seconds: 12 });
    appendTiming(file, { kind: 'invocation', id: 'second', seconds: 45 });
    appendFileSync(file, '{"kind":"train","id":"run:c","sec');
    const s = summariseTimings(readTimings(file));
    expect(s.invocations).toBe(2);
    expect(s.wallSeconds).toBe(165);
    expect(s.byKind).toEqual([{ kind: 'train', count: 2, seconds: 80 }, { kind: 'notebook', count: 1, seconds: 12 }]);
    const lines = timingLines(s).join('\n');
    expect(lines).toMatch(/\*\*2\.8 min\*\* over 2 invocation/);
    expect(lines).toMatch(/\| train \| 2 \| 80 s \|/);
    expect(timingLines(summariseTimings([]))).toEqual([]);
  });

  it('the runner reports each finished job with its time', async () => {
    const done = new Set<string>();
    const job = (id: string, deps: string[] = []): Job & { execute(): Promise<void> } => ({
      id, kind: 'train', deps, cost: 1, isDone: () => done.has(id), describe: () => id,
      execute: async () => { await new Promise((r) => setTimeout(r, 20)); done.add(id); },
    });
    const seen: [string, number][] = [];
    await runJobs([job('a'), job('b', ['a'])], new InProcessExecutor(), 'test', { onJobDone: (j, s) => seen.push([j.id, s]) });
    expect(seen.map(([id]) => id)).toEqual(['a', 'b']);
    for (const [, s] of seen) expect(s).toBeGreaterThanOrEqual(0.015);
  });
});
