// The one progress reporter for long work: count, rate, ETA, at most one line per interval, written to
// a given stream (or a line callback, or nowhere). Only the edges print: CLI commands and the experiment
// runner make reporters; library code (analysis maths, the trainer's loop) reports through an OnProgress
// callback or a reporter it is handed and never writes to stderr itself.
//
// One line format everywhere:
//   [label] <unit> <done>/<total> <rate> <rate unit>/s elapsed <duration> ETA <duration>[ | note]
// or, without a unit, <percent>% in place of the count and no rate (the runner's work is in estimated seconds).

/** 45s, 3m05s, 2h04m; '?' for an unknown (NaN, infinite or negative) duration. */
export function formatDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Where lines go: a stream (rewritten in place on a TTY) or a function taking whole lines. */
export type ProgressSink = { write(text: string): unknown; isTTY?: boolean } | ((line: string) => void);

export interface ReporterOptions {
  label: string;
  total: number;
  /** What is counted ('steps', 'images'); without it the line shows the percentage of total and no rate. */
  unit?: string;
  /** The rate's unit when it differs from the counted one: `per` of them per counted item (train: img per step). */
  rateUnit?: { name: string; per: number };
  /** Where lines go (default process.stderr); null: nowhere. */
  sink?: ProgressSink | null;
  /** At most one line per this many ms (default 2000), except forced ones and the one at completion. */
  everyMs?: number;
  /** No line at all before this many ms (default 0), so short runs stay quiet. */
  quietMs?: number;
  /** The count this session starts from (a resumed run): rate and ETA count only this session's work. */
  start?: number;
  /** Milliseconds clock (tests pass their own). */
  now?: () => number;
}

export class ProgressReporter {
  readonly label: string;
  readonly total: number;
  private readonly opts: ReporterOptions;
  private readonly now: () => number;
  private readonly t0: number;
  private readonly start: number;
  private lastPrint = -Infinity;

  constructor(opts: ReporterOptions) {
    this.opts = opts;
    this.label = opts.label;
    this.total = opts.total;
    this.now = opts.now ?? Date.now;
    this.t0 = this.now();
    this.start = opts.start ?? 0;
  }

  /** Seconds since the reporter was made. */
  elapsed(): number {
    return (this.now() - this.t0) / 1000;
  }

  /** This session's rate at count `done`, in rate units per second (0 before any time has passed). */
  rate(done: number): number {
    const s = this.elapsed();
    return s > 0 ? ((done - this.start) * (this.opts.rateUnit?.per ?? 1)) / s : 0;
  }

  /** Seconds left at count `done` at this session's rate (NaN when unknown). */
  eta(done: number): number {
    const s = this.elapsed();
    const perSecond = (done - this.start) / s;
    return s > 0 && perSecond > 0 ? (this.total - done) / perSecond : Number.NaN;
  }

  /** The progress line at count `done` (no newline). */
  line(done: number, note = ''): string {
    const unit = this.opts.unit;
    let head: string;
    if (unit === undefined) {
      head = `${(this.total > 0 ? (100 * done) / this.total : 100).toFixed(1)}%`;
    } else {
      const r = this.rate(done);
      head = `${unit} ${done}/${this.total} ${r.toFixed(r < 10 ? 2 : 1)} ${this.opts.rateUnit?.name ?? unit}/s`;
    }
    return `[${this.label}] ${head} elapsed ${formatDuration(this.elapsed())} ETA ${formatDuration(this.eta(done))}${note ? ` | ${note}` : ''}`;
  }

  /**
   * Reports count `done`. Prints when forced, or once the quiet period is over and either the interval has
   * passed since the last line or the count has reached the total.
   */
  update(done: number, note = '', force = false): void {
    const sink = this.opts.sink === undefined ? process.stderr : this.opts.sink;
    if (sink === null) return;
    const now = this.now();
    if (!force) {
      if (now - this.t0 < (this.opts.quietMs ?? 0)) return;
      if (now - this.lastPrint < (this.opts.everyMs ?? 2000) && done < this.total) return;
    }
    this.lastPrint = now;
    const text = this.line(done, note);
    if (typeof sink === 'function') {
      sink(text);
    } else if (sink.isTTY) {
      // Rewritten in place; the line is ended once the count reaches the total.
      sink.write(`\r\x1b[K${text}${done >= this.total ? '\n' : ''}`);
    } else {
      sink.write(`${text}\n`);
    }
  }

  /** A last line at the total (which also ends a TTY line). */
  finish(note = ''): void {
    this.update(this.total, note, true);
  }
}

/** One step of a library computation: `done` of `total` units of the task called `task`. */
export interface ProgressEvent {
  task: string;
  done: number;
  total: number;
  unit: string;
}

/** How library code reports progress; it never prints. */
export type OnProgress = (e: ProgressEvent) => void;

/**
 * Turns a library's progress events into lines: one reporter per task, started afresh when a task's count
 * goes back or its total changes (the same task run again, e.g. one SVM per fold). Quiet for the first
 * `quietMs` (default 2000) of each task so tests and small inputs print nothing.
 */
export function progressPrinter(opts: Omit<ReporterOptions, 'label' | 'total' | 'unit'> = {}): OnProgress {
  const running = new Map<string, { reporter: ProgressReporter; done: number }>();
  return (e) => {
    let r = running.get(e.task);
    if (!r || e.done < r.done || e.total !== r.reporter.total) {
      r = { reporter: new ProgressReporter({ quietMs: 2000, ...opts, label: e.task, total: e.total, unit: e.unit }), done: 0 };
      running.set(e.task, r);
    }
    r.done = e.done;
    r.reporter.update(e.done);
    if (e.done >= e.total) running.delete(e.task);
  };
}
