// Progress lines on stderr for analyses that run longer than a few seconds: count, rate, ETA.
// Silent for the first 2 s (tests and small inputs stay quiet) and at most one line every 2 s after.

export type ProgressFn = (done: number) => void;

export function progress(label: string, total: number, unit = 'items', stream: NodeJS.WriteStream = process.stderr): ProgressFn {
  const t0 = Date.now();
  let last = t0;
  return (done: number) => {
    const now = Date.now();
    if (now - t0 < 2000 || (now - last < 2000 && done < total)) return;
    last = now;
    const secs = (now - t0) / 1000;
    const rate = done / secs;
    const eta = rate > 0 ? (total - done) / rate : Infinity;
    stream.write(`[${label}] ${done}/${total} ${unit}, ${rate.toFixed(rate < 10 ? 2 : 0)}/s, ` +
      `${done >= total ? `done in ${secs.toFixed(1)} s` : `ETA ${Number.isFinite(eta) ? eta.toFixed(0) : '?'} s`}\n`);
  };
}
