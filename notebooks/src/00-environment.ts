# %% [markdown]
# # 00 · Environment
# whatwhere runs every tensor computation through TensorFlow.js on the fastest backend it can start:
# `torch` (our libtorch addon) > `tensorflow` (tfjs-node) > `wasm` > `cpu`. Set `WHATWHERE_BACKEND`
# to force one. This notebook shows what this machine chose and draws one figure to check that inline,
# offline Plotly works.
# %%
import { initEngine, tf } from './lib/engine/index.js';
import { show, markdownTable, showMarkdown } from './lib/plots/index.js';

const info = await initEngine();
console.log(`backend: ${info.backend}, threads: ${info.threads} of ${info.cores} cores`);
showMarkdown(markdownTable(Object.entries(info.available).map(([name, a]) => ({ backend: name, available: a.ok ? 'yes' : 'no', reason: a.reason ?? '' }))));
# %% [markdown]
# ## A quick timing on the chosen backend
# Forward 3x3 convolutions, batch 16, 64 channels, at a few image sizes: time per call in milliseconds.
# %%
const sizes = [8, 16, 32];
const ms: number[] = [];
for (const s of sizes) {
  const x = tf.randomNormal([16, s, s, 64]) as tf.Tensor4D;
  const w = tf.randomNormal([3, 3, 64, 64]) as tf.Tensor4D;
  tf.conv2d(x, w, 1, 'same').dispose(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < 3; i++) tf.conv2d(x, w, 1, 'same').dataSync();
  ms.push((performance.now() - t0) / 3);
  tf.dispose([x, w]);
}
show({
  data: [{ type: 'bar', x: sizes.map((s) => `${s}x${s}`), y: ms, marker: { color: '#4c78a8' } }],
  layout: { title: { text: `conv2d 3x3x64->64, batch 16 on ${info.backend}` }, yaxis: { title: { text: 'ms per call' } }, height: 360 },
});
