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
import type { RunLabel } from './lib/experiments/analyses.js';
import { similarityToGroup, groupMatrix, taskLabel } from './lib/experiments/summaries.js';
import { variabilitySimilarityClaims } from './lib/experiments/claims.js';
import { ANALYSIS_LAYERS } from './lib/experiments/scales.js';
import { charts, showMarkdown } from './lib/plots/index.js';

const R = new Results();
const cka = R.cka();
const layers = [...ANALYSIS_LAYERS, 'avgpool'];
const similarityFigure = (ref: string, reduced: string, tasks: string[], name: string, title: string, reducedLabel: string) => {
  const groupOf = (r: RunLabel) => {
    if (r.group === 'main' && r.variant === 'full' && r.task === ref) return 'ref';
    if (!tasks.includes(r.task)) return undefined;
    if (r.variant === 'full' && r.group === 'main') return `${r.task}|full`;
    return r.variant === reduced ? `${r.task}|reduced` : undefined;
  };
  const curves = similarityToGroup(cka, 'ref', groupOf, ['ref', ...tasks.flatMap((t) => [`${t}|full`, `${t}|reduced`])], layers);
  const panels = tasks.map((t) => charts.lines(['full', 'reduced'].map((v) => {
    const c = curves.find((x) => x.group === `${t}|${v}`)!;
    return { name: v === 'full' ? 'full variability' : reducedLabel, x: c.layers, y: c.mean, err: c.sd, dash: v === 'full' ? 'solid' : 'dash' };
  }), taskLabel(t), 'layer', `CKA with ${ref} models`));
  R.saveTable(name, curves.flatMap((c) => c.layers.map((l, k) => ({ group: c.group, layer: l, mean: c.mean[k], sd: c.sd[k] }))));
  return R.publish(name, charts.sideBySide(panels, tasks.map(taskLabel), title, 400));
};
# %% [markdown]
# ## Fig D.4a · Similarity to translation-trained models, full vs centred data
# %%
await similarityFigure('translation', 'centered', ['distance', 'rotation', 'category'], 'figD4a', 'Fig D.4a · similarity to translation models', 'reduced tran. var.');
# %% [markdown]
# ## Fig D.4b · Similarity to category-trained models, full vs one-category data
# %%
await similarityFigure('category', 'tdw-1', ['distance', 'translation', 'rotation'], 'figD4b', 'Fig D.4b · similarity to category models', 'reduced cat. var.');
# %% [markdown]
# ## Fig D.5 / D.6 · Intra-group similarity (same target, different seeds), full vs reduced variability
# %%
const intraFigure = (reduced: string, tasks: string[], name: string, title: string) => {
  const series = ['full', reduced].map((v) => ({
    name: v === 'full' ? 'full variability' : `reduced (${v})`,
    x: tasks.map(taskLabel),
    y: tasks.map((t) => {
      const gm = groupMatrix(cka, 'layer4.0.relu', (r) => (r.task === t && r.variant === v && (v !== 'full' || r.group === 'main') ? 'g' : undefined), ['g']);
      return gm.mean[0]?.[0] ?? NaN;
    }),
  }));
  return R.publish(name, charts.bars(tasks.map(taskLabel), series, title, 'intra-group CKA, layer4.0'));
};
await intraFigure('centered', ['distance', 'rotation', 'category'], 'figD5', 'Fig D.5 · intra-group similarity vs translation variability');
await intraFigure('tdw-1', ['distance', 'translation', 'rotation'], 'figD6', 'Fig D.6 · intra-group similarity vs category variability');
# %% [markdown]
# ## Fig E.3 · Neural alignment, full vs reduced variability
# %%
showMarkdown(R.scores().length ? 'Alignment scores found: see 02-neural-alignment for the per-run table.' : R.neuralDataNote());
# %% [markdown]
# ## What this run shows
# %%
// Each claim is tested only with models that learned their tasks (lib/experiments/competence.ts).
showMarkdown(variabilitySimilarityClaims(cka, learnedModels(R)).map((c) => `- **${c.verdict}** — ${c.claim}: ${c.evidence}`).join('\n'));
