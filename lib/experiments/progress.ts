// One overall progress line for long jobs: count, rate, ETA (rewritten in place on a TTY, a line per
// update otherwise so CI logs stay readable).
export function formatDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  if (s < 90) return `${Math.round(s)}s`;
  if (s < 5400) return `${Math.round(s / 60)}m`;
  return `${(s / 3600).toFixed(1)}h`;
}

export class Progress {
  private readonly t0 = Date.now();
  private lastPrint = 0;
  private doneWork = 0;

  constructor(private readonly label: string, private readonly totalWork: number, private readonly minIntervalMs = 2000) {}

  /** `work` units finished (in the same units as totalWork); `note` says what is running. */
  update(work: number, note = '', force = false): void {
    this.doneWork = work;
    const now = Date.now();
    if (!force && now - this.lastPrint < this.minIntervalMs) return;
    this.lastPrint = now;
    const elapsed = (now - this.t0) / 1000;
    const rate = this.doneWork / Math.max(elapsed, 1e-9);
    const eta = rate > 0 ? (this.totalWork - this.doneWork) / rate : NaN;
    const pct = this.totalWork > 0 ? (100 * this.doneWork) / this.totalWork : 100;
    const line = `[${this.label}] ${pct.toFixed(1)}% elapsed ${formatDuration(elapsed)} ETA ${formatDuration(eta)}${note ? ` | ${note}` : ''}`;
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}`);
    else process.stderr.write(`${line}\n`);
  }

  finish(note = ''): void {
    this.update(this.totalWork, note, true);
    if (process.stderr.isTTY) process.stderr.write('\n');
  }
}
