# %% [markdown]
# # 10 · Walkthrough: from rendered images to CKA and decoding, in a few minutes
# What the paper does with 1.3M images and 40,000-step trainings, here at toy size, one call per step and the
# formula beside it:
# 1. **render** a small dataset with every latent recorded;
# 2. **train** two ResNet-18s on different targets (object category; object position x, y) and keep an untrained one;
# 3. **check competence** on held-out images: a comparison only means something between models that learned;
# 4. **compare representations** with linear CKA, written out by hand once, then layer by layer;
# 5. **decode** a latent a model was not trained on (position from the category model, category from the
#    position model).
#
# It runs in a few minutes on a laptop CPU. The numbers are toy-sized: they show how the analyses work, not
# whether the paper's claims hold (notebooks 04 and 05 test those on the trained scales).
# %%
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initEngine } from './lib/engine/index.js';
import { generateDataset, openDataset } from './lib/data/index.js';
import { gridSheet } from './lib/data/sheet.js';
import { encodePng } from './lib/render/png.js';
import { createResNet, disposeResNet } from './lib/models/index.js';
import { parseTaskSet } from './lib/tasks/index.js';
import { evaluate, fingerprint, headUnits, loadRun, trainRun, type TrainConfig } from './lib/train/index.js';
import { extractActivations, type Activations } from './lib/analysis/activations.js';
import { linearCKA } from './lib/analysis/cka.js';
import { decode } from './lib/analysis/decode.js';
import { mean } from './lib/analysis/stats.js';
import { markdownTable, show, showMarkdown, showPng } from './lib/plots/index.js';

const started = Date.now();
const engine = await initEngine();
console.log(`backend: ${engine.backend}`);
const work = mkdtempSync(join(tmpdir(), 'whatwhere-walkthrough-'));
# %% [markdown]
# ## 1 · Render
# The `tdw-4` variant: objects of only 4 categories (the paper's TDW-N control with N = 4), so a category model
# can learn in a minute. Every image has a random position (x, y, z in the camera frame), a random 3D rotation,
# scene and light, and all of them are recorded in `latents.csv`. The training split and the held-out split
# have different seeds, so no held-out image was seen in training. Same call as
# `whatwhere generate --variant tdw-4 --n 8000 --size 32 --seed 1 --split train --out DIR`.
# %%
const SIZE = 32;
const split = async (name: string, count: number, seed: number) => {
  await generateDataset({ variant: 'tdw-4', count, size: SIZE, seed, split: name, out: join(work, name), workers: 2 });
  return openDataset(join(work, name));
};
const train = await split('train', 8000, 1);
const val = await split('val', 256, 2);
const test = await split('test', 500, 3);
console.log(`train ${train.length}, val ${val.length} (watched during training), test ${test.length} (held out); categories: ${train.meta.categories.join(', ')}`);
const sheet = gridSheet(train, [...Array(24).keys()], 12);
showPng(encodePng(sheet.rgb, sheet.width, sheet.height));
# %% [markdown]
# ## 2 · Train two models
# ResNet-18 at a quarter of its width, Adam (lr 1e-3, batch 64), the paper's losses: cross-entropy for
# `category`; for `translation`, mean squared error on the z-scored x and y. `trainRun` is what
# `whatwhere train` calls: seeded, checkpointed and resumable. A third model keeps its random initial weights.
# (`train: train` rather than `{ train }`: tslab 1.0.22 cannot see an earlier cell's variable in shorthand form.)
# %%
const STEPS = 2000;
const config = (task: string): TrainConfig => ({
  format: 1, arch: 'resnet18', width: 0.25, size: SIZE, task, outputs: headUnits(task), steps: STEPS, batch: 64, lr: 1e-3, seed: 0,
  evalEvery: 500, valN: 256, checkpointEvery: 500, patience: 0, minDelta: 0, data: fingerprint(train.meta), val: fingerprint(val.meta),
});
const runs: Record<string, string> = {};
for (const task of ['category', 'translation']) {
  const t0 = Date.now();
  runs[task] = join(work, `r18-${task}`);
  await trainRun({ config: config(task), outDir: runs[task], train: train, val: val, log: () => {} });
  console.log(`${task}: ${STEPS} steps in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
# %% [markdown]
# ## 3 · Did they learn? (held-out images)
# Category: accuracy against chance (1 / 4). Translation: R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² per coordinate
# (0 = no better than predicting the mean). The paper's comparisons are only drawn between models that pass
# this check. Two minutes of training on 8,000 images get both clearly above chance (measured here: about 0.57
# accuracy and R² about 0.5), far from what the paper's models reach.
# %%
const competence: Record<string, number | string>[] = [];
for (const task of ['category', 'translation']) {
  const { model } = loadRun(runs[task]);
  const m = evaluate(model, test, parseTaskSet(task), { n: test.length, batch: 100, size: SIZE });
  disposeResNet(model);
  if (task === 'category') competence.push({ model: task, metric: 'accuracy', 'held-out': m.acc_category, chance: 0.25 });
  else competence.push({ model: task, metric: 'R² (x, y)', 'held-out': `${m.r2_x.toFixed(3)}, ${m.r2_y.toFixed(3)}`, chance: 0 });
}
showMarkdown(markdownTable(competence));
# %% [markdown]
# ## 4 · Representational similarity: linear CKA
# Take one layer's activations for the same n held-out images in two models: X (n × p) and Y (n × q), one row
# per image. Each model's view of the stimulus set is its Gram matrix of image-by-image similarities,
# K = X Xᵀ and L = Y Yᵀ; centring, K_c = H K H with H = I − 11ᵀ/n, removes the mean image. Linear CKA
# (Kornblith et al. 2019) is the cosine between the centred Grams:
#
# CKA(X, Y) = ⟨K_c, L_c⟩_F / (‖K_c‖_F ‖L_c‖_F)
#
# It is 1 for representations equal up to rotation and isotropic scaling, and it does not depend on p and q,
# so layers of any width compare. First by hand on the last layer (`avgpool`), then the library's `linearCKA`.
# %%
const LAYERS = ['layer1.0.relu', 'layer2.0.relu', 'layer3.0.relu', 'layer4.0.relu', 'avgpool'];
const acts: Record<string, Activations> = {};
for (const task of ['category', 'translation']) {
  const { model } = loadRun(runs[task]);
  acts[task] = extractActivations(model, test, { layers: LAYERS, n: test.length, size: SIZE });
  disposeResNet(model);
}
const untrained = createResNet({ arch: 'resnet18', width: 0.25, numOutputs: headUnits('untrained') }, 0);
acts.untrained = extractActivations(untrained, test, { layers: LAYERS, n: test.length, size: SIZE });
disposeResNet(untrained);

const layerMatrix = (model: string, layer: string) => {
  const l = acts[model].layers[layer];
  return { data: l.values, rows: acts[model].n, cols: l.features };
};
function centredGram(M: { data: Float32Array; rows: number; cols: number }): Float64Array {
  const { data, rows: n, cols: d } = M;
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += data[i * d + c] * data[j * d + c];
    K[i * n + j] = s; K[j * n + i] = s;
  }
  // H K H: subtract row means and column means, add back the grand mean
  const rowMean = new Float64Array(n);
  let grand = 0;
  for (let i = 0; i < n; i++) { for (let j = 0; j < n; j++) rowMean[i] += K[i * n + j] / n; grand += rowMean[i] / n; }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) K[i * n + j] += grand - rowMean[i] - rowMean[j];
  return K;
}
const frob = (A: Float64Array, B: Float64Array) => { let s = 0; for (let i = 0; i < A.length; i++) s += A[i] * B[i]; return s; };
const Kc = centredGram(layerMatrix('category', 'avgpool'));
const Lc = centredGram(layerMatrix('translation', 'avgpool'));
const byHand = frob(Kc, Lc) / Math.sqrt(frob(Kc, Kc) * frob(Lc, Lc));
const library = linearCKA(layerMatrix('category', 'avgpool'), layerMatrix('translation', 'avgpool'));
console.log(`CKA(category, translation) at avgpool: by hand ${byHand.toFixed(6)}, linearCKA ${library.toFixed(6)}`);
# %% [markdown]
# Layer by layer, for the three pairs. Early layers of any two ResNets on the same images tend to be similar
# (edges and colour); the paper's question is how similar the later layers of differently trained models stay.
# The pairs with the untrained model show how much similarity the architecture and the images give alone.
# %%
const pairs: [string, string][] = [['category', 'translation'], ['category', 'untrained'], ['translation', 'untrained']];
const ckaRows = pairs.map(([a, b]) => ({ pair: `${a} vs ${b}`, values: LAYERS.map((l) => linearCKA(layerMatrix(a, l), layerMatrix(b, l))) }));
show({
  data: ckaRows.map((r) => ({ type: 'scatter', mode: 'lines+markers', name: r.pair, x: LAYERS, y: r.values })),
  layout: { title: { text: 'linear CKA between models, per layer (500 held-out images)' }, yaxis: { title: { text: 'CKA' }, range: [0, 1.05] }, height: 420 },
});
showMarkdown(markdownTable(ckaRows.map((r) => ({ pair: r.pair, ...Object.fromEntries(LAYERS.map((l, i) => [l, r.values[i]])) }))));
# %% [markdown]
# ## 5 · Decoding a latent the model was not trained on
# A linear read-out, cross-validated over 5 folds of the held-out images (the paper's Appendix E):
# - **regression** (position x from the category model): ridge, ŵ = (XᵀX + αI)⁻¹Xᵀy with α picked per fold by
#   leave-one-out error on the training folds (closed form); score = Pearson r between predicted and true x
#   on the test fold;
# - **classification** (category from the translation model): a linear SVM (squared hinge loss,
#   min ½‖w‖² + C Σᵢ max(0, 1 − yᵢ wᵀxᵢ)², one-vs-rest, C = 5·10⁻³); score = accuracy, chance 1/4.
#
# Layers wider than the Johnson-Lindenstrauss bound for n images are first projected to that many dimensions
# (here every layer is narrower, so none is). The untrained model is the baseline: random features already
# carry some of any latent, and the question is whether training on one target adds to the other.
# %%
const decodeScore = (model: string, layer: string, target: 'x' | 'category') => {
  const M = layerMatrix(model, layer);
  const y = target === 'x' ? acts[model].latents.x : acts[model].latents.category;
  const rows = decode(M.data, M.rows, M.cols, y, { kind: target === 'x' ? 'regress' : 'classify', model, layer, target });
  return mean(rows.map((r) => r.score));
};
const decodeRows = [
  { readout: 'x (Pearson r)', from: 'category model', trained: decodeScore('category', 'avgpool', 'x'), untrained: decodeScore('untrained', 'avgpool', 'x') },
  { readout: 'category (accuracy)', from: 'translation model', trained: decodeScore('translation', 'avgpool', 'category'), untrained: decodeScore('untrained', 'avgpool', 'category') },
];
showMarkdown(markdownTable(decodeRows));
console.log(`walkthrough done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
# %% [markdown]
# ## Where next
# The same steps at scale are `npm run paper` (render, train every model of the paper's design, check
# competence, extract, CKA, decode, score) and the figure notebooks 02-08 that read its results.
# %%
rmSync(work, { recursive: true, force: true });
