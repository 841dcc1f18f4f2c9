# %% [markdown]
# # 01 · Dataset tour: our TDW-117
# **What the paper used.** TDW-117 (App. A): 1.3M images rendered with ThreeDWorld (Unity), one object per
# image from 548 object models in 117 categories, random position and pose around the camera, random camera
# roll, 10 scene spaces and random skyboxes/lighting; latents x, y, z (camera frame) and the Euler angles
# R^xy, R^yz, R^zx, plus category and identity.
#
# **What whatwhere renders.** Unity is not available here, so `lib/render` is a seeded software rasterizer
# (z-buffer, 60° perspective camera, Lambert/Gouraud lighting with random light direction, colour and
# intensity) with 117 procedural object families (lathe, extrusion, tube and superquadric assemblies) and
# 548 identities, 10 scenes (8 outdoor, 2 indoor) with up to 3 background props behind the object. Every
# image is a pure function of (seed, variant, split, index). This notebook shows the objects, a small generated dataset, its latent distributions, and the
# variants side by side.
# %%
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset, openDataset, parseVariant } from './lib/data/index.js';
import { catalogueSheet, datasetSheet, gridSheet } from './lib/data/sheet.js';
import { encodePng } from './lib/render/png.js';
import { CATEGORIES } from './lib/render/categories/index.js';
import { show, showMarkdown, showPng } from './lib/plots/index.js';

const work = mkdtempSync(join(tmpdir(), 'whatwhere-tour-'));
const png = (s: { rgb: Uint8Array; width: number; height: number }) => showPng(encodePng(s.rgb, s.width, s.height));
# %% [markdown]
# ## The 117 categories and their identities
# Each line holds three categories; each category shows its 4-5 identities (fixed parameter draws of the
# family) in a 3/4 view. Names, left to right and top to bottom, are listed below the sheet.
# %%
const cat = catalogueSheet(40, 3);
png(cat);
showMarkdown(CATEGORIES.map((c, i) => `${i} ${c.name}`).join(' · '));
# %% [markdown]
# ## A small dataset
# 600 images of the `full` variant at 64 px (the same call as `whatwhere generate --variant full --n 600
# --size 64 --seed 1 --out DIR`). One row per category for the first 12 categories.
# %%
const t0 = Date.now();
const meta = await generateDataset({ variant: 'full', count: 600, size: 64, seed: 1, out: join(work, 'full') });
console.log(`${meta.count} images in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${meta.numCategories} categories, ${meta.numIdentities} identities, ${meta.shards.length} shard(s)`);
const ds = openDataset(join(work, 'full'));
png(datasetSheet(ds, 8, [...Array(12).keys()]));
# %% [markdown]
# ## Latent distributions
# Position: the object centre is uniform on a cone of half-angle 22° around the view axis, at a distance of
# 1.3-3.4 object lengths; rotation is uniform over all 3D rotations, so R^xy and R^zx are uniform on
# (-π, π] and R^yz follows cos(R^yz) on [-π/2, π/2].
# %%
const L = ds.latents;
const hist = (x: Float32Array, name: string, i: number) => ({ type: 'histogram', x: Array.from(x), name, xaxis: `x${i + 1}`, yaxis: `y${i + 1}`, nbinsx: 30 });
show({
  data: [hist(L.x, 'x', 0), hist(L.y, 'y', 1), hist(L.z, 'z', 2), hist(L.rxy, 'R^xy', 3), hist(L.ryz, 'R^yz', 4), hist(L.rzx, 'R^zx', 5)],
  layout: { grid: { rows: 2, columns: 3, pattern: 'independent' }, height: 480, showlegend: false, title: { text: 'latents of 600 images (camera frame; angles in radians)' },
    annotations: ['x', 'y', 'z', 'R^xy', 'R^yz', 'R^zx'].map((t, i) => ({ text: t, xref: `x${i + 1} domain`, yref: `y${i + 1} domain`, x: 0.5, y: 1.12, showarrow: false })) },
});
# %%
const counts = (a: Int32Array, n: number) => { const c = new Array(n).fill(0); for (const v of a) c[v]++; return c; };
show({
  data: [
    { type: 'bar', x: meta.scenes, y: counts(L.scene, meta.scenes.length), name: 'scene', xaxis: 'x', yaxis: 'y' },
    { type: 'bar', x: meta.categories, y: counts(L.category, 117), name: 'category', xaxis: 'x2', yaxis: 'y2' },
  ],
  layout: { grid: { rows: 1, columns: 2, pattern: 'independent' }, height: 360, showlegend: false, title: { text: 'images per scene and per category' }, xaxis2: { showticklabels: false } },
});
# %% [markdown]
# ## Variants side by side
# `full`, `tdw-4` (only 4 categories, same image count; the paper's TDW-N controls use N = 1, 2, 4, 6, 8, 16)
# and `centered` (object on the view axis, x = y = 0: the paper's reduced-translation control). Sixteen
# images each, same seed.
# %%
const tdw = await generateDataset({ variant: 'tdw-4', count: 200, size: 64, seed: 1, out: join(work, 'tdw4') });
await generateDataset({ variant: 'centered', count: 200, size: 64, seed: 1, out: join(work, 'centered') });
console.log(`tdw-4 categories: ${tdw.categories.join(', ')}`);
const first16 = [...Array(16).keys()];
for (const v of ['full', 'tdw4', 'centered']) {
  showMarkdown(`**${v}**`);
  png(gridSheet(openDataset(join(work, v)), first16, 16));
}
# %%
const cen = openDataset(join(work, 'centered'));
show({
  data: [
    { type: 'scattergl', mode: 'markers', x: Array.from(L.x), y: Array.from(L.y), name: 'full', marker: { size: 4, opacity: 0.6 } },
    { type: 'scattergl', mode: 'markers', x: Array.from(cen.latents.x), y: Array.from(cen.latents.y), name: 'centered', marker: { size: 6 } },
  ],
  layout: { height: 420, width: 480, title: { text: 'object centre x, y (camera frame)' }, xaxis: { title: { text: 'x' } }, yaxis: { title: { text: 'y' }, scaleanchor: 'x' } },
});
showMarkdown(`z-score statistics written to meta.json (full): x ${meta.zscore.x.mean.toFixed(3)} ± ${meta.zscore.x.std.toFixed(3)}, ` +
  `y ${meta.zscore.y.mean.toFixed(3)} ± ${meta.zscore.y.std.toFixed(3)}, z ${meta.zscore.z.mean.toFixed(3)} ± ${meta.zscore.z.std.toFixed(3)}; ` +
  `variant ${parseVariant('centered').name}: x, y std kept at 1 (constant latents).`);
# %%
import { rmSync } from 'node:fs';
for (const d of [ds, cen]) d.close();
rmSync(work, { recursive: true, force: true });
