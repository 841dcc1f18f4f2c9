// bench/analysis: the paper's two heavy analyses, ours vs numpy / scikit-learn on the same data.
//   1. CKA matrix for M models x 4 ResNet-18 layers at n images (64 px layer sizes:
//      layer1.0 64x16x16 = 16384, layer2.0 8192, layer3.0 4096, layer4.0 2048 features), each centred
//      Gram computed once. Ours: float64 (libtorch BLAS through the native addon when built, else JS),
//      float64 JS only, and optionally 'mixed' (float32 tf.matMul blocks summed in float64);
//      numpy: float64 and float32 Grams (OpenBLAS).
//   2. One 5-fold decoding, n images, d = JL dimension (6515 for 2000), 117 classes, LinearSVC(C=5e-3).
// Data are written once as .npy into a temp folder so both sides read identical arrays.
//   npx tsx bench/analysis.ts [--n 2000] [--models 10] [--f64-models 2] [--only cka|decode] [--mixed] [--keep DIR]
// --mixed also times the float32-block Gram (worth it on a native backend: WHATWHERE_BACKEND=torch).
// The float64 JS Gram is timed on --f64-models models (0 skips it) and scaled to M (cost is linear in models).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ckaMatrix } from '../lib/analysis/cka.js';
import { defaultLinalg } from '../lib/analysis/linalg.js';
import { decode } from '../lib/analysis/decode.js';
import { readMatrix, readVector, writeNpy } from '../lib/npy.js';
import { jlMinDim } from '../lib/analysis/projection.js';
import { analysisRandom } from '../lib/random/index.js';
import { initEngine } from '../lib/engine/index.js';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '2000' },
    models: { type: 'string', default: '10' },
    'f64-models': { type: 'string', default: '2' },
    only: { type: 'string' },
    mixed: { type: 'boolean', default: false },
    keep: { type: 'string' },
  },
});
const n = Number(args.n);
const M = Number(args.models);
const M64 = Math.min(M, Number(args['f64-models']));
const LAYERS: [string, number][] = [['layer1.0.relu', 16384], ['layer2.0.relu', 8192], ['layer3.0.relu', 4096], ['layer4.0.relu', 2048]];
const dir = args.keep ?? mkdtempSync(join(tmpdir(), 'whatwhere-bench-analysis-'));
mkdirSync(dir, { recursive: true });
const py = '/usr/bin/python3';

function log(s: string): void {
  process.stderr.write(`${s}\n`);
}

// Synthetic ReLU activations sharing an 8-D latent across models (so CKA is well away from 0 and 1).
function makeActivations(): void {
  if (existsSync(join(dir, `act_${LAYERS[3][0]}_${M - 1}.npy`))) {
    log(`[bench] reusing activations in ${dir}`);
    return;
  }
  const rng = analysisRandom(1);
  const q = 8;
  const base = new Float64Array(n * q);
  for (let i = 0; i < base.length; i++) base[i] = rng.normal();
  for (const [layer, d] of LAYERS) {
    for (let m = 0; m < M; m++) {
      const W = new Float64Array(q * d);
      for (let i = 0; i < W.length; i++) W[i] = rng.normal();
      const X = new Float32Array(n * d);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < d; j++) {
          let s = 0.7 * rng.normal();
          for (let k = 0; k < q; k++) s += base[i * q + k] * W[k * d + j];
          X[i * d + j] = s > 0 ? s : 0;
        }
      }
      writeNpy(join(dir, `act_${layer}_${m}.npy`), X, [n, d]);
    }
    log(`[bench] wrote ${M} x ${layer} (${n} x ${d}) activations`);
  }
}

function ckaOurs(precision: 'float64' | 'mixed', models: number): { seconds: number; S: Float64Array[] } {
  const t0 = performance.now();
  const out: Float64Array[] = [];
  for (const [layer] of LAYERS) {
    out.push(ckaMatrix({ count: models, load: (m) => readMatrix(join(dir, `act_${layer}_${m}.npy`)) }, { precision, label: layer }));
    log(`[bench] ours ${precision}: ${layer} done (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  return { seconds: (performance.now() - t0) / 1000, S: out };
}

const PY_CKA = `
import sys, time, json, numpy as np
d, M, dtype = sys.argv[1], int(sys.argv[2]), sys.argv[3]
layers = ${JSON.stringify(LAYERS.map((l) => l[0]))}
t0 = time.time(); out = []
for layer in layers:
    grams = []
    for m in range(M):
        x = np.load(f'{d}/act_{layer}_{m}.npy').astype(dtype)
        x = x - x.mean(0)            # centring the features = H K H, Gram computed once per model
        grams.append((x @ x.T).astype(np.float64))
    S = np.eye(M)
    for i in range(M):
        for j in range(i):
            S[i, j] = S[j, i] = (grams[i] * grams[j]).sum() / np.sqrt((grams[i] ** 2).sum() * (grams[j] ** 2).sum())
    out.append(S.ravel().tolist())
print(json.dumps({'seconds': time.time() - t0, 'S': out}))
`;

function ckaNumpy(dtype: 'float64' | 'float32'): { seconds: number; S: number[][] } {
  return JSON.parse(execFileSync(py, ['-c', PY_CKA, dir, String(M), dtype], { encoding: 'utf8', maxBuffer: 1 << 26 }));
}

function maxDiff(a: Float64Array[], b: number[][], models: number): number {
  let m = 0;
  for (let l = 0; l < a.length; l++) {
    for (let i = 0; i < models; i++) for (let j = 0; j < models; j++) m = Math.max(m, Math.abs(a[l][i * models + j] - b[l][i * M + j]));
  }
  return m;
}

function benchCka(): void {
  makeActivations();
  log('[bench] numpy float64 ...');
  const np64 = ckaNumpy('float64');
  log(`[bench] numpy float64: ${np64.seconds.toFixed(1)} s; numpy float32 ...`);
  const np32 = ckaNumpy('float32');
  log(`[bench] numpy float32: ${np32.seconds.toFixed(1)} s`);
  const mixed = args.mixed ? ckaOurs('mixed', M) : undefined;
  const auto = ckaOurs('float64', M);
  process.env.WHATWHERE_ANALYSIS_NATIVE = '0';
  const f64 = M64 > 0 ? ckaOurs('float64', M64) : undefined;
  delete process.env.WHATWHERE_ANALYSIS_NATIVE;
  const f64Scaled = f64 ? f64.seconds * (M / M64) : NaN;
  console.log(`\nCKA matrix, ${M} models x 4 layers (16384/8192/4096/2048 features), n = ${n}, each Gram once`);
  console.log(`  numpy float64 (OpenBLAS)          ${np64.seconds.toFixed(1)} s`);
  console.log(`  numpy float32 (OpenBLAS)          ${np32.seconds.toFixed(1)} s`);
  console.log(`  ours float64 (${defaultLinalg().name === 'native' ? 'libtorch BLAS via native addon' : 'JS, no native addon'})  ${auto.seconds.toFixed(1)} s  -> ${(auto.seconds / np64.seconds).toFixed(2)}x numpy float64 time`);
  if (f64) console.log(`  ours float64 JS only (${M64} models, x${(M / M64).toFixed(1)})   ${f64Scaled.toFixed(1)} s  -> ${(f64Scaled / np64.seconds).toFixed(2)}x numpy float64 time`);
  if (mixed) console.log(`  ours mixed (tf.matMul f32 blocks)  ${mixed.seconds.toFixed(1)} s  -> ${(mixed.seconds / np64.seconds).toFixed(2)}x numpy float64, ${(mixed.seconds / np32.seconds).toFixed(2)}x numpy float32 time`);
  console.log(`  max |CKA ours - numpy float64|: float64 ${maxDiff(auto.S, np64.S, M).toExponential(2)}` + (f64 ? `, JS ${maxDiff(f64.S, np64.S, M64).toExponential(2)}` : '') +
    (mixed ? `, mixed ${maxDiff(mixed.S, np64.S, M).toExponential(2)}` : ''));
}

const PY_DECODE = `
import sys, time, json, numpy as np
from sklearn.model_selection import KFold
from sklearn.svm import LinearSVC
X = np.load(sys.argv[1]); y = np.load(sys.argv[2])
t0 = time.time(); c0 = time.process_time(); scores = []
for tr, te in KFold(5, shuffle=True, random_state=0).split(X):
    scores.append(float(LinearSVC(C=5e-3).fit(X[tr], y[tr]).score(X[te], y[te])))
print(json.dumps({'seconds': time.time() - t0, 'cpu': time.process_time() - c0, 'scores': scores}))
`;

function benchDecode(): void {
  const d = jlMinDim(n);
  const k = 117;
  const rng = analysisRandom(2);
  const means = new Float64Array(k * d);
  for (let i = 0; i < means.length; i++) means[i] = rng.normal() * 0.08;
  const X = new Float32Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % k;
    for (let j = 0; j < d; j++) X[i * d + j] = Math.max(0, means[y[i] * d + j] + rng.normal() * 0.5 + 0.2);
  }
  const xPath = join(dir, 'decode_x.npy');
  const yPath = join(dir, 'decode_y.npy');
  writeNpy(xPath, X, [n, d]);
  writeNpy(yPath, y, [n]);
  log(`[bench] decoding data ${n} x ${d}, ${k} classes; scikit-learn ...`);
  const sk = JSON.parse(execFileSync(py, ['-c', PY_DECODE, xPath, yPath], { encoding: 'utf8' }));
  log(`[bench] scikit-learn: ${sk.seconds.toFixed(1)} s; ours ...`);
  const Xr = readMatrix(xPath);
  const yr = readVector(yPath);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const rows = decode(Xr.data, n, d, yr, { kind: 'classify', folds: 5, seed: 0 });
  const ours = (performance.now() - t0) / 1000;
  const cu = process.cpuUsage(c0);
  const oursCpu = (cu.user + cu.system) / 1e6;
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  console.log(`\nDecoding: 5-fold LinearSVC(C=5e-3), n = ${n}, d = ${d}, ${k} classes`);
  // CPU seconds as well as wall: on a shared machine the wall clock mostly measures the other jobs.
  console.log(`  scikit-learn (liblinear)  ${sk.seconds.toFixed(1)} s wall, ${sk.cpu.toFixed(1)} s CPU, mean accuracy ${mean(sk.scores).toFixed(4)}`);
  console.log(`  ours                      ${ours.toFixed(1)} s wall, ${oursCpu.toFixed(1)} s CPU, mean accuracy ${mean(rows.map((r) => r.score)).toFixed(4)}` +
    `  -> ${(ours / sk.seconds).toFixed(2)}x scikit-learn wall time, ${(oursCpu / sk.cpu).toFixed(2)}x its CPU time`);
}

async function main(): Promise<void> {
  const info = await initEngine();
  console.log(`bench/analysis on tfjs backend '${info.backend}', ${info.cores} cores (set WHATWHERE_BACKEND to choose)`);
  try {
    if (args.only !== 'decode') benchCka();
    if (args.only !== 'cka') benchDecode();
  } finally {
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
