// A ledger of how long the paper runner's work took, kept across invocations (a resumed run still
// reports the whole cost): one JSON line per finished job, notebook and invocation in
// results/<scale>/logs/timings.jsonl. REPORT.md summarises it.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface TimingEntry {
  /** Job kind (dataset, train, activations, analysis, score), 'notebook', or 'invocation' (one `paper` run, wall time). */
  kind: string;
  id: string;
  seconds: number;
  /** ISO time the work finished. */
  at: string;
}

export function appendTiming(file: string, e: Omit<TimingEntry, 'at'>): void {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, JSON.stringify({ ...e, seconds: Number(e.seconds.toFixed(1)), at: new Date().toISOString() }) + '\n');
}

/** Entries of the ledger; a torn last line (a kill mid-write) is skipped. */
export function readTimings(file: string): TimingEntry[] {
  if (!existsSync(file)) return [];
  const out: TimingEntry[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as TimingEntry;
      if (typeof e.kind === 'string' && typeof e.seconds === 'number') out.push(e);
    } catch { /* torn line */ }
  }
  return out;
}

export interface TimingSummary {
  invocations: number;
  /** Sum of the invocations' wall times (what a user waited). */
  wallSeconds: number;
  /** Per kind: jobs finished and the sum of their durations (jobs overlap on several slots). */
  byKind: { kind: string; count: number; seconds: number }[];
}

/** Summary of the ledger. The latest entry per job id counts (a job redone after a change replaces its time). */
export function summariseTimings(entries: TimingEntry[]): TimingSummary {
  const latest = new Map<string, TimingEntry>();
  let invocations = 0;
  let wallSeconds = 0;
  for (const e of entries) {
    if (e.kind === 'invocation') { invocations++; wallSeconds += e.seconds; } else latest.set(`${e.kind}:${e.id}`, e);
  }
  const kinds = new Map<string, { kind: string; count: number; seconds: number }>();
  for (const e of latest.values()) {
    const k = kinds.get(e.kind) ?? { kind: e.kind, count: 0, seconds: 0 };
    k.count++;
    k.seconds += e.seconds;
    kinds.set(e.kind, k);
  }
  return { invocations, wallSeconds, byKind: [...kinds.values()] };
}
