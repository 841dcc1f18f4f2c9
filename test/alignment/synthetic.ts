// A synthetic Brain-Score benchmark written to disk in the brainio layout: stimuli (PNG files +
// CSV), and a NetCDF4 assembly (presentation x neuroid x time_bin) whose "V4" neuroids are noisy
// linear read-outs of ONE layer ('conv2') of a small fixed random conv net, with repetition noise
// sized so the split-half ceiling is known: per-neuroid signal variance 1 across stimuli, trial
// noise variance sigma^2 = R (1/c - 1) for R repetitions gives Spearman-Brown reliability c.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { BehaviourBenchmarkSpec, NeuralBenchmarkSpec } from '../../lib/alignment/benchmarks.js';
import type { Trials } from '../../lib/alignment/i2n.js';
import type { Activations } from '../../lib/alignment/layer_selection.js';
import { writeNetcdf } from '../../lib/alignment/netcdf.js';
import { RandomState } from '../../lib/alignment/random.js';
import { encodePng, decodeImage, prepareStimulus, type ModelInput } from '../../lib/alignment/stimuli.js';

export const LAYERS = ['conv1', 'conv2', 'conv3', 'avgpool'] as const;
export const TRUE_LAYER = 'conv2';
export const MODEL: ModelInput = { size: 32 };

export class Gauss {
  private spare: number | null = null;
  constructor(private readonly rs: RandomState) {}
  uniform(): number { return (this.rs.nextUint32() + 0.5) / 4294967296; }
  normal(): number {
    if (this.spare !== null) { const s = this.spare; this.spare = null; return s; }
    const u = this.uniform(), v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
  normals(n: number, sd = 1): Float32Array { return Float32Array.from({ length: n }, () => sd * this.normal()); }
}

/** The fixed network: 3 strided 3x3 conv + ReLU layers and a global average pool, seeded weights. */
export class FixedNet {
  private readonly w: tf.Tensor4D[];
  constructor(seed = 7) {
    const g = new Gauss(new RandomState(seed));
    const shapes: [number, number, number, number][] = [[3, 3, 3, 4], [3, 3, 4, 8], [3, 3, 8, 16]];
    this.w = shapes.map((s) => tf.tensor4d(g.normals(s.reduce((a, b) => a * b, 1), Math.sqrt(2 / (9 * s[2]))), s));
  }
  /** Activations of every layer for n prepared images (n x 32 x 32 x 3). */
  run(images: Float32Array, n: number): Record<string, Activations> {
    const out: Record<string, Activations> = {};
    tf.tidy(() => {
      let x: tf.Tensor4D = tf.tensor4d(images, [n, MODEL.size, MODEL.size, 3]);
      this.w.forEach((w, i) => {
        x = tf.relu(tf.conv2d(x, w, 2, 'same'));
        out[LAYERS[i]] = { data: x.reshape([n, -1]).dataSync() as Float32Array, features: x.size / n };
      });
      const pooled = tf.mean(x, [1, 2]);
      out.avgpool = { data: pooled.dataSync() as Float32Array, features: pooled.shape[1] as number };
    });
    return out;
  }
}

export interface SyntheticOptions {
  dir: string;
  objects?: number;
  perObject?: number;
  repetitions?: number;
  v4Neuroids?: number;
  itNeuroids?: number;
  ceiling?: number;
  /** Attach responses to the wrong stimuli (a shuffled control). */
  shuffleStimuli?: boolean;
  seed?: number;
}

export const SYNTHETIC_SPEC: NeuralBenchmarkSpec = {
  kind: 'neural', name: 'Synthetic2026.V4-pls', assemblyFile: 'assy_test_Synthetic2026.nc',
  stimulusCsv: 'image_test_synthetic.csv', stimulusZip: 'image_test_synthetic.zip',
  region: 'V4', timeWindow: [70, 170], visualDegrees: 4, stratify: 'object_name', publishedAt: '(synthetic, written by the test)',
};

/** Write stimuli + assembly into opts.dir; returns the expected per-neuroid reliability. */
export async function writeSyntheticBenchmark(opts: SyntheticOptions): Promise<{ ceiling: number; stimuli: number }> {
  const objects = opts.objects ?? 4;
  const perObject = opts.perObject ?? 30;
  const R = opts.repetitions ?? 10;
  const c = opts.ceiling ?? 0.8;
  const nV4 = opts.v4Neuroids ?? 16;
  const nIT = opts.itNeuroids ?? 4;
  const g = new Gauss(new RandomState(opts.seed ?? 11));
  const n = objects * perObject;
  const side = 24;

  // Stimuli: an object-specific coloured blob at a random place on a noisy texture.
  const imgDir = join(opts.dir, SYNTHETIC_SPEC.stimulusZip.replace(/\.zip$/, ''));
  mkdirSync(imgDir, { recursive: true });
  const ids: string[] = [];
  const objectOf: string[] = [];
  const csv = ['stimulus_id,object_name,filename'];
  const palette = [[220, 40, 40], [40, 200, 60], [50, 80, 230], [230, 200, 40], [200, 60, 200], [40, 200, 200]];
  for (let i = 0; i < n; i++) {
    const obj = i % objects;
    const id = `stim${String(i).padStart(4, '0')}`;
    const data = new Uint8Array(side * side * 3);
    const cx = 6 + g.uniform() * 12, cy = 6 + g.uniform() * 12, rad = 3 + g.uniform() * 4;
    for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) {
      const inside = (x - cx) ** 2 + ((y - cy) * (1 + obj * 0.3)) ** 2 < rad * rad;
      for (let ch = 0; ch < 3; ch++) {
        const base = inside ? palette[obj % palette.length][ch] : 120;
        data[(y * side + x) * 3 + ch] = Math.max(0, Math.min(255, Math.round(base + 40 * g.normal())));
      }
    }
    writeFileSync(join(imgDir, `${id}.png`), encodePng({ width: side, height: side, data }));
    ids.push(id);
    objectOf.push(`object${obj}`);
    csv.push(`${id},object${obj},${id}.png`);
  }
  writeFileSync(join(opts.dir, SYNTHETIC_SPEC.stimulusCsv), csv.join('\n') + '\n');

  // Responses: read-outs of the network's activations to the stimuli as the model sees them (placed
  // 4 deg in 8, resized, normalised) - the same preparation the benchmark applies.
  const S = MODEL.size;
  const images = new Float32Array(n * S * S * 3);
  ids.forEach((id, i) => {
    const img = decodeImage(readFileSync(join(imgDir, `${id}.png`)));
    images.set(prepareStimulus(img, SYNTHETIC_SPEC.visualDegrees, MODEL), i * S * S * 3);
  });
  const acts = new FixedNet().run(images, n);
  const readout = (layer: string, k: number): Float64Array => {
    const { data, features } = acts[layer];
    const out = new Float64Array(n * k);
    for (let j = 0; j < k; j++) {
      const w = g.normals(features);
      const s = new Float64Array(n);
      for (let i = 0; i < n; i++) { let v = 0; for (let f = 0; f < features; f++) v += data[i * features + f] * w[f]; s[i] = v; }
      const mean = s.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
      for (let i = 0; i < n; i++) out[i * k + j] = (s[i] - mean) / sd; // unit signal variance
    }
    return out;
  };
  const signal = [readout(TRUE_LAYER, nV4), readout('conv3', nIT)];
  const N = nV4 + nIT;
  const sigma = Math.sqrt(R * (1 / c - 1));
  // Presentations: every stimulus x repetition, in a seeded shuffled order; time bins 70-170 (signal
  // + noise) and 170-270 (noise only, must be excluded by the window).
  const order = new RandomState(5).permutation(n * R);
  const P = n * R;
  const T = 2;
  const values = new Float32Array(P * N * T);
  const stimId: string[] = [], repetition: number[] = [], objectName: string[] = [];
  const responder = opts.shuffleStimuli ? new RandomState(9).permutation(n) : ids.map((_, i) => i);
  order.forEach((k, p) => {
    const s = Math.floor(k / R);
    stimId.push(ids[s]); repetition.push(k % R); objectName.push(objectOf[s]);
    const src = responder[s];
    for (let j = 0; j < N; j++) {
      const sig = j < nV4 ? signal[0][src * nV4 + j] : signal[1][src * nIT + (j - nV4)];
      values[(p * N + j) * T] = sig + sigma * g.normal();
      values[(p * N + j) * T + 1] = 3 * g.normal();
    }
  });
  await writeNetcdf(join(opts.dir, SYNTHETIC_SPEC.assemblyFile), { presentation: P, neuroid: N, time_bin: T }, [
    { name: 'data', dims: ['presentation', 'neuroid', 'time_bin'], data: values,
      attrs: { coordinates: 'stimulus_id repetition object_name neuroid_id region time_bin_start time_bin_end' } },
    { name: 'stimulus_id', dims: ['presentation'], data: stimId },
    { name: 'repetition', dims: ['presentation'], data: repetition },
    { name: 'object_name', dims: ['presentation'], data: objectName },
    { name: 'neuroid_id', dims: ['neuroid'], data: Array.from({ length: N }, (_, j) => `n${j}`) },
    { name: 'region', dims: ['neuroid'], data: Array.from({ length: N }, (_, j) => (j < nV4 ? 'V4' : 'IT')) },
    { name: 'time_bin_start', dims: ['time_bin'], data: [70, 170] },
    { name: 'time_bin_end', dims: ['time_bin'], data: [170, 270] },
  ]);
  return { ceiling: c, stimuli: n };
}

export const SYNTHETIC_BEHAVIOUR_SPEC: BehaviourBenchmarkSpec = {
  kind: 'behaviour', name: 'SyntheticBehaviour2026-i2n', assemblyFile: 'assy_test_SyntheticBehaviour2026.nc',
  stimulusCsv: 'image_test_objects.csv', stimulusZip: 'image_test_objects.zip',
  fittingCsv: 'image_test_objects.csv', fittingZip: 'image_test_objects.zip',
  visualDegrees: 8, layer: 'avgpool', publishedAt: '(synthetic, written by the test)',
};

/** Objects on noise (image_label column) and human-like trials whose errors follow a hidden
 * confusion matrix; written as a brainio BehavioralAssembly (choices as the data variable). */
export async function writeSyntheticBehaviour(dir: string, opts: { images?: number; trials?: number } = {}): Promise<Trials> {
  const objects = ['apple', 'boat', 'chair', 'duck'];
  const n = opts.images ?? 48;
  const g = new Gauss(new RandomState(21));
  const imgDir = join(dir, SYNTHETIC_BEHAVIOUR_SPEC.stimulusZip.replace(/\.zip$/, ''));
  mkdirSync(imgDir, { recursive: true });
  const csv = ['stimulus_id,image_label,filename'];
  const side = 32;
  const palette = [[220, 40, 40], [40, 200, 60], [50, 80, 230], [230, 200, 40]];
  const ids: string[] = [];
  const truth: string[] = [];
  for (let i = 0; i < n; i++) {
    const o = i % objects.length;
    const id = `obj${String(i).padStart(3, '0')}`;
    const data = new Uint8Array(side * side * 3);
    const cx = 8 + g.uniform() * 16, cy = 8 + g.uniform() * 16, rad = 4 + g.uniform() * 6;
    for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) {
      const inside = (x - cx) ** 2 * (1 + o * 0.5) + (y - cy) ** 2 < rad * rad;
      for (let ch = 0; ch < 3; ch++) data[(y * side + x) * 3 + ch] = Math.max(0, Math.min(255, Math.round((inside ? palette[o][ch] : 128) + 50 * g.normal())));
    }
    writeFileSync(join(imgDir, `${id}.png`), encodePng({ width: side, height: side, data }));
    csv.push(`${id},${objects[o]},${id}.png`);
    ids.push(id);
    truth.push(objects[o]);
  }
  writeFileSync(join(dir, SYNTHETIC_BEHAVIOUR_SPEC.stimulusCsv), csv.join('\n') + '\n');
  const T = opts.trials ?? 6000;
  const confusion = Array.from({ length: n }, () => objects.map(() => 0.05 + 0.5 * g.uniform()));
  const t: Trials = { stimulus: [], truth: [], distractor: [], choice: [] };
  for (let k = 0; k < T; k++) {
    const i = Math.floor(g.uniform() * n);
    const o = objects.indexOf(truth[i]);
    const dIdx = (o + 1 + Math.floor(g.uniform() * (objects.length - 1))) % objects.length;
    t.stimulus.push(ids[i]); t.truth.push(truth[i]); t.distractor.push(objects[dIdx]);
    t.choice.push(g.uniform() < confusion[i][dIdx] ? objects[dIdx] : truth[i]);
  }
  await writeNetcdf(join(dir, SYNTHETIC_BEHAVIOUR_SPEC.assemblyFile), { presentation: T }, [
    { name: 'data', dims: ['presentation'], data: t.choice, attrs: { coordinates: 'stimulus_id sample_obj dist_obj repetition' } },
    { name: 'stimulus_id', dims: ['presentation'], data: t.stimulus },
    { name: 'sample_obj', dims: ['presentation'], data: t.truth },
    { name: 'dist_obj', dims: ['presentation'], data: t.distractor },
    { name: 'repetition', dims: ['presentation'], data: t.stimulus.map(() => 0) },
  ]);
  return t;
}
