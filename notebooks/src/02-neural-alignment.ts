# %% [markdown]
# # 02 · Learning a few spatial latents gives ventral-stream-aligned CNNs (Fig 2, C.1, C.3, Tables C.1/C.2)
# **What the paper found.** On Brain-Score's public benchmarks (V1, V2, V4, IT neural predictivity with PLS;
# behaviour i2n), ResNets trained to estimate only distance (1 output), translation (2) or rotation (6) reach
# neural alignment comparable to models trained on 117 categories or 548 identities, and close to ImageNet
# training (ResNet-50: distance 0.399, category 0.412, ImageNet 0.430). Category models trained on TDW-N
# datasets scale with N; spatial models do not follow this "scaling hypothesis". Behavioural alignment
# favours category-trained models.
# %%
import { Results } from './lib/experiments/results.js';
import { finalPerformance, headline } from './lib/experiments/performance.js';
import { taskLabel } from './lib/experiments/summaries.js';
import { charts, showMarkdown, markdownTable } from './lib/plots/index.js';
import { mean, sd } from './lib/analysis/stats.js';
import { MAIN_TASKS } from './lib/experiments/scales.js';

const R = new Results();
const fig = R.manifest.figures.find((f) => f.id === 'fig2')!;
const scores = R.scores();
showMarkdown(scores.length ? `**${scores.length} alignment scores** computed for scale \`${R.scale}\`.` : `> ${R.neuralDataNote()}`);
# %% [markdown]
# ## Fig 2a / C.1a / C.3a · Neural mean vs number of supervised outputs (published values)
# The paper's neural mean (the average of the V1, V2, V4 and IT scores on Brain-Score's public benchmarks) for each
# training task, from Table C.1 (ResNet-50) and Table C.2 (ResNet-18); each task is labelled with its number of outputs.
# %%
const series = (['C.1', 'C.2'] as const).map((t) => {
  const rows = R.paperTable(t).filter((r) => r.outputs !== '' && r.task !== 'imagenet1k');
  return { name: `paper, ${t === 'C.1' ? 'ResNet-50' : 'ResNet-18'}`, x: rows.map((r) => `${taskLabel(r.task)} (${r.outputs})`), y: rows.map((r) => Number(r.neural_mean)) };
});
await R.publish('fig2a-paper', charts.lines(series, 'Fig 2a · neural mean vs training task (paper, Tables C.1/C.2)', 'task (number of outputs)', 'neural alignment (mean of V1, V2, V4, IT)'));
# %% [markdown]
# ## Fig C.1 / C.3 · Per-region and behavioural scores (published values)
# The same tables split by benchmark: one bar per region (neural predictivity of a linear PLS read-out from the best
# layer for that region) and one for behaviour (i2n), per training task.
# %%
for (const t of ['C.1', 'C.2'] as const) {
  const rows = R.paperTable(t);
  const regions = ['V1', 'V2', 'V4', 'IT', 'behavior'] as const;
  await R.publish(`fig${t === 'C.1' ? 'C1' : 'C3'}-paper`, charts.bars(rows.map((r) => taskLabel(r.task)),
    regions.map((g) => ({ name: g, y: rows.map((r) => Number(r[g])) })), `Fig ${t === 'C.1' ? 'C.1 (ResNet-50)' : 'C.3 (ResNet-18)'} · paper, Table ${t}`, 'score'));
}
# %% [markdown]
# ## Our models: held-out task performance of every run behind Fig 2
# These are the models that would be scored. Performance is on held-out images of the run's own training distribution.
# %%
const perf = finalPerformance(R, fig.runs);
const table = perf.map((p) => ({ run: p.run, task: taskLabel(p.task), variant: p.variant, seed: p.seed, step: p.step, 'held-out loss': p.loss, ...(() => { const h = headline(p); return { [h.metric]: h.value }; })() }));
R.saveTable('fig2-task-performance', table);
showMarkdown(markdownTable(table));
# %% [markdown]
# ## Our models' alignment (when Brain-Score's files are present)
# Mean and SD over seeds of each task's ceiled scores; the neural mean averages V1, V2, V4 and IT.
# %%
if (scores.length) {
  const regions = ['neural_mean', 'V1', 'V2', 'V4', 'IT', 'behavior'] as const;
  const tasks = [...MAIN_TASKS, 'untrained'].filter((t) => scores.some((s) => s.task === t && s.group === 'main'));
  const byTask = tasks.map((t): Record<string, string | number> => {
    const rs = scores.filter((s) => s.task === t && s.group === 'main');
    const stats: Record<string, number> = Object.fromEntries(regions.flatMap((g) => [[g, mean(rs.map((r) => r[g]))], [`${g}_sd`, sd(rs.map((r) => r[g]))]]));
    return { task: taskLabel(t), models: rs.length, ...stats };
  });
  R.saveTable('fig2-alignment', byTask);
  showMarkdown(markdownTable(byTask));
  await R.publish('fig2a-ours', charts.lines([{ name: `whatwhere ${R.scale}`, x: byTask.map((b) => b.task), y: byTask.map((b) => Number(b['neural_mean'])), err: byTask.map((b) => Number(b['neural_mean_sd'])) }],
    'Fig 2a · neural mean vs training task (this run)', 'task', 'neural alignment'));
} else {
  showMarkdown('_Needs neural data: nothing scored._');
}
