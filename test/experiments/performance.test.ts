// Fig 3 / Table C.3 from scored checkpoints: performance joined at the checkpoint's step, Pearson r per task.
import { describe, expect, it } from 'vitest';
import { alignmentAlongTraining } from '../../lib/experiments/performance.js';
import type { Results } from '../../lib/experiments/results.js';

function fakeResults(): Results {
  const runs = [{ id: 'a', task: 'distance', seed: 0, train: 'd' }, { id: 'b', task: 'distance', seed: 1, train: 'd' }];
  // val_loss falls along training; the alignment rises with it (exactly linear in performance for V1)
  const metrics = (off: number) => [0, 6, 12].map((step) => ({ step, val_loss: 3 - step / 6 + off }));
  const score = (run: string, step: number, perf: number) => ({
    run, task: 'distance', seed: run === 'a' ? 0 : 1, step, V1: 0.1 + 0.05 * perf, V2: 0.2, V4: NaN, IT: 0.3 - 0.01 * perf,
    neural_mean: 0.2 + 0.02 * perf, behavior: 0.1, layers: {},
  });
  return {
    manifest: { datasets: [{ id: 'd', variant: 'full' }], runs, figures: [] },
    run: (id: string) => runs.find((r) => r.id === id)!,
    runMetrics: (id: string) => metrics(id === 'a' ? 0 : 0.5),
    checkpointScores: () => [score('a', 6, -2), score('a', 12, -1), score('b', 6, -2.5), score('b', 12, -1.5), score('b', 9, 0)],
  } as unknown as Results;
}

describe('alignmentAlongTraining', () => {
  it('joins each checkpoint to the held-out performance at its step and correlates per task', () => {
    const { points, table } = alignmentAlongTraining(fakeResults());
    // step 9 has no held-out evaluation: skipped
    expect(points.map((p) => [p.run, p.step, p.performance])).toEqual([['a', 6, -2], ['a', 12, -1], ['b', 6, -2.5], ['b', 12, -1.5]]);
    expect(table).toHaveLength(1);
    const row = table[0]!;
    expect(row.task).toBe('distance');
    expect(row.checkpoints).toBe(4);
    expect(row.V1 as number).toBeCloseTo(1, 12);
    expect(row.IT as number).toBeCloseTo(-1, 12);
    expect(row.neural_mean as number).toBeCloseTo(1, 12);
    expect(Number.isNaN(row.V4 as number)).toBe(true); // no finite values
    expect(Number.isNaN(row.V2 as number)).toBe(true); // constant
  });
});
