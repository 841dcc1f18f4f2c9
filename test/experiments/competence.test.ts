// Competence first: family scores from held-out metrics, and claims whose models did not learn become
// "untestable at this scale" while keeping what was measured.
import { describe, expect, it } from 'vitest';
import { applyCompetence, competenceLines, familiesOf, familyScore, type CompetenceRow } from '../../lib/experiments/competence.js';
import type { Claim } from '../../lib/experiments/claims.js';

const row = (over: Partial<CompetenceRow>): CompetenceRow => ({
  run: 'r18-category-full-s0', task: 'category', variant: 'full', group: 'main', seed: 0, step: 8000, reason: 'steps',
  family: 'category', metric: 'top-1', value: 0.35, threshold: 0.3, competent: true, ...over,
});

describe('competence', () => {
  it('families of task sets; untrained has none', () => {
    expect(familiesOf('distance+rotation')).toEqual(['distance', 'rotation']);
    expect(familiesOf('all')).toEqual(['distance', 'translation', 'rotation', 'category', 'identity']);
    expect(familiesOf('untrained')).toEqual([]);
  });

  it('top-1 for classes, mean R^2 over a family\'s latents for regression', () => {
    const m = { acc_category: 0.4, r2_z: 0.9, r2_x: 0.8, r2_y: 0.6, r2_sin_rxy: 0.2, r2_cos_rxy: 0.4, r_x: 0.99 };
    expect(familyScore('category', m)).toEqual({ metric: 'top-1', value: 0.4 });
    expect(familyScore('distance', m).value).toBeCloseTo(0.9, 12);
    expect(familyScore('translation', m).value).toBeCloseTo(0.7, 12);
    expect(familyScore('rotation', m).value).toBeCloseTo(0.3, 12);
    expect(familyScore('identity', m).value).toBeNaN();
  });

  const claim: Claim = { section: '3.3', claim: 'H1', evidence: 'full 0.5 vs reduced 0.4', verdict: 'supported',
    needs: [{ task: 'category', variant: 'full' }, { task: 'category', variant: 'centered' }] };

  it('a claim whose models all learned keeps its verdict', () => {
    const t = [row({}), row({ run: 'c1', variant: 'centered' })];
    expect(applyCompetence([claim], t)[0]).toEqual(claim);
  });

  it('one model below its threshold makes the claim untestable, naming the group and keeping the evidence', () => {
    const t = [row({}), row({ run: 'r18-category-centered-s0', variant: 'centered', value: 0.05, competent: false }),
      row({ run: 'r18-category-centered-s1', variant: 'centered' })];
    const [c] = applyCompetence([claim], t);
    expect(c!.verdict).toBe('untestable at this scale');
    expect(c!.evidence).toContain('category (centered): 1/2 models below competence (worst category top-1 0.050 < 0.3)');
    expect(c!.evidence).toContain('full 0.5 vs reduced 0.4');
  });

  it('a group with no finished model is untestable too; neural-data claims are left alone', () => {
    const [c] = applyCompetence([claim], [row({})]);
    expect(c!.verdict).toBe('untestable at this scale');
    expect(c!.evidence).toContain('category (centered): no finished model');
    const neural: Claim = { ...claim, verdict: 'needs neural data' };
    expect(applyCompetence([neural], [])[0]).toEqual(neural);
  });

  it('REPORT lines: counts of models that learned, one table row per (run, family)', () => {
    const lines = competenceLines([row({}), row({ run: 'b', family: 'distance', metric: 'mean R^2', value: 0.5, threshold: 0.8, competent: false })], 'small');
    expect(lines.join('\n')).toContain('**1 of 2 models learned every task they were trained on.**');
    expect(lines.filter((l) => l.startsWith('| b |'))[0]).toContain('| 0.500 | 0.8 | **no** |');
  });
});
