import { afterEach, describe, expect, it, vi } from 'vitest';
import { gaussianProject } from '../../lib/analysis/projection.js';
import { LinearSVC } from '../../lib/analysis/svm.js';
import { ckaMatrix } from '../../lib/analysis/cka.js';
import { analysisRandom } from '../../lib/random/index.js';
import { formatDuration, progressPrinter, ProgressReporter, type ProgressEvent } from '../../lib/progress.js';

/** A settable millisecond clock. */
function clock(): { now: () => number; at: (ms: number) => void } {
  let t = 0;
  return { now: () => t, at: (ms) => { t = ms; } };
}

describe('formatDuration', () => {
  it('seconds, minutes with seconds, hours with minutes; ? when unknown', () => {
    expect(formatDuration(44.6)).toBe('45s');
    expect(formatDuration(185)).toBe('3m05s');
    expect(formatDuration(2 * 3600 + 4 * 60 + 59)).toBe('2h04m');
    for (const s of [Number.NaN, Infinity, -1]) expect(formatDuration(s)).toBe('?');
  });
});

describe('ProgressReporter', () => {
  it('one line format: unit and count, rate, elapsed, ETA, note; throttled except at completion', () => {
    const c = clock();
    const lines: string[] = [];
    // A resumed training run: steps 100..300 of batch 32, rate and ETA from this session only.
    const p = new ProgressReporter({ label: 'train r', total: 300, unit: 'step', start: 100, rateUnit: { name: 'img', per: 32 }, sink: (l) => lines.push(l), now: c.now });
    c.at(1000);
    p.update(110, 'loss 0.5');
    c.at(2000);
    p.update(120); // within 2 s of the last line
    c.at(5000);
    p.update(150);
    c.at(5500);
    p.update(300, 'loss 0.1'); // completion always prints
    expect(lines).toEqual([
      '[train r] step 110/300 320.0 img/s elapsed 1s ETA 19s | loss 0.5',
      '[train r] step 150/300 320.0 img/s elapsed 5s ETA 15s',
      '[train r] step 300/300 1163.6 img/s elapsed 6s ETA 0s | loss 0.1',
    ]);
    expect(p.rate(150)).toBeCloseTo(290.9, 1);
    expect(p.elapsed()).toBe(5.5);
  });

  it('without a unit: percentage and no rate; forced lines ignore the interval; unknown ETA is ?', () => {
    const c = clock();
    const lines: string[] = [];
    const p = new ProgressReporter({ label: 'paper', total: 400, sink: (l) => lines.push(l), now: c.now });
    p.update(0, 'starting');
    c.at(10);
    p.update(100, '1/4 jobs', true);
    p.finish('4 jobs done');
    expect(lines).toEqual(['[paper] 0.0% elapsed 0s ETA ? | starting', '[paper] 25.0% elapsed 0s ETA 0s | 1/4 jobs', '[paper] 100.0% elapsed 0s ETA 0s | 4 jobs done']);
  });

  it('quiet period, silence with a null sink, in-place lines on a TTY ended at completion', () => {
    const c = clock();
    const quiet: string[] = [];
    const q = new ProgressReporter({ label: 'q', total: 10, unit: 'items', quietMs: 2000, sink: (l) => quiet.push(l), now: c.now });
    c.at(1999);
    q.update(10);
    expect(quiet).toEqual([]);
    c.at(2000);
    q.update(10);
    expect(quiet).toHaveLength(1);

    const silent = new ProgressReporter({ label: 's', total: 1, sink: null });
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      silent.update(1, '', true);
      silent.finish();
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }

    const out: string[] = [];
    const tty = { isTTY: true, write: (s: string) => out.push(s) };
    const t = new ProgressReporter({ label: 't', total: 2, unit: 'items', sink: tty, now: c.now });
    t.update(1);
    t.finish();
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^\r\x1b\[K\[t\] items 1\/2 .*ETA [^\n]*$/);
    expect(out[1]).toMatch(/^\r\x1b\[K\[t\] items 2\/2 .*\n$/);
  });
});

describe('progressPrinter', () => {
  it('one reporter per task, started afresh when the count goes back; quiet for 2 s by default', () => {
    const c = clock();
    const lines: string[] = [];
    const onProgress = progressPrinter({ sink: (l) => lines.push(l), now: c.now });
    const ev = (task: string, done: number, total: number) => onProgress({ task, done, total, unit: 'classes' });
    ev('svm', 1, 2);
    ev('svm', 2, 2); // done within the quiet period: nothing
    c.at(3000);
    ev('svm', 1, 2); // a new run of the task: its own quiet period from now
    expect(lines).toEqual([]);
    c.at(5000);
    ev('svm', 2, 2);
    ev('projection', 256, 512); // a task of its own, still quiet
    expect(lines).toEqual(['[svm] classes 2/2 1.00 classes/s elapsed 2s ETA 0s']);
  });
});

describe('analysis maths reports through its callback and never prints', () => {
  afterEach(() => vi.restoreAllMocks());

  it('svm (classes), projection (input features) and ckaMatrix (features per Gram, then Grams)', () => {
    const write = vi.spyOn(process.stderr, 'write');
    const rng = analysisRandom(1);
    const n = 30, d = 6;
    const X = new Float64Array(n * d);
    for (let i = 0; i < X.length; i++) X[i] = rng.normal();
    const labels = Array.from({ length: n }, (_, i) => i % 3);
    const events: ProgressEvent[] = [];
    const onProgress = (e: ProgressEvent) => events.push(e);

    new LinearSVC({ onProgress }).fit({ rows: n, cols: d, data: X }, labels);
    expect(events.map((e) => `${e.task} ${e.done}/${e.total} ${e.unit}`)).toEqual(['svm 1/3 classes', 'svm 2/3 classes', 'svm 3/3 classes']);

    events.length = 0;
    gaussianProject(new Float64Array(2 * 300).fill(1), 2, 300, 4, 0, { onProgress });
    expect(events.map((e) => `${e.task} ${e.done}/${e.total}`)).toEqual(['projection 256/300', 'projection 300/300']);

    events.length = 0;
    const rep = { rows: n, cols: d, data: X };
    ckaMatrix([rep, rep], { label: 'cka l1', onProgress });
    expect(events.map((e) => `${e.task} ${e.done}/${e.total} ${e.unit}`)).toEqual([
      'cka l1 1/2 6/6 features', 'cka l1 1/2 Grams', 'cka l1 2/2 6/6 features', 'cka l1 2/2 Grams',
    ]);
    expect(write).not.toHaveBeenCalled();
  });
});
