# %% [markdown]
# # 04 · Models trained on different latents learn similar representations (Fig 4, D.2, D.3)
# **What the paper found.** Linear CKA between ResNet-18s trained on different targets, on 2000 held-out
# images with full latent variability: representations are very similar in early (layer1.0) to middle
# (layer2.0, layer3.0) layers and diverge in late layers (layer4.0); rotation-trained models diverge the most.
# Spatial-latent models stay similar to category models until the last layers (Fig 4b), and in early to
# middle layers models trained on different latents are often no more different than the same task trained
# from different seeds (Fig D.2). MDS of the model-by-model similarity mixes tasks until layer4 (Fig D.3).
# Fig D.1 compares with ImageNet-trained models, which whatwhere cannot train here (no ImageNet), so it is left out.
# %%
import { Results } from './lib/experiments/results.js';
import { learnedModels } from './lib/experiments/competence.js';
import type { RunLabel } from './lib/experiments/analyses.js';
import { groupMatrix, groupMatrixRows, similarityToGroup, layerCurveRows, ckaMds, taskLabel } from './lib/experiments/summaries.js';
import { similarityClaims, claimList } from './lib/experiments/claims.js';
import { MAIN_TASKS, ANALYSIS_LAYERS } from './lib/experiments/scales.js';
import { groupMatrixFigure, layerCurvesFigure, mdsFigure } from './lib/plots/paper_figures.js';
import { showMarkdown } from './lib/plots/index.js';

const R = new Results();
const cka = R.cka();
const byTask = (r: RunLabel) => (r.group === 'main' && r.variant === 'full' ? r.task : undefined);
const order: string[] = [...MAIN_TASKS, 'untrained'];
showMarkdown(`**Scale \`${R.scale}\`**: ${cka.runs.filter((r) => byTask(r)).length} ResNet-18 models ` +
  `(${new Set(cka.runs.map((r) => r.seed)).size} seeds per task), CKA on n = ${cka.n} held-out images.`);
# %% [markdown]
# ## Fig 4a · CKA between task groups at four layers
# **How CKA is computed** (`lib/analysis/cka.ts`). Take the activations of two models on the same n images,
# X (n × p) and Y (n × q), and centre each column. Linear CKA compares their n × n similarity structures,
# K = XXᵀ and L = YYᵀ, with the Hilbert-Schmidt independence criterion, normalised:
# CKA(X, Y) = ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F). It is 1 for representations equal up to rotation and isotropic
# scaling, and does not depend on p or q, so layers of different widths compare.
# Diagonal: mean CKA between models of the same task trained from different seeds. Off-diagonal: mean over all pairs of the two groups.
# %%
for (const layer of ANALYSIS_LAYERS) {
  const gm = groupMatrix(cka, layer, byTask, order);
  R.saveTable(`fig4a-cka-${layer}`, groupMatrixRows(gm));
  await R.publish(`fig4a-${layer}`, groupMatrixFigure(gm, `Fig 4a · CKA between task groups, ${layer}`));
}
# %% [markdown]
# ## Fig 4b · Similarity to category-trained models across layers
# Each line is the mean CKA, at every layer, between the category-trained models and the models of one other
# task (all pairs of the two groups; error bars: SD over those pairs). The dashed line, *intra - category*, pairs
# category models trained from different seeds: how similar two runs of the same task are.
# %%
const toCategory = similarityToGroup(cka, 'category', byTask, order);
R.saveTable('fig4b-similarity-to-category', layerCurveRows(toCategory));
await R.publish('fig4b', layerCurvesFigure(toCategory, 'Fig 4b · CKA with object-category models'));
# %% [markdown]
# ## Fig D.2 · Distance models vs the others: intra- vs between-group similarity
# The same curves with distance-trained models as the reference: between-group CKA (distance vs each other task)
# next to the intra-group CKA of distance models trained from different seeds (dashed). Where a between-group line
# reaches the dashed one, the two tasks' models differ no more than two seeds of the same task.
# %%
const toDistance = similarityToGroup(cka, 'distance', byTask, order);
await R.publish('figD2', layerCurvesFigure(toDistance, 'Fig D.2 · CKA of distance-trained models with each group', 'CKA', (g) => `Distance vs ${taskLabel(g)}`));
# %% [markdown]
# ## Fig D.3 · MDS of the model-by-model CKA matrix
# Each point is one model; coordinates come from metric MDS (SMACOF) on Euclidean distances between rows of the CKA matrix, as the authors did.
# %%
const embeddings = ANALYSIS_LAYERS.map((layer) => ckaMds(cka, layer, (r) => byTask(r) !== undefined));
await R.publish('figD3', mdsFigure(embeddings, [...ANALYSIS_LAYERS], 'Fig D.3 · MDS of CKA similarity'));
# %% [markdown]
# ## What this run shows
# Each claim of Section 3.2 with the numbers measured here and a verdict (the same text as REPORT.md). A claim is
# tested only with task groups whose models learned their tasks (`lib/experiments/competence.ts`); the evidence names the groups left out.
# %%
showMarkdown(claimList(similarityClaims(cka, learnedModels(R))));
