// Convolution-gradient kernels: whatwhere's versions vs the stock tfjs kernels they replace, at
// ResNet-18 shapes (batch 64, 32 px width 0.25 and a 64 px width 1 layer). Run: npx tsx bench/engine.ts
import { initEngine, tf } from '../lib/engine/index.js';
import { stockKernel } from '../lib/engine/kernels/registry.js';

const SHAPES = [
  { name: 'layer1 32px w0.25', x: [64, 8, 8, 16], k: 3, cout: 16, s: 1 },
  { name: 'layer2.0 32px w0.25', x: [64, 8, 8, 16], k: 3, cout: 32, s: 2 },
  { name: 'layer1 64px w1', x: [64, 16, 16, 64], k: 3, cout: 64, s: 1 },
];

function time(f: () => void, reps = 3): number {
  f();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  return (performance.now() - t0) / reps;
}

for (const backend of ['wasm', 'cpu'] as const) {
  await initEngine({ backend });
  for (const s of SHAPES) {
    const [n, h, w, c] = s.x as [number, number, number, number];
    const x = tf.randomNormal([n, h, w, c]) as tf.Tensor4D;
    const filt = tf.randomNormal([s.k, s.k, c, s.cout]) as tf.Tensor4D;
    const y = tf.conv2d(x, filt, s.s, 'same');
    const dy = tf.randomNormal(y.shape);
    const attrs = { strides: [s.s, s.s], pad: 'same', dataFormat: 'NHWC' };
    const ours = {
      filter: time(() => (tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: filt.shape }) as tf.Tensor).dataSync()),
      input: time(() => (tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: filt }, { ...attrs, inputShape: x.shape }) as tf.Tensor).dataSync()),
    };
    const stock: Record<string, number | string> = {};
    for (const [k, inputs, extra] of [['filter', { x, dy }, { filterShape: filt.shape }], ['input', { dy, filter: filt }, { inputShape: x.shape }]] as const) {
      const kernelName = k === 'filter' ? 'Conv2DBackpropFilter' : 'Conv2DBackpropInput';
      const cfg = stockKernel(kernelName, backend) ?? tf.getKernel(kernelName, backend);
      if (!cfg || cfg.kernelFunc.name.includes('conv2dBackprop') && !stockKernel(kernelName, backend)) { stock[k] = 'none'; continue; }
      stock[k] = time(() => {
        const out = cfg.kernelFunc({ inputs: inputs as unknown as tf.NamedTensorInfoMap, attrs: { ...attrs, ...extra } as unknown as tf.NamedAttrMap, backend: tf.backend() }) as tf.TensorInfo;
        tf.backend().readSync(out.dataId);
        tf.backend().disposeData(out.dataId);
      }, 1);
    }
    const fmt = (v: number | string) => (typeof v === 'number' ? `${v.toFixed(1)} ms` : v);
    console.log(`${backend} ${s.name}: filter-grad ours ${fmt(ours.filter)} vs stock ${fmt(stock.filter!)}; input-grad ours ${fmt(ours.input)} vs stock ${fmt(stock.input!)}`);
    tf.dispose([x, filt, y, dy]);
  }
}
