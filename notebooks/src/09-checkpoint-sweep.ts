# %% [markdown]
# # 09 · A checkpoint sweep (your own models)
# `whatwhere sweep` scores many run directories or PyTorch checkpoints (`.pth`, `.pt`, `.safetensors`) on the
# same images and writes one tidy CSV (`run,layer,measure,target,value`): linear CKA to a reference model's
# matching layer, cross-validated decoding of each latent and, with `--benchmarks`, Brain-Score neural
# alignment per layer. This notebook plots such a file, one panel per measure and target, one line per model:
# ```sh
# npx whatwhere sweep --runs 'ckpts/*.pth' --data data/small/val --reference runs/small/r18-all-full-s0 --size 32 --out results/sweep.csv
# ```
# `WHATWHERE_SWEEP` names the CSV (default `results/sweep.csv`).
# %%
import { existsSync, readFileSync } from 'node:fs';
import { column, parseCsv } from './lib/csv.js';
import { charts, show, showMarkdown } from './lib/plots/index.js';

const sweepFile = process.env.WHATWHERE_SWEEP ?? 'results/sweep.csv';
const table = existsSync(sweepFile) ? parseCsv(readFileSync(sweepFile, 'utf8'), sweepFile) : null;
if (!table) showMarkdown(`No sweep file at \`${sweepFile}\` yet: run \`whatwhere sweep\` (above) or set \`WHATWHERE_SWEEP\`.`);
# %% [markdown]
# ## Every measure along the network
# %%
if (table) {
  const [runs, layers, measures, targets, values] = ['run', 'layer', 'measure', 'target', 'value'].map((c) => column(table, c, sweepFile));
  const rows = runs!.map((run, i) => ({ run, layer: layers![i]!, measure: measures![i]!, target: targets![i]!, value: Number(values![i]) }));
  // CKA targets name the reference layer; one panel for all of them.
  const panelOf = (r: (typeof rows)[number]) => (r.measure === 'cka' ? 'cka to reference' : `${r.measure}: ${r.target}`);
  const panels = [...new Set(rows.map(panelOf))];
  const models = [...new Set(rows.map((r) => r.run))];
  const figs = panels.map((p) => charts.lines(models.map((m) => {
    const mine = rows.filter((r) => r.run === m && panelOf(r) === p);
    return { name: m, x: mine.map((r) => r.layer), y: mine.map((r) => r.value) };
  }), p, 'layer', p.startsWith('decoding: category') ? 'accuracy' : p.startsWith('decoding') ? 'Pearson r' : 'score'));
  for (let i = 0; i < figs.length; i += 2) show(charts.sideBySide(figs.slice(i, i + 2), panels.slice(i, i + 2), `${sweepFile} · ${models.length} models`, 380));
}
