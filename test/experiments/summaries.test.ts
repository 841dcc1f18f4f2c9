// Figure summaries on hand-made inputs whose answers are known.
import { describe, expect, it } from 'vitest';
import type { CkaResult, DecodingRowOut, RunLabel } from '../../lib/experiments/analyses.js';
import {
  contrastRows, decodingPointRows, decodingPoints, groupMatrix, groupMatrixRows, intraGroupSimilarity, layerCurveRows, minimumMannWhitneyP,
  similarityToGroup, variabilityContrasts, variabilityGroupOf, variabilitySimilarity,
} from '../../lib/experiments/summaries.js';
import { claimList, decodingClaims, type Claim } from '../../lib/experiments/claims.js';

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

describe('tables the notebooks save', () => {
  it('groupMatrixRows: one row per group, a column of mean CKA per group', () => {
    expect(groupMatrixRows(groupMatrix(cka, 'l1', byTask, ['a', 'b']))).toEqual([
      { group: 'a', a: groupMatrix(cka, 'l1', byTask, ['a', 'b']).mean[0]![0], b: (0.5 + 0.7 + 0.6 + 0.8) / 4 },
      { group: 'b', a: (0.5 + 0.7 + 0.6 + 0.8) / 4, b: 0.4 },
    ]);
  });

  it('layerCurveRows: one row per curve and layer, in curve order', () => {
    const rows = layerCurveRows(similarityToGroup(cka, 'a', byTask, ['a', 'b']));
    expect(rows.map((r) => `${r.group}@${r.layer}`)).toEqual(['intra - a@l1', 'intra - a@l2', 'b@l1', 'b@l2']);
    expect(rows[3]!.mean).toBeCloseTo(0.325, 12);
    expect(Object.keys(rows[0]!)).toEqual(['group', 'layer', 'mean', 'sd']);
  });

  it('decodingPointRows and contrastRows: per-model scores counted, both groups and the test in one row', () => {
    const rows: DecodingRowOut[] = ['full', 'tdw-1'].flatMap((variant) => [0, 1].map((seed) => ({
      model: `${variant}-${seed}`, task: 't', variant, seed, layer: 'l', target: 'category', fold: 0, score: variant === 'full' ? 0.5 + seed : 0.1,
      metric: 'accuracy' as const, features: 4, projected: false,
    })));
    const points = decodingPoints(rows);
    expect(decodingPointRows(points)).toEqual(points.map((p) => ({ task: p.task, variant: p.variant, layer: p.layer, target: p.target, mean: p.mean, sd: p.sd, models: 2 })));
    const [row] = contrastRows(variabilityContrasts(points, 'category', 'tdw-1', ['t'], ['l']));
    expect(row).toEqual({ task: 't', layer: 'l', target: 'category', full_mean: 1, full_sd: 0.5, reduced_mean: 0.1, reduced_sd: 0, U: 4, p: expect.any(Number), direction: 'H1' });
  });
});

describe('full vs reduced variability groups (Fig D.4-D.6)', () => {
  // ref: two translation models; distance: two full (main) and two centred models; one full model of another group (dataset-size).
  const vruns: RunLabel[] = [
    { id: 'r0', task: 'translation', variant: 'full', seed: 0, group: 'main' },
    { id: 'r1', task: 'translation', variant: 'full', seed: 1, group: 'main' },
    { id: 'd0', task: 'distance', variant: 'full', seed: 0, group: 'main' },
    { id: 'd1', task: 'distance', variant: 'full', seed: 1, group: 'main' },
    { id: 'c0', task: 'distance', variant: 'centered', seed: 0, group: 'translation-control' },
    { id: 'c1', task: 'distance', variant: 'centered', seed: 1, group: 'translation-control' },
    { id: 'x0', task: 'distance', variant: 'full', seed: 9, group: 'dataset-size' },
  ];
  const m = vruns.length;
  // CKA 0.8 between ref and full distance models, 0.4 between ref and centred ones, 0.6 within each pair, 0.1 elsewhere.
  const block = (i: number) => ['ref', 'ref', 'full', 'full', 'cen', 'cen', 'other'][i]!;
  const value = (a: string, b: string) => (a === b ? 0.6 : [a, b].sort().join() === 'full,ref' ? 0.8 : [a, b].sort().join() === 'cen,ref' ? 0.4 : 0.1);
  const S = Array.from({ length: m * m }, (_, k) => (Math.floor(k / m) === k % m ? 1 : value(block(Math.floor(k / m)), block(k % m))));
  const vcka: CkaResult = { scale: 'tiny', n: 10, runs: vruns, layers: ['l3'], matrices: { l3: S } };

  it('variabilityGroupOf: main full ref models, then each task as full (main only) or reduced', () => {
    const groupOf = variabilityGroupOf('translation', 'centered', ['distance']);
    expect(vruns.map(groupOf)).toEqual(['ref', 'ref', 'distance|full', 'distance|full', 'distance|reduced', 'distance|reduced', undefined]);
    expect(groupOf({ id: 'z', task: 'rotation', variant: 'full', seed: 0, group: 'main' })).toBeUndefined();
  });

  it('variabilitySimilarity: CKA of full and reduced models with the reference models', () => {
    const curves = variabilitySimilarity(vcka, 'translation', 'centered', ['distance'], ['l3']);
    expect(curves.map((c) => c.group)).toEqual(['intra - ref', 'distance|full', 'distance|reduced']);
    expect(curves[0]!.mean[0]).toBeCloseTo(0.6, 12);
    expect(curves[1]!.mean[0]).toBeCloseTo(0.8, 12);   // the dataset-size full model (x0, CKA 0.1) is left out
    expect(curves[2]!.mean[0]).toBeCloseTo(0.4, 12);
  });

  it('intraGroupSimilarity: mean CKA between seeds of a task and variant, main-group models only for full', () => {
    expect(intraGroupSimilarity(vcka, 'l3', 'full', ['distance'])).toEqual([0.6]);
    expect(intraGroupSimilarity(vcka, 'l3', 'centered', ['distance', 'translation'])).toEqual([0.6, NaN]);
  });
});

describe('claimList', () => {
  it('renders each claim as a markdown list item: verdict, claim, evidence', () => {
    const claims: Claim[] = [
      { section: '3.2', claim: 'A', evidence: 'x 0.9', verdict: 'supported' },
      { section: '3.3', claim: 'B', evidence: 'y', verdict: 'needs neural data' },
    ];
    expect(claimList(claims)).toBe('- **supported** — A: x 0.9\n- **needs neural data** — B: y');
    expect(claimList([])).toBe('');
  });
});
