# %% [markdown]
# # 07 · Alignment vs training-set size (Fig C.2)
# **What the paper found.** The neural alignment of models trained on TDW images grows roughly
# logarithmically with the number of training images and plateaus around 1-10 million images; models
# trained on different tasks become very similar at or above one million images.
# %%
import { Results } from './lib/experiments/results.js';
import { finalPerformance, headline } from './lib/experiments/performance.js';
import { taskLabel } from './lib/experiments/summaries.js';
import { charts, showMarkdown, markdownTable } from './lib/plots/index.js';

const R = new Results();
const fig = R.manifest.figures.find((f) => f.id === 'fig7')!;
showMarkdown(R.scores().length ? 'Alignment scores present.' : `> ${R.neuralDataNote()} The paper gives Fig C.2 only as a figure (no table), so no published numbers are shown here.`);
# %% [markdown]
# ## Our runs: held-out performance vs number of training images
# The last held-out evaluation of each run, one line per task: accuracy for classification models, the mean R² over the
# estimated latents for the others. This is the x-axis side of Fig C.2; its y-axis (alignment) needs the neural data.
# %%
const sizeOf = (id: string) => R.manifest.datasets.find((d) => d.id === R.run(id).train)!.n;
const perf = finalPerformance(R, fig.runs);
const tasks = [...new Set(perf.map((p) => p.task))];
await R.publish('figC2-performance', charts.lines(tasks.map((t) => {
  const ps = perf.filter((p) => p.task === t).sort((a, b) => sizeOf(a.run) - sizeOf(b.run));
  return { name: taskLabel(t), x: ps.map((p) => sizeOf(p.run)), y: ps.map((p) => headline(p).value) };
}), 'Fig C.2 (x-axis only) · held-out performance vs training images', 'training images', 'accuracy / mean R^2'));
const table = perf.map((p) => ({ run: p.run, task: taskLabel(p.task), images: sizeOf(p.run), step: p.step, ...(() => { const h = headline(p); return { [h.metric]: h.value }; })() }));
R.saveTable('figC2-performance', table);
showMarkdown(markdownTable(table));
