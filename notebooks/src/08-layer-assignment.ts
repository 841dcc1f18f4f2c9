# %% [markdown]
# # 08 · Layer assignment vs similarity to category models (Fig C.4)
# **What the paper found.** Brain-Score assigns V1, V2, V4 and IT to the model layer that best predicts each
# region. For latent-trained models these layers lie before the point where their representations diverge
# from category-trained models (CKA), slightly earlier than in category-trained models.
# %%
import { Results } from './lib/experiments/results.js';
import type { RunLabel } from './lib/experiments/analyses.js';
import { similarityToGroup, taskLabel } from './lib/experiments/summaries.js';
import { layerCurvesFigure } from './lib/plots/paper_figures.js';
import { showMarkdown, markdownTable } from './lib/plots/index.js';

const R = new Results();
const cka = R.cka();
const scores = R.scores();
showMarkdown(scores.length ? 'Layer assignments from the alignment scores are listed below.' : `> ${R.neuralDataNote()} The similarity curves below are ours; the region-to-layer dots need the neural data.`);
# %% [markdown]
# ## Similarity to category-trained models across layers (the curves of Fig C.4)
# Mean linear CKA, at each layer, between category-trained models and the models of each other task (error bars: SD
# over model pairs); the dashed *intra - category* line pairs category models trained from different seeds.
# %%
const byTask = (r: RunLabel) => (r.group === 'main' && r.variant === 'full' ? r.task : undefined);
const tasks = ['category', 'distance', 'translation', 'rotation', 'all', 'untrained'];
const curves = similarityToGroup(cka, 'category', byTask, tasks);
await R.publish('figC4-similarity', layerCurvesFigure(curves, 'Fig C.4 · CKA with category-trained models'));
# %% [markdown]
# ## Chosen layers per region (when scored)
# For each scored run, the model layer that best predicts each region among the candidate layers (Brain-Score's layer
# selection), to compare with where the curves above drop.
# %%
showMarkdown(scores.length ? markdownTable(scores.map((s) => ({ run: s.run, task: taskLabel(s.task), ...s.layers }))) : '_(needs neural data)_');
