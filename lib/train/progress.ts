// Progress lines on stderr for long runs: step, loss, images/s, ETA, at most every `everyMs`.
export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export class Progress {
  private readonly t0 = Date.now();
  private last = 0;
  private readonly firstStep: number;

  constructor(private readonly label: string, firstStep: number, private readonly total: number,
    private readonly batch: number, private readonly log: (line: string) => void, private readonly everyMs = 2000) {
    this.firstStep = firstStep;
  }

  /** Images per second over this session's steps. */
  rate(step: number): number {
    const s = (Date.now() - this.t0) / 1000;
    return s > 0 ? ((step - this.firstStep) * this.batch) / s : 0;
  }

  elapsed(): number {
    return (Date.now() - this.t0) / 1000;
  }

  step(step: number, loss: number, force = false): void {
    const now = Date.now();
    if (!force && now - this.last < this.everyMs) return;
    this.last = now;
    const rate = this.rate(step);
    const eta = rate > 0 ? ((this.total - step) * this.batch) / rate : Number.NaN;
    this.log(`[${this.label}] step ${step}/${this.total} loss ${loss.toPrecision(5)} ${rate.toFixed(1)} img/s ETA ${formatDuration(eta)}`);
  }
}
