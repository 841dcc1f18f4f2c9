# %% [markdown]
# # 03 · Neural alignment correlates with task performance (Fig 3, C.7, Table C.3)
# **What the paper found.** Along training (checkpoints of several seeds, ResNet-50), neural alignment
# correlates strongly with held-out performance (negative loss) for category models and also for models
# trained on distance, translation or rotation (Pearson r 0.94-0.98 with the neural mean). Distance and
# translation performance do not correlate positively with behaviour; rotation and classification do.
# %%
import { Results } from './lib/experiments/results.js';
import { alignmentAlongTraining, trajectory } from './lib/experiments/performance.js';
import { taskLabel } from './lib/experiments/summaries.js';
import { charts, showMarkdown, markdownTable } from './lib/plots/index.js';

const R = new Results();
const fig = R.manifest.figures.find((f) => f.id === 'fig3')!;
showMarkdown(R.scores().length ? 'Alignment scores present.' : `> ${R.neuralDataNote()}`);
# %% [markdown]
# ## Table C.3 · Correlation between performance and alignment (published values, ResNet-50)
# Pearson r between the models' held-out performance (negative loss) and each alignment score, over the
# checkpoints of each task's models; for example the Translation row correlates translation loss with alignment.
# %%
const c3 = R.paperTable('C.3');
showMarkdown(markdownTable(c3.map((r) => ({ task: taskLabel(r.task), V1: r.V1, V2: r.V2, V4: r.V4, IT: r.IT, 'neural mean': r.neural_mean, behavior: r.behavior }))));
# %% [markdown]
# ## Our runs: held-out performance along training (the x-axis of Fig 3)
# Each line is one seed; performance is the negative held-out loss of the run's own objective, as in Fig 3.
# %%
const tasks = ['category', 'distance', 'translation', 'rotation'];
const panels = tasks.map((t) => charts.lines(fig.runs.filter((id) => R.run(id).task === t).map((id) => {
  const tr = trajectory(R, id);
  return { name: `seed ${R.run(id).seed}`, x: tr.map((p) => p.step), y: tr.map((p) => -p.loss) };
}), taskLabel(t), 'training step', 'performance (-loss)'));
R.saveTable('fig3-performance', fig.runs.flatMap((id) => trajectory(R, id).map((p) => ({ run: id, task: p.task, seed: p.seed, step: p.step, performance: -p.loss }))));
await R.publish('fig3-performance', charts.sideBySide(panels, tasks.map(taskLabel), 'Fig 3 · held-out performance along training', 400));
# %% [markdown]
# ## Our runs: alignment vs performance along training (Fig 3 scatter, Table C.3)
# Each point is one kept checkpoint (every `keepEvery` steps) of one seed, scored on the public Brain-Score
# benchmarks; the table is the Pearson r between performance and each alignment column over all checkpoints of a task.
# %%
const along = alignmentAlongTraining(R);
if (along.points.length === 0) {
  showMarkdown(`> No checkpoint has been scored yet: ${R.scores().length ? 'run `npm run paper` again to score the checkpoints.' : R.neuralDataNote()}`);
} else {
  await R.publish('fig3-alignment-vs-performance', charts.groupedScatter(along.points.map((p) => ({
    group: taskLabel(p.task), x: p.performance, y: p.neural_mean, label: `${p.run} @ ${p.step}`,
  })), 'Fig 3 · neural mean vs performance along training (ours)', 'performance (-held-out loss)', 'neural mean'));
  showMarkdown(markdownTable(along.table.map((r) => ({ ...r, task: taskLabel(String(r.task)) }))));
  R.saveTable('fig3-alignment-vs-performance', along.points.map((p) => ({ ...p })));
  R.saveTable('tableC3-ours', along.table);
}
