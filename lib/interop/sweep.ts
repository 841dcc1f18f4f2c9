// A checkpoint sweep: many models (run directories, or PyTorch checkpoint files imported in memory)
// measured the same way on the same images, as tidy rows {run, layer, measure, target, value}:
//   cka        linear CKA to the reference model's matching layer (target = reference:layer);
//   decoding   cross-validated decoding of a latent (target = the latent; accuracy or Pearson r);
//   alignment  a Brain-Score neural benchmark's per-layer score (target = the benchmark).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { extractActivations, type Activations } from '../analysis/activations.js';
import { linearCKA } from '../analysis/cka.js';
import { decode } from '../analysis/decode.js';
import { mean } from '../analysis/stats.js';
import { csvField } from '../csv.js';
import { disposeResNet, type Arch, type ResNet } from '../models/index.js';
import type { DatasetLike, LatentColumns } from '../tasks/index.js';
import type { OnProgress } from '../progress.js';
import { loadRun } from '../train/index.js';
import { readStateDict } from './checkpoint.js';
import { fromTorchStateDict } from './resnet_layout.js';
import { modelFromWeights } from './run_files.js';

export interface SweepRow { run: string; layer: string; measure: 'cka' | 'decoding' | 'alignment'; target: string; value: number }

export const SWEEP_HEADER = 'run,layer,measure,target,value';
export const CHECKPOINT_EXTENSIONS = ['.pth', '.pt', '.safetensors'];

/** Run directories and checkpoint files matching shell-style patterns ('*' and '?' in the last segment). */
export function expandSweepPatterns(patterns: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of patterns) {
    if (!/[*?]/.test(p)) { if (!existsSync(p)) throw new Error(`${p}: no such run directory or checkpoint file`); out.push(p); continue; }
    const dir = dirname(p);
    if (/[*?]/.test(dir)) throw new Error(`${p}: wildcards are supported in the last path segment only`);
    const re = new RegExp(`^${basename(p).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    const hits = existsSync(dir) ? readdirSync(dir).filter((f) => re.test(f)).sort().map((f) => join(dir, f)) : [];
    const usable = hits.filter((h) => (statSync(h).isDirectory() ? existsSync(join(h, 'config.json')) : CHECKPOINT_EXTENSIONS.some((e) => h.endsWith(e))));
    if (usable.length === 0) throw new Error(`${p}: matches no run directory (with config.json) or checkpoint file (${CHECKPOINT_EXTENSIONS.join(', ')})`);
    out.push(...usable);
  }
  return out;
}

/** A model from a run directory or a checkpoint file, with the input side it sees. Caller disposes. */
export function loadSweepModel(path: string, fallbackSize: number, arch?: Arch): { model: ResNet; size: number } {
  if (statSync(path).isDirectory()) {
    const { model, config } = loadRun(path);
    return { model, size: config.size };
  }
  const w = fromTorchStateDict(readStateDict(path).tensors, path, { arch });
  return { model: modelFromWeights(w, path), size: fallbackSize };
}

/** The last block of each stage and avgpool: the paper's layer choice, for either architecture. */
export function defaultSweepLayers(model: ResNet): string[] {
  const lastOfStage = new Map<string, string>();
  for (const l of model.arch.layerNames) { const m = /^(layer\d)\.\d+\.relu$/.exec(l); if (m) lastOfStage.set(m[1]!, l); }
  return [...lastOfStage.values(), 'avgpool'];
}

/** The reference's layer for `layer`: the same name, else the last block of the same stage. */
export function referenceLayer(layer: string, referenceLayers: readonly string[]): string | undefined {
  if (referenceLayers.includes(layer)) return layer;
  const stage = /^(layer\d)\./.exec(layer)?.[1];
  return stage ? referenceLayers.filter((l) => l.startsWith(`${stage}.`)).pop() : undefined;
}

export const LATENT_TARGETS = ['category', 'x', 'y', 'z', 'rxy', 'ryz', 'rzx'] as const;
export type LatentTarget = (typeof LATENT_TARGETS)[number];

export interface SweepOptions {
  n: number; folds: number; targets: readonly LatentTarget[];
  /** Told how each decoding advances; nothing is printed here. */
  onProgress?: OnProgress;
}

export function activationsOf(model: ResNet, data: DatasetLike, layers: readonly string[], size: number, n: number): Activations {
  return extractActivations(model, data, { layers, n, size, batch: 32 });
}

/** CKA and decoding rows of one model, against the reference's activations on the same images. */
export function measureModel(label: string, acts: Activations, ref: { label: string; acts: Activations; layerFor: (l: string) => string | undefined },
  opts: SweepOptions): SweepRow[] {
  const rows: SweepRow[] = [];
  for (const [layer, a] of Object.entries(acts.layers)) {
    const rl = ref.layerFor(layer);
    const r = rl ? ref.acts.layers[rl] : undefined;
    if (r) {
      const cka = linearCKA({ data: a.values, rows: acts.n, cols: a.features }, { data: r.values, rows: ref.acts.n, cols: r.features });
      rows.push({ run: label, layer, measure: 'cka', target: `${ref.label}:${rl}`, value: cka });
    }
    for (const t of opts.targets) {
      const y = (acts.latents as LatentColumns)[t];
      const scores = decode(a.values, acts.n, a.features, y, { kind: t === 'category' ? 'classify' : 'regress', folds: opts.folds, seed: 0, onProgress: opts.onProgress }).map((d) => d.score);
      rows.push({ run: label, layer, measure: 'decoding', target: t, value: mean(scores) });
    }
  }
  return rows;
}

export function sweepCsv(rows: readonly SweepRow[]): string {
  const q = csvField;
  return [SWEEP_HEADER, ...rows.map((r) => [q(r.run), q(r.layer), r.measure, q(r.target), Number.isFinite(r.value) ? r.value.toPrecision(6) : ''].join(','))].join('\n') + '\n';
}
