# %% [markdown]
# # 06 · Non-target variability and representational similarity (Fig D.4-D.6, E.3)
# **What the paper found.** Models trained with full translation (or category) variability, though not
# trained on translation (category), are more similar (CKA) to translation- (category-) trained models
# than the same targets trained with that variability removed, mostly in layer3 and layer4 (Fig D.4). The
# intra-group similarity (same target, different seeds) is higher with full variability in layer4 (D.5, D.6).
# With full non-target variability models are also more neurally aligned (Fig E.3, needs Brain-Score data).
# %%
import { Results } from './lib/experiments/results.js';
import { learnedModels } from './lib/experiments/competence.js';
import { variabilitySimilarity, intraGroupSimilarity, layerCurveRows } from './lib/experiments/summaries.js';
import { variabilitySimilarityClaims, claimList } from './lib/experiments/claims.js';
import { ANALYSIS_LAYERS } from './lib/experiments/scales.js';
import { variabilitySimilarityFigure, intraGroupFigure } from './lib/plots/paper_figures.js';
import { showMarkdown } from './lib/plots/index.js';

const R = new Results();
const cka = R.cka();
const layers = [...ANALYSIS_LAYERS, 'avgpool'];
# %% [markdown]
# ## Fig D.4a · Similarity to translation-trained models, full vs centred data
# One panel per other target (distance, rotation, category): at each layer, the mean linear CKA between
# translation-trained models and that target's models, trained on the full dataset (solid) or on centred objects
# with no translation variability (dashed). Error bars: SD over all model pairs.
# %%
const translationTasks = ['distance', 'rotation', 'category'];
const toTranslation = variabilitySimilarity(cka, 'translation', 'centered', translationTasks, layers);
R.saveTable('figD4a', layerCurveRows(toTranslation));
await R.publish('figD4a', variabilitySimilarityFigure(toTranslation, 'translation', translationTasks, 'Fig D.4a · similarity to translation models', 'reduced tran. var.'));
# %% [markdown]
# ## Fig D.4b · Similarity to category-trained models, full vs one-category data
# As D.4a with category-trained models as the reference: the other targets' models trained on all 117 categories
# (solid) or on TDW-1, one category only (dashed).
# %%
const categoryTasks = ['distance', 'translation', 'rotation'];
const toCategory = variabilitySimilarity(cka, 'category', 'tdw-1', categoryTasks, layers);
R.saveTable('figD4b', layerCurveRows(toCategory));
await R.publish('figD4b', variabilitySimilarityFigure(toCategory, 'category', categoryTasks, 'Fig D.4b · similarity to category models', 'reduced cat. var.'));
# %% [markdown]
# ## Fig D.5 / D.6 · Intra-group similarity (same target, different seeds), full vs reduced variability
# For each target, the mean CKA at layer4.0 between models trained on the same target from different seeds, with full
# or reduced non-target variability (centred objects for D.5, one category for D.6): how much the seeds agree.
# %%
const intraLayer = 'layer4.0.relu';
const intraByVariant = (reduced: string, tasks: string[]) => ['full', reduced].map((variant) => ({ variant, values: intraGroupSimilarity(cka, intraLayer, variant, tasks) }));
await R.publish('figD5', intraGroupFigure(intraByVariant('centered', translationTasks), translationTasks, intraLayer, 'Fig D.5 · intra-group similarity vs translation variability'));
await R.publish('figD6', intraGroupFigure(intraByVariant('tdw-1', categoryTasks), categoryTasks, intraLayer, 'Fig D.6 · intra-group similarity vs category variability'));
# %% [markdown]
# ## Fig E.3 · Neural alignment, full vs reduced variability
# The paper compares Brain-Score neural alignment of full- and reduced-variability models; this needs Brain-Score's
# public data (see 02-neural-alignment for how alignment is scored).
# %%
showMarkdown(R.scores().length ? 'Alignment scores found: see 02-neural-alignment for the per-run table.' : R.neuralDataNote());
# %% [markdown]
# ## What this run shows
# The Fig D.4 claims with the CKA values measured here (layer3 and layer4) and a verdict (the same text as REPORT.md).
# A claim is tested only with task groups whose models learned their tasks (`lib/experiments/competence.ts`).
# %%
showMarkdown(claimList(variabilitySimilarityClaims(cka, learnedModels(R))));
