# %% [markdown]
# # 05 · Non-target latent variability helps learn the non-target latents (Fig 5, E.1, E.2)
# **What the paper found.** Decode a latent the model was *not* trained on from each layer (linear SVM for
# category, ridge for translation x/y; random projection to the Johnson-Lindenstrauss dimension when larger;
# 5-fold CV). Models trained with full non-target variability decode it better in intermediate layers than
# models trained on data with that variability removed (one category, or centred objects): **H1**. The
# exception: category-trained models become more translation-invariant in the last two layers (**H2**).
# Stars mark layers where the two groups differ (Mann-Whitney U, two-sided, p < 0.05, one test per layer).
#
# **How decoding is scored** (`lib/analysis/decode.ts`). For a layer's activations X (n images × p units) and
# a latent y: when p exceeds the Johnson-Lindenstrauss dimension for n images (eps 0.1: 6515 for n = 2000),
# project X with a seeded Gaussian matrix to that many dimensions. Then fit a linear read-out on 4/5 of the
# images and score the held-out fifth, for each of 5 folds: accuracy of a one-vs-rest linear SVM
# (sklearn's LinearSVC: min ½‖w‖² + C Σ max(0, 1 − yᵢ wᵀxᵢ)², C = 0.005) for category; for translation x and y,
# the Pearson r between held-out y and the prediction of ridge regression (ŵ = (XᵀX + αI)⁻¹Xᵀy on centred data,
# α picked from the authors' grid by leave-one-out error on the training folds). A high score means the latent
# is linearly available in the layer.
# %%
import { Results } from './lib/experiments/results.js';
import { learnedModels } from './lib/experiments/competence.js';
import { decodingPoints, decodingPointRows, variabilityContrasts, contrastRows, minimumMannWhitneyP } from './lib/experiments/summaries.js';
import { decodingClaims, claimList } from './lib/experiments/claims.js';
import { CATEGORY_CONTROL_TASKS, TRANSLATION_CONTROL_TASKS, FIGURE_LAYERS } from './lib/experiments/scales.js';
import { variabilityContrastFigure, categoryDecodingFigure } from './lib/plots/paper_figures.js';
import { showMarkdown } from './lib/plots/index.js';

const R = new Results();
const rows = R.decoding();
const points = decodingPoints(rows);
R.saveTable('fig5-decoding-summary', decodingPointRows(points));
const k = Math.min(...points.map((p) => p.perModel.length));
showMarkdown(`**Scale \`${R.scale}\`**: ${new Set(rows.map((r) => r.model)).size} models, ${k} per condition; ` +
  `smallest possible Mann-Whitney p with ${k} vs ${k} models: ${minimumMannWhitneyP(k).toFixed(4)}.`);
const layers = [...FIGURE_LAYERS];
# %% [markdown]
# ## Fig 5b · Category decoding in spatial-latent models, full vs one-category training data
# One panel per target task (distance, translation, rotation): held-out category accuracy at each layer for models
# trained on the full dataset and on TDW-1 (one category only). Points are the mean over seeds × folds, error bars
# their SD; `*` marks layers where the models' fold-averaged accuracies differ (Mann-Whitney U, p < 0.05). Chance is 1/117.
# %%
const fig5b = variabilityContrasts(points, 'category', 'tdw-1', CATEGORY_CONTROL_TASKS, layers);
R.saveTable('fig5b', contrastRows(fig5b));
await R.publish('fig5b', variabilityContrastFigure(fig5b, CATEGORY_CONTROL_TASKS, { title: 'Fig 5b · non-target latent: category', yTitle: 'category accuracy', reducedLabel: 'reduced cat. var. (TDW-1)' }));
# %% [markdown]
# ## Fig 5c · Translation (x) decoding, full vs centred training data
# One panel per target task (distance, rotation, category): Pearson r between the object's held-out x position and
# its ridge prediction, for models trained with full translation variability and with centred objects (x = y = 0).
# H1 predicts the full-variability line above the dashed one; H2 (category models, last layers) below it.
# %%
const fig5c = variabilityContrasts(points, 'x', 'centered', TRANSLATION_CONTROL_TASKS, layers);
R.saveTable('fig5c', contrastRows(fig5c));
await R.publish('fig5c', variabilityContrastFigure(fig5c, TRANSLATION_CONTROL_TASKS, { title: 'Fig 5c · non-target latent: translation x', yTitle: 'Pearson r', reducedLabel: 'reduced tran. var. (centred)' }));
# %% [markdown]
# ## Fig E.2 · Translation (y)
# As Fig 5c for the vertical position y: Pearson r of the ridge read-out of y, full vs centred training data.
# %%
const figE2 = variabilityContrasts(points, 'y', 'centered', TRANSLATION_CONTROL_TASKS, layers);
R.saveTable('figE2', contrastRows(figE2));
await R.publish('figE2', variabilityContrastFigure(figE2, TRANSLATION_CONTROL_TASKS, { title: 'Fig E.2 · non-target latent: translation y', yTitle: 'Pearson r', reducedLabel: 'reduced tran. var. (centred)' }));
# %% [markdown]
# ## Fig E.1 · Category decoding: spatial-latent models vs category-trained and untrained models
# One panel per spatial task: category accuracy of its full and TDW-1 models at each layer, with the same read-out from
# category-trained models (an upper reference) and untrained, randomly initialised ones (what the architecture alone gives).
# %%
const e1Tasks = [...CATEGORY_CONTROL_TASKS, 'distance+translation+rotation'];
await R.publish('figE1', categoryDecodingFigure(points, e1Tasks, layers, 'Fig E.1 · category decoding'));
# %% [markdown]
# ## What this run shows
# Each claim of Section 3.3 with the numbers measured here and a verdict (the same text as REPORT.md). A claim is
# tested only with task groups whose models learned their tasks (`lib/experiments/competence.ts`); the evidence names the groups left out.
# %%
showMarkdown(claimList(decodingClaims(rows, learnedModels(R))));
