# %% [markdown]
# # 05 · Non-target latent variability helps learn the non-target latents (Fig 5, E.1, E.2)
# **What the paper found.** Decode a latent the model was *not* trained on from each layer (linear SVM for
# category, ridge for translation x/y; random projection to the Johnson-Lindenstrauss dimension when larger;
# 5-fold CV). Models trained with full non-target variability decode it better in intermediate layers than
# models trained on data with that variability removed (one category, or centred objects): **H1**. The
# exception: category-trained models become more translation-invariant in the last two layers (**H2**).
# Stars mark layers where the two groups differ (Mann-Whitney U, two-sided, p < 0.05, one test per layer).
#
# **How decoding is scored.** For a layer's activations X (n images × p units) and a latent y, fit a linear
# read-out on 4/5 of the images and score the held-out fifth, five times: accuracy of a linear SVM
# (min ½‖w‖² + C Σ hinge(yᵢ wᵀxᵢ)) for category, R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² of ridge regression
# (ŵ = (XᵀX + αI)⁻¹Xᵀy) for translation x and y. A high score means the latent is linearly available in the layer.
# %%
import { Results } from './lib/experiments/results.js';
import { learnedModels } from './lib/experiments/competence.js';
import { decodingPoints, variabilityContrasts, taskLabel, minimumMannWhitneyP, type DecodingPoint } from './lib/experiments/summaries.js';
import { decodingClaims } from './lib/experiments/claims.js';
import { CATEGORY_CONTROL_TASKS, TRANSLATION_CONTROL_TASKS, FIGURE_LAYERS } from './lib/experiments/scales.js';
import { charts, showMarkdown } from './lib/plots/index.js';

const R = new Results();
const rows = R.decoding();
const points = decodingPoints(rows);
R.saveTable('fig5-decoding-summary', points.map(({ perModel, ...p }) => ({ ...p, models: perModel.length })));
const k = Math.min(...points.map((p) => p.perModel.length));
showMarkdown(`**Scale \`${R.scale}\`**: ${new Set(rows.map((r) => r.model)).size} models, ${k} per condition; ` +
  `smallest possible Mann-Whitney p with ${k} vs ${k} models: ${minimumMannWhitneyP(k).toFixed(4)}.`);
const layers = [...FIGURE_LAYERS];
const contrastFigure = (target: string, reduced: string, tasks: readonly string[], name: string, title: string, yTitle: string, reducedLabel: string) => {
  const cs = variabilityContrasts(points, target, reduced, tasks, layers);
  const panels = tasks.map((t) => {
    const c = cs.filter((x) => x.task === t);
    return charts.lines([
      { name: 'full variability', x: c.map((x) => x.layer), y: c.map((x) => x.full.mean), err: c.map((x) => x.full.sd), marks: c.map((x) => (x.p < 0.05 ? '*' : '')) },
      { name: reducedLabel, x: c.map((x) => x.layer), y: c.map((x) => x.reduced.mean), err: c.map((x) => x.reduced.sd), dash: 'dash' },
    ], taskLabel(t), 'layer', yTitle);
  });
  R.saveTable(name, cs.map((c) => ({ task: c.task, layer: c.layer, target: c.target, full_mean: c.full.mean, full_sd: c.full.sd, reduced_mean: c.reduced.mean, reduced_sd: c.reduced.sd, U: c.U, p: c.p, direction: c.direction })));
  return R.publish(name, charts.sideBySide(panels, tasks.map((t) => `target: ${taskLabel(t)}`), title, 400));
};
# %% [markdown]
# ## Fig 5b · Category decoding in spatial-latent models, full vs one-category training data
# %%
await contrastFigure('category', 'tdw-1', CATEGORY_CONTROL_TASKS, 'fig5b', 'Fig 5b · non-target latent: category', 'category accuracy', 'reduced cat. var. (TDW-1)');
# %% [markdown]
# ## Fig 5c · Translation (x) decoding, full vs centred training data
# %%
await contrastFigure('x', 'centered', TRANSLATION_CONTROL_TASKS, 'fig5c', 'Fig 5c · non-target latent: translation x', 'Pearson r', 'reduced tran. var. (centred)');
# %% [markdown]
# ## Fig E.2 · Translation (y)
# %%
await contrastFigure('y', 'centered', TRANSLATION_CONTROL_TASKS, 'figE2', 'Fig E.2 · non-target latent: translation y', 'Pearson r', 'reduced tran. var. (centred)');
# %% [markdown]
# ## Fig E.1 · Category decoding: spatial-latent models vs category-trained and untrained models
# %%
const curve = (task: string, variant: string): DecodingPoint[] => layers.map((l) => points.find((p) => p.task === task && p.variant === variant && p.layer === l && p.target === 'category')!).filter(Boolean);
const e1 = [...CATEGORY_CONTROL_TASKS, 'distance+translation+rotation'].map((t) => charts.lines([
  { name: 'target model (full)', x: curve(t, 'full').map((p) => p.layer), y: curve(t, 'full').map((p) => p.mean), err: curve(t, 'full').map((p) => p.sd) },
  { name: 'target model (TDW-1)', x: curve(t, 'tdw-1').map((p) => p.layer), y: curve(t, 'tdw-1').map((p) => p.mean), err: curve(t, 'tdw-1').map((p) => p.sd), dash: 'dash' },
  { name: 'category-trained', x: curve('category', 'full').map((p) => p.layer), y: curve('category', 'full').map((p) => p.mean), err: curve('category', 'full').map((p) => p.sd), color: '#54a24b' },
  { name: 'untrained', x: curve('untrained', 'full').map((p) => p.layer), y: curve('untrained', 'full').map((p) => p.mean), err: curve('untrained', 'full').map((p) => p.sd), color: '#888888', dash: 'dot' },
], taskLabel(t), 'layer', 'category accuracy'));
await R.publish('figE1', charts.sideBySide(e1, [...CATEGORY_CONTROL_TASKS, 'distance+translation+rotation'].map(taskLabel), 'Fig E.1 · category decoding', 400));
# %% [markdown]
# ## What this run shows
# %%
// Each claim is tested only with models that learned their tasks (lib/experiments/competence.ts).
showMarkdown(decodingClaims(rows, learnedModels(R)).map((c) => `- **${c.verdict}** — ${c.claim}: ${c.evidence}`).join('\n'));
