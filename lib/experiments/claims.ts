// The paper's claims (Introduction bullets, Sections 3.1-3.3), each with the numbers this run measured
// and a verdict. The same functions fill the notebooks' "What this run shows" and REPORT.md.
import type { CkaResult, DecodingRowOut, RunLabel } from './analyses.js';
import { groupMatrix, decodingPoints, minimumMannWhitneyP, similarityToGroup, variabilityContrasts, variabilitySimilarity, taskLabel } from './summaries.js';
import { NUM_CATEGORIES } from '../tasks/spec.js';
import { ANALYSIS_LAYERS, CATEGORY_CONTROL_TASKS, MAIN_TASKS, TRANSLATION_CONTROL_TASKS } from './scales.js';

export type Verdict = 'supported' | 'not supported' | 'mixed' | 'inconclusive' | 'untestable at this scale' | 'needs neural data' | 'not computed';

/** Category decoding below this multiple of chance (1/117) is treated as carrying no category information. */
export const NEAR_CHANCE_FACTOR = 3;

export interface Claim {
  section: string;
  claim: string;
  evidence: string;
  verdict: Verdict;
  /** The (task, training variant) groups whose models the claim uses: all must have learned (competence.ts). */
  needs?: { task: string; variant: string }[];
}

/** Every (task, variant) pair of `tasks` x `variants`. */
function groups(tasks: readonly string[], variants: readonly string[]): { task: string; variant: string }[] {
  return tasks.flatMap((task) => variants.map((variant) => ({ task, variant })));
}

/**
 * Whether the models of a (task, training variant) group learned their task (competence.ts); default: all did.
 * `trained`, when given, tells a group the scale never trains (trimmed) from one whose models fell short.
 */
export type Learned = ((task: string, variant: string) => boolean) & { trained?: (task: string, variant: string) => boolean };
const ALL_LEARNED: Learned = () => true;

/**
 * The tasks among `tasks` whose models learned in every one of `variants`: a claim is tested with those only,
 * and its evidence names the ones left out.
 */
function keepLearned(tasks: readonly string[], variants: readonly string[], learned: Learned): { kept: string[]; note: string } {
  const kept = tasks.filter((t) => variants.every((v) => learned(t, v)));
  const notTrained = tasks.filter((t) => !kept.includes(t) && learned.trained && !variants.every((v) => learned.trained!(t, v)));
  const short = tasks.filter((t) => !kept.includes(t) && !notTrained.includes(t));
  const note = (short.length ? ` Left out (models below competence at this scale): ${short.map(taskLabel).join(', ')}.` : '') +
    (notTrained.length ? ` Not trained at this scale (trimmed): ${notTrained.map(taskLabel).join(', ')}.` : '');
  return { kept, note };
}

/** A claim no model that learned can test. */
function untestable(section: string, claim: string, why: string): Claim {
  return { section, claim, evidence: why, verdict: 'untestable at this scale' };
}

const f2 = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
const TRAINED = MAIN_TASKS as readonly string[];

/** Between-group (different trained tasks) and intra-group (different seeds) mean CKA per layer. */
export function betweenVsIntra(cka: CkaResult, layers: readonly string[] = cka.layers, tasks: readonly string[] = TRAINED): { layer: string; between: number; intra: number; lowestGroup: string; lowestBetween: number }[] {
  const byTask = (r: RunLabel) => (r.group === 'main' && r.variant === 'full' && tasks.includes(r.task) ? r.task : undefined);
  return layers.map((layer) => {
    const gm = groupMatrix(cka, layer, byTask, [...tasks]);
    const k = gm.groups.length;
    let b = 0, nb = 0, w = 0, nw = 0;
    const perGroup = gm.groups.map(() => [0, 0]);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
      const v = gm.mean[i]![j]!;
      if (!Number.isFinite(v)) continue;
      if (i === j) { w += v; nw++; } else {
        b += v; nb++;
        perGroup[i]![0] += v; perGroup[i]![1]++;
      }
    }
    const means = perGroup.map(([s, c]) => (c ? s! / c! : NaN));
    const lo = means.reduce((best, v, i) => (v < means[best]! ? i : best), 0);
    return { layer, between: b / nb, intra: w / nw, lowestGroup: gm.groups[lo] ?? '', lowestBetween: means[lo] ?? NaN };
  });
}

export function similarityClaims(cka: CkaResult, learned: Learned = ALL_LEARNED): Claim[] {
  const CLAIM_1 = 'Models trained on different spatial and category latents learn similar (not identical) representations, especially in early and middle layers, diverging in late layers';
  const CLAIM_2 = 'Rotation-trained models diverge the most from the others';
  const CLAIM_3 = 'Spatial-latent models remain similar to category-trained models until the last few layers';
  const { kept: tasks, note } = keepLearned(TRAINED, ['full'], learned);
  const claims: Claim[] = [];
  if (tasks.length < 2) {
    const why = `fewer than two task groups learned their tasks.${note}`;
    return [untestable('3.2 / Intro bullet 3', CLAIM_1, why), untestable('3.2', CLAIM_2, why), untestable('3.2 (Fig 4b)', CLAIM_3, why)];
  }
  const rows = betweenVsIntra(cka, ANALYSIS_LAYERS, tasks);
  const ratio = rows.map((r) => r.between / r.intra);
  const early = ratio.slice(0, 3);
  const evidence = rows.map((r, i) => `${r.layer}: between ${f2(r.between)} vs intra ${f2(r.intra)} (ratio ${f2(ratio[i]!)})`).join('; ');
  const similarEarly = early.every((x) => x >= 0.9);
  const divergeLate = ratio[3]! < Math.min(...early);
  claims.push({
    section: '3.2 / Intro bullet 3', claim: CLAIM_1,
    evidence: `mean CKA between different task groups vs between seeds of the same task: ${evidence}.${note}`,
    verdict: similarEarly && divergeLate ? 'supported' : similarEarly || divergeLate ? 'mixed' : 'not supported',
    needs: groups(tasks, ['full']),
  });
  const last = rows[3]!;
  claims.push(learned('rotation', 'full') ? {
    section: '3.2', claim: CLAIM_2,
    evidence: `at ${last.layer} the group least similar to the others is ${taskLabel(last.lowestGroup)} (mean between-group CKA ${f2(last.lowestBetween)}).${note}`,
    verdict: last.lowestGroup === 'rotation' ? 'supported' : /rotation/.test(last.lowestGroup) ? 'mixed' : 'not supported',
    needs: groups(tasks, ['full']),
  } : untestable('3.2', CLAIM_2, `rotation-trained models did not learn rotation at this scale.${note}`));
  const spatialTasks = keepLearned(['distance', 'translation', 'rotation'], ['full'], learned);
  if (!learned('category', 'full') || spatialTasks.kept.length === 0) {
    claims.push(untestable('3.2 (Fig 4b)', CLAIM_3, `no category-trained or no spatial-latent model learned its task.${spatialTasks.note}`));
    return claims;
  }
  const byTask = (r: RunLabel) => (r.group === 'main' && r.variant === 'full' ? r.task : undefined);
  const toCat = similarityToGroup(cka, 'category', byTask, ['category', ...spatialTasks.kept], ANALYSIS_LAYERS);
  const intra = toCat[0]!;
  const spatial = toCat.slice(1);
  const desc = spatial.map((c) => `${taskLabel(c.group)} ${c.mean.map(f2).join('/')}`).join('; ');
  const staysClose = spatial.every((c) => c.mean.slice(0, 3).every((v, k) => v >= 0.85 * intra.mean[k]!));
  claims.push({
    section: '3.2 (Fig 4b)', claim: CLAIM_3,
    evidence: `CKA with category models at ${ANALYSIS_LAYERS.join('/')}: ${desc}; category seeds among themselves ${intra.mean.map(f2).join('/')}.${spatialTasks.note}`,
    verdict: staysClose ? 'supported' : 'not supported',
    needs: groups(['category', ...spatialTasks.kept], ['full']),
  });
  return claims;
}

export function decodingClaims(rows: DecodingRowOut[], learned: Learned = ALL_LEARNED): Claim[] {
  const points = decodingPoints(rows);
  const mid = ['layer2.0.relu', 'layer3.0.relu', 'layer4.0.relu'];
  const claims: Claim[] = [];
  const summarise = (target: string, reduced: string, tasks: readonly string[]) => {
    const cs = variabilityContrasts(points, target, reduced, tasks, mid);
    const h1 = cs.filter((c) => c.direction === 'H1').length;
    const sig = cs.filter((c) => c.direction === 'H1' && c.p < 0.05).length;
    const fmt = target === 'category' ? f3 : f2; // accuracies near chance need the third decimal
    const detail = cs.map((c) => `${taskLabel(c.task)} ${c.layer.replace('.relu', '')}: ${fmt(c.full.mean)} vs ${fmt(c.reduced.mean)}${c.p < 0.05 ? '*' : ''}`).join('; ');
    // Significance is only reachable with enough models per condition (exact two-sided test).
    const k = cs.length ? Math.min(...cs.flatMap((c) => [c.full.perModel.length, c.reduced.perModel.length])) : 0;
    const sigNote = k > 0 && minimumMannWhitneyP(k) >= 0.05
      ? ` With ${k} models per condition the smallest possible two-sided Mann-Whitney p is ${minimumMannWhitneyP(k).toFixed(3)}, so no difference can reach p < 0.05 at this scale.`
      : k > 0 ? ` ${k}+ models per condition; * p < 0.05 (two-sided Mann-Whitney).` : '';
    const verdict: Verdict = cs.length === 0 ? 'not computed' : h1 >= 0.75 * cs.length ? 'supported' : h1 >= 0.5 * cs.length ? 'mixed' : 'not supported';
    return { cs, h1, sig, detail, sigNote, verdict };
  };
  // Category decoding near chance (1/117) cannot show a representational difference, whatever its sign.
  const chance = 1 / NUM_CATEGORIES;
  const nearChance = (cs: { full: { mean: number }; reduced: { mean: number } }[]) =>
    cs.length > 0 && Math.max(...cs.flatMap((c) => [c.full.mean, c.reduced.mean])) < NEAR_CHANCE_FACTOR * chance;
  const chanceNote = (what: string) => ` All accuracies are below ${NEAR_CHANCE_FACTOR}x chance (${f3(chance)}): ${what}, so the direction of the differences is not evidence either way.`;
  const categoryModels = points.filter((p) => p.task === 'category' && p.variant === 'full' && p.target === 'category');
  const ownBest = categoryModels.length ? Math.max(...categoryModels.map((p) => p.mean)) : NaN;
  const modelNote = Number.isFinite(ownBest) ? `even category-trained models reach only ${f3(ownBest)} at their best layer` : 'the models barely encode category at this scale';
  const CAT_CLAIM = 'Category variability helps spatial-latent models represent category (H1) in intermediate layers';
  const catTasks = keepLearned(CATEGORY_CONTROL_TASKS, ['full', 'tdw-1'], learned);
  if (catTasks.kept.length === 0) {
    claims.push(untestable('3.3 (Fig 5b) / Intro bullet 4', CAT_CLAIM, `no spatial-latent model learned its task in both conditions.${catTasks.note}`));
  } else {
    const cat = summarise('category', 'tdw-1', catTasks.kept);
    const catNear = nearChance(cat.cs);
    claims.push({
      section: '3.3 (Fig 5b) / Intro bullet 4', claim: CAT_CLAIM,
      evidence: `category decoding accuracy, full vs one-category training data (layers 2-4): ${cat.detail}. Full > reduced in ${cat.h1}/${cat.cs.length}, significant in ${cat.sig}.${cat.sigNote}${catNear ? chanceNote(modelNote) : ''}${catTasks.note}`,
      verdict: catNear ? 'inconclusive' : cat.verdict,
      needs: groups(catTasks.kept, ['full', 'tdw-1']),
    });
  }
  const TRA_CLAIM = 'Translation variability helps models represent translation (H1) in intermediate layers';
  const traTasks = keepLearned(TRANSLATION_CONTROL_TASKS, ['full', 'centered'], learned);
  if (traTasks.kept.length === 0) {
    claims.push(untestable('3.3 (Fig 5c)', TRA_CLAIM, `no model learned its task in both conditions.${traTasks.note}`));
  } else {
    const tra = summarise('x', 'centered', traTasks.kept);
    claims.push({
      section: '3.3 (Fig 5c)', claim: TRA_CLAIM,
      evidence: `x decoding Pearson r, full vs centred training data (layers 2-4): ${tra.detail}. Full > reduced in ${tra.h1}/${tra.cs.length}, significant in ${tra.sig}.${tra.sigNote}${traTasks.note}`,
      verdict: tra.verdict,
      needs: groups(traTasks.kept, ['full', 'centered']),
    });
  }
  const H2_CLAIM = 'Category-trained models become more translation-invariant with translation variability in the last two layers (H2)';
  if (!learned('category', 'full') || !learned('category', 'centered')) {
    const trimmed = learned.trained && !learned.trained('category', 'centered');
    claims.push(untestable('3.3 (Fig 5c bottom)', H2_CLAIM, trimmed
      ? 'category-trained models with centred data are not trained at this scale (trimmed).'
      : 'category-trained models (full or centred) did not learn category at this scale.'));
  } else {
    const late = variabilityContrasts(points, 'x', 'centered', ['category'], ['avgpool', 'fc']);
    claims.push({
      section: '3.3 (Fig 5c bottom)', claim: H2_CLAIM,
      evidence: late.map((c) => `${c.layer}: full ${f2(c.full.mean)} vs centred ${f2(c.reduced.mean)}`).join('; ') || 'no data',
      verdict: late.length === 0 ? 'not computed' : late.every((c) => c.direction === 'H2') ? 'supported' : late.some((c) => c.direction === 'H2') ? 'mixed' : 'not supported',
      needs: groups(['category'], ['full', 'centered']),
    });
  }
  // Fig E.1: spatial-latent models decode category better than untrained ones.
  const e1Tasks = keepLearned(CATEGORY_CONTROL_TASKS, ['full'], learned);
  const untrained = points.filter((p) => p.task === 'untrained' && p.target === 'category' && mid.includes(p.layer));
  const spatial = points.filter((p) => e1Tasks.kept.includes(p.task) && p.variant === 'full' && p.target === 'category' && mid.includes(p.layer));
  const E1_CLAIM = 'Spatial-latent models decode category much better than untrained models';
  if (e1Tasks.kept.length === 0) {
    claims.push(untestable('Appendix E (Fig E.1)', E1_CLAIM, `no spatial-latent model learned its task.${e1Tasks.note}`));
  } else if (untrained.length && spatial.length) {
    const better = spatial.filter((s) => s.mean > (untrained.find((u) => u.layer === s.layer)?.mean ?? Infinity)).length;
    const spatialBest = Math.max(...spatial.map((s) => s.mean));
    const near = spatialBest < NEAR_CHANCE_FACTOR * chance;
    claims.push({
      section: 'Appendix E (Fig E.1)', claim: E1_CLAIM,
      evidence: `better than untrained in ${better}/${spatial.length} (task, layer) pairs at layers 2-4 (spatial models at most ${f3(spatialBest)}); ` +
        `untrained accuracy ${untrained.map((u) => `${u.layer.replace('.relu', '')} ${f3(u.mean)}`).join(', ')}.${near ? chanceNote(modelNote) : ''}${e1Tasks.note}`,
      verdict: near ? 'inconclusive' : better === spatial.length ? 'supported' : better >= spatial.length / 2 ? 'mixed' : 'not supported',
      needs: groups(e1Tasks.kept, ['full']),
    });
  }
  return claims;
}

/** Fig D.4: with full non-target variability, models are more similar to models trained on that latent. */
export function variabilitySimilarityClaims(cka: CkaResult, learned: Learned = ALL_LEARNED): Claim[] {
  const out: Claim[] = [];
  const cases = [
    { ref: 'translation', reduced: 'centered', tasks: ['distance', 'rotation', 'category'], fig: 'D.4a' },
    { ref: 'category', reduced: 'tdw-1', tasks: ['distance', 'translation', 'rotation'], fig: 'D.4b' },
  ];
  for (const c0 of cases) {
    const section = `Appendix D (Fig ${c0.fig})`;
    const claim = `With full ${c0.ref} variability, models trained on other targets are more similar to ${c0.ref}-trained models`;
    const kept = keepLearned(c0.tasks, ['full', c0.reduced], learned);
    if (!learned(c0.ref, 'full') || kept.kept.length === 0) {
      out.push(untestable(section, claim, `${learned(c0.ref, 'full') ? 'no other model' : `the ${c0.ref}-trained reference models did not`} learn its task in both conditions.${kept.note}`));
      continue;
    }
    const c = { ...c0, tasks: kept.kept };
    const layers = ['layer3.0.relu', 'layer4.0.relu'];
    const curves = variabilitySimilarity(cka, c.ref, c.reduced, c.tasks, layers);
    let wins = 0, total = 0;
    const detail: string[] = [];
    for (const t of c.tasks) {
      const full = curves.find((x) => x.group === `${t}|full`), red = curves.find((x) => x.group === `${t}|reduced`);
      if (!full || !red) continue;
      layers.forEach((l, k) => {
        if (!Number.isFinite(full.mean[k]!) || !Number.isFinite(red.mean[k]!)) return;
        total++;
        if (full.mean[k]! > red.mean[k]!) wins++;
        detail.push(`${taskLabel(t)} ${l.replace('.relu', '')}: ${f2(full.mean[k]!)} vs ${f2(red.mean[k]!)}`);
      });
    }
    out.push({
      section, claim,
      evidence: `CKA with ${c.ref} models, full vs reduced variability: ${detail.join('; ') || 'no data'}; full higher in ${wins}/${total}.${kept.note}`,
      verdict: total === 0 ? 'not computed' : wins >= 0.75 * total ? 'supported' : wins >= 0.5 * total ? 'mixed' : 'not supported',
      needs: [{ task: c.ref, variant: 'full' }, ...groups(c.tasks, ['full', c.reduced])],
    });
  }
  return out;
}

/** Claims as a markdown list, one "verdict — claim: evidence" line each (the notebooks' "What this run shows"). */
export function claimList(claims: Claim[]): string {
  return claims.map((c) => `- **${c.verdict}** — ${c.claim}: ${c.evidence}`).join('\n');
}

/** Claims that need Brain-Score's neural/behavioural data. */
export function neuralClaims(hasScores: boolean): Claim[] {
  const verdict: Verdict = hasScores ? 'not computed' : 'needs neural data';
  return [
    { section: 'Intro bullet 1 / 3.1', claim: 'CNNs trained on purely synthetic images reach neural alignment close to ImageNet-trained ones (category 0.412 vs ImageNet 0.430, ResNet-50)', evidence: 'Brain-Score public benchmarks (V1, V2, V4, IT)', verdict },
    { section: 'Intro bullet 2 / 3.1 (Fig 2)', claim: 'Models trained on a handful of spatial latents reach neural alignment comparable to models trained on hundreds of categories (distance: 0.399, 97% of all-tasks)', evidence: 'Brain-Score public benchmarks', verdict },
    { section: '3.1 (Fig 3, Table C.3)', claim: "Models' neural alignment correlates strongly with their spatial task performance along training", evidence: 'alignment scores of checkpoints along training', verdict },
    { section: '3.1 (Fig C.2)', claim: 'Alignment grows with dataset size and plateaus around 1-10M images', evidence: 'alignment of models trained on datasets of several sizes', verdict },
    { section: '3.3 (Fig E.3)', claim: 'Non-target variability yields more neurally aligned models', evidence: 'alignment of full vs reduced-variability models', verdict },
  ];
}
