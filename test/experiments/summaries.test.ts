// Figure summaries on hand-made inputs whose answers are known.
import { describe, expect, it } from 'vitest';
import type { CkaResult, DecodingRowOut, RunLabel } from '../../lib/experiments/analyses.js';
import { decodingPoints, groupMatrix, minimumMannWhitneyP, similarityToGroup, variabilityContrasts } from '../../lib/experiments/summaries.js';
import { decodingClaims } from '../../lib/experiments/claims.js';

// Four models: two 'a' seeds, two 'b' seeds. S[i][j] chosen so the group means are easy to check.
const runs: RunLabel[] = [
  { id: 'a0', task: 'a', variant: 'full', seed: 0, group: 'main' },
  { id: 'a1', task: 'a', variant: 'full', seed: 1, group: 'main' },
  { id: 'b0', task: 'b', variant: 'full', seed: 0, group: 'main' },
  { id: 'b1', task: 'b', variant: 'full', seed: 1, group: 'main' },
];
const S = [
  1, 0.9, 0.5, 0.7,
  0.9, 1, 0.6, 0.8,
  0.5, 0.6, 1, 0.4,
  0.7, 0.8, 0.4, 1,
];
const cka: CkaResult = { scale: 'tiny', n: 10, runs, layers: ['l1', 'l2'], matrices: { l1: S, l2: S.map((v) => v / 2) } };
const byTask = (r: RunLabel) => r.task;

describe('groupMatrix', () => {
  it('diagonal = mean over different-seed pairs, off-diagonal = mean over all between-group pairs', () => {
    const gm = groupMatrix(cka, 'l1', byTask, ['a', 'b']);
    expect(gm.groups).toEqual(['a', 'b']);
    expect(gm.mean[0]![0]).toBeCloseTo(0.9, 12);
    expect(gm.mean[1]![1]).toBeCloseTo(0.4, 12);
    expect(gm.mean[0]![1]).toBeCloseTo((0.5 + 0.7 + 0.6 + 0.8) / 4, 12);
    expect(gm.mean[1]![0]).toBeCloseTo(gm.mean[0]![1]!, 12);
    expect(gm.count).toEqual([[1, 4], [4, 1]]);
    expect(gm.sd[0]![1]).toBeCloseTo(Math.sqrt(((0.5 - 0.65) ** 2 + (0.7 - 0.65) ** 2 + (0.6 - 0.65) ** 2 + (0.8 - 0.65) ** 2) / 4), 12);
    expect(() => groupMatrix(cka, 'l9', byTask, ['a'])).toThrow(/no layer 'l9'/);
  });

  it('similarityToGroup gives the intra curve first, then each group, per layer', () => {
    const c = similarityToGroup(cka, 'a', byTask, ['a', 'b']);
    expect(c.map((x) => x.group)).toEqual(['intra - a', 'b']);
    expect(c[0]!.mean[0]).toBeCloseTo(0.9, 12);
    expect(c[0]!.mean[1]).toBeCloseTo(0.45, 12);
    expect(c[1]!.mean[0]).toBeCloseTo(0.65, 12);
  });
});

describe('decoding summaries', () => {
  const rows: DecodingRowOut[] = [];
  // 3 models per condition x 2 folds; full always better than reduced.
  for (const variant of ['full', 'tdw-1']) {
    for (let seed = 0; seed < 3; seed++) {
      for (let fold = 0; fold < 2; fold++) {
        rows.push({ model: `${variant}-${seed}`, task: 'distance', variant, seed, layer: 'layer2.0.relu', target: 'category', fold,
          score: (variant === 'full' ? 0.6 : 0.3) + seed * 0.01 + fold * 0.001, metric: 'accuracy', features: 8, projected: false });
      }
    }
  }
  it('aggregates over seeds x folds and per model, and tests full vs reduced', () => {
    const pts = decodingPoints(rows);
    expect(pts).toHaveLength(2);
    const full = pts.find((p) => p.variant === 'full')!;
    expect(full.perModel).toHaveLength(3);
    expect(full.mean).toBeCloseTo(0.6 + 0.01 + 0.0005, 12);
    const [c] = variabilityContrasts(pts, 'category', 'tdw-1', ['distance'], ['layer2.0.relu']);
    expect(c!.direction).toBe('H1');
    expect(c!.U).toBe(9);
    expect(c!.p).toBeCloseTo(0.1, 12); // exact two-sided, 3 vs 3, complete separation = 2/20
    expect(minimumMannWhitneyP(3)).toBeCloseTo(0.1, 12);
    expect(minimumMannWhitneyP(6)).toBeCloseTo(2 / 924, 12);
  });

  it('category claims: a verdict from the direction when accuracies carry information, inconclusive near chance', () => {
    const claim = (rs: DecodingRowOut[]) => decodingClaims(rs).find((c) => c.section.startsWith('3.3 (Fig 5b)'))!;
    const informative = claim(rows);
    expect(informative.verdict).toBe('supported');
    expect(informative.evidence).toMatch(/With 3 models per condition the smallest possible two-sided Mann-Whitney p is 0\.100/);
    // the same contrast at 1-2% accuracy (chance 1/117 = 0.0085): no evidence either way
    const near = claim(rows.map((r) => ({ ...r, score: r.score / 30 })));
    expect(near.verdict).toBe('inconclusive');
    expect(near.evidence).toMatch(/below 3x chance \(0\.009\)/);
  });

  it('claims are tested only with task groups whose models learned; the others are named, a claim with none is untestable', () => {
    const claim = (learned: (t: string, v: string) => boolean) => decodingClaims(rows, learned).find((c) => c.section.startsWith('3.3 (Fig 5b)'))!;
    const noRotation = claim((t) => t !== 'rotation');
    expect(noRotation.verdict).toBe('supported');
    expect(noRotation.evidence).toMatch(/Left out \(models below competence at this scale\): rotation\.$/i);
    expect(noRotation.needs!.map((g) => `${g.task}|${g.variant}`)).not.toContain('rotation|full');
    const none = claim(() => false);
    expect(none.verdict).toBe('untestable at this scale');
    // H2 needs category models in both conditions.
    const h2 = decodingClaims(rows, (t, v) => !(t === 'category' && v === 'centered')).find((c) => c.section === '3.3 (Fig 5c bottom)')!;
    expect(h2.verdict).toBe('untestable at this scale');
    expect(h2.evidence).toMatch(/did not learn category/);
  });

  it('a group the scale never trains reads as trimmed, not as models below competence', () => {
    const planned = (t: string, v: string) => !(t === 'rotation' || (t === 'category' && v === 'centered'));
    const learned = Object.assign((t: string, v: string) => planned(t, v), { trained: planned });
    const claims = decodingClaims(rows, learned);
    const cat = claims.find((c) => c.section.startsWith('3.3 (Fig 5b)'))!;
    expect(cat.verdict).toBe('supported');
    expect(cat.evidence).toMatch(/Not trained at this scale \(trimmed\): rotation\.$/i);
    expect(cat.evidence).not.toMatch(/below competence/);
    const h2 = claims.find((c) => c.section === '3.3 (Fig 5c bottom)')!;
    expect(h2.verdict).toBe('untestable at this scale');
    expect(h2.evidence).toMatch(/not trained at this scale \(trimmed\)/);
  });
});
