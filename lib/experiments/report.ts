// REPORT.md: each claim of the paper, the numbers this run measured for it, and a verdict.
import { existsSync } from 'node:fs';
import { writeAtomic } from '../atomic.js';
import { join } from 'node:path';
import { applyCompetence, competenceLines, competenceTable, learnedFrom, plannedGroups, type CompetenceRow } from './competence.js';
import { decodingClaims, neuralClaims, similarityClaims, variabilitySimilarityClaims, type Claim } from './claims.js';
import { Results } from './results.js';
import { SCALE_PARAMS, type Scale } from './scales.js';
import { readTimings, summariseTimings, type TimingSummary } from './timings.js';

/** Every claim with its verdict; claims whose models did not learn their tasks are untestable (competence.ts). */
export function collectClaims(R: Results, competence: CompetenceRow[] = competenceTable(R)): Claim[] {
  const claims: Claim[] = [...neuralClaims(R.scores().length > 0)];
  const has = (f: string) => existsSync(join(R.paths.analysis, f));
  // Each claim is tested with the task groups whose models learned; the others are named in its evidence.
  const learned = learnedFrom(competence, plannedGroups(R));
  if (has('cka.json')) claims.push(...similarityClaims(R.cka(), learned), ...variabilitySimilarityClaims(R.cka(), learned));
  if (R.hasDecoding()) claims.push(...decodingClaims(R.decoding(), learned));
  return applyCompetence(claims, competence);
}

const minutes = (s: number) => (s < 90 ? `${Math.round(s)} s` : `${(s / 60).toFixed(1)} min`);

/** Where the time went, from the ledger (lines for REPORT.md; none when nothing was recorded). */
export function timingLines(t: TimingSummary): string[] {
  if (t.invocations === 0 && t.byKind.length === 0) return [];
  const order = ['dataset', 'train', 'activations', 'analysis', 'score', 'notebook'];
  const kinds = [...t.byKind].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return [
    '## Time',
    '',
    `Wall time of the \`paper\` invocations recorded for this scale: **${minutes(t.wallSeconds)}** over ${t.invocations} invocation(s)` +
      ' (a kill before the end records nothing for that invocation; its finished jobs are listed below).',
    ...(kinds.length === 0 ? ['No job has been timed yet (work done before the ledger existed is not counted).', ''] : [
      'Time inside jobs, by kind (jobs run in parallel, so these add up to more than the wall time):',
      '',
      '| kind | jobs | time in jobs |',
      '|---|---|---|',
      ...kinds.map((k) => `| ${k.kind} | ${k.count} | ${minutes(k.seconds)} |`),
      '',
    ]),
  ];
}

export function renderReport(scale: Scale, claims: Claim[], extra: { seconds?: number; backend?: string; notebooks: string[]; timings?: TimingSummary; competence?: CompetenceRow[] }): string {
  const p = SCALE_PARAMS[scale];
  const counts = claims.reduce<Record<string, number>>((a, c) => ({ ...a, [c.verdict]: (a[c.verdict] ?? 0) + 1 }), {});
  const lines = [
    `# whatwhere · REPORT (${scale} scale)`,
    '',
    `Paper: "Vision CNNs trained to estimate spatial latents learned similar ventral-stream-aligned representations".`,
    `This run: ResNet-18 width ${p.width} at ${p.size} px, ${p.trainImages} training images per dataset, at most ${p.steps} steps of batch ${p.batch} ` +
      `(Adam, lr ${p.lr}, ${p.lrSchedule} schedule${p.patience > 0 ? `, stopped after ${p.patience} held-out evaluations without improvement` : ''}), ` +
      `${p.seeds} seeds per task (${p.controlSeeds} for the variability controls), analyses on ${p.analysisImages} held-out images` +
      `${extra.backend ? `, tfjs backend \`${extra.backend}\`` : ''}${extra.seconds !== undefined ? `, this invocation ${minutes(extra.seconds)}` : ''}.`,
    '',
    `Verdicts: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}. The paper trains on 1.3M 224-px images for 500k steps;`,
    `at smaller scales a claim that is "not supported" here may still hold at the paper's scale: the numbers say how far this run got.`,
    '',
    '| section | claim | verdict | what this run measured |',
    '|---|---|---|---|',
    ...claims.map((c) => `| ${c.section} | ${c.claim} | **${c.verdict}** | ${c.evidence.replace(/\|/g, '/')} |`),
    '',
    ...(extra.competence ? competenceLines(extra.competence, scale) : []),
    ...(extra.timings ? timingLines(extra.timings) : []),
    '## Outputs',
    '',
    `Executed notebooks: ${extra.notebooks.map((n) => `\`notebooks/${n}\``).join(', ')}; figures in \`figures/\` (HTML, PNG when chromium is installed); tables in \`tables/\`.`,
    '',
  ];
  return lines.join('\n');
}

export function writeReport(scale: Scale, extra: { seconds?: number; backend?: string; notebooks: string[] }): string {
  const R = new Results(scale);
  const competence = competenceTable(R);
  const text = renderReport(scale, collectClaims(R, competence), { ...extra, competence, timings: summariseTimings(readTimings(R.paths.timings)) });
  writeAtomic(R.paths.report, text);
  return R.paths.report;
}
