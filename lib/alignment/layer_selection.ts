// Layer commitment as Brain-Score's model-tools LayerSelection does it: score every candidate layer
// on the public benchmark with PCA-reduced activations (1000 components), commit to the best
// layer, then score that layer again with its full activations.
import { pcaReduce } from './pca.js';

/** Brain-Score LayerPCA n_components. */
export const LAYER_SELECTION_PCA = 1000;

export interface Activations {
  /** stimuli x features, row-major, rows in the benchmark's stimulus order. */
  data: Float32Array | Float64Array;
  features: number;
}

/** Where activations come from: any model, any cache. */
export type ActivationSource = (layer: string) => Promise<Activations>;

export interface LayerScore {
  layer: string;
  features: number;
  /** Features after PCA (equal to `features` when not reduced). */
  scoredFeatures: number;
  score: number;
  error: number;
}

export interface LayerSelection<S> {
  layer: string;
  layerScores: LayerScore[];
  /** The committed layer scored on full features. */
  final: S;
}

export async function selectLayer<S extends { center: number; error: number }>(layers: readonly string[], n: number,
  activations: ActivationSource, score: (data: ArrayLike<number>, features: number) => S,
  opts: {
    pcaComponents?: number;
    onLayer?: (l: LayerScore, i: number, total: number) => void;
    /** What the layers are ranked by (default the score's center). Brain-Score ranks by the ceiled
     * score, which for (r/c)^2 ranks a strongly negative r high; pass it to match. */
    rank?: (s: S) => number;
    /** Reduced activations by layer, reusable by benchmarks on the same stimuli (MajajHong V4 and IT). */
    cache?: Map<string, { data: Float64Array; features: number; original: number }>;
  } = {}): Promise<LayerSelection<S>> {
  if (layers.length === 0) throw new Error('layer selection: no candidate layers');
  const k = opts.pcaComponents ?? LAYER_SELECTION_PCA;
  const layerScores: LayerScore[] = [];
  const ranks: number[] = [];
  for (const [i, layer] of layers.entries()) {
    const key = `${layer}@${k}`;
    let reduced = opts.cache?.get(key);
    if (!reduced) {
      const a = await activations(layer);
      if (a.data.length !== n * a.features) throw new Error(`layer ${layer}: ${a.data.length} activation values are not ${n} stimuli x ${a.features} features`);
      const r = pcaReduce(a.data, n, a.features, k);
      reduced = { data: r.data, features: r.features, original: a.features };
      opts.cache?.set(key, reduced);
    }
    const s = score(reduced.data, reduced.features);
    ranks.push(opts.rank ? opts.rank(s) : s.center);
    const ls = { layer, features: reduced.original, scoredFeatures: reduced.features, score: s.center, error: s.error };
    layerScores.push(ls);
    opts.onLayer?.(ls, i + 1, layers.length);
  }
  // argmax, the earliest layer on ties (numpy argmax)
  let best = 0;
  ranks.forEach((r, i) => { if (r > ranks[best] || Number.isNaN(ranks[best])) best = i; });
  const layer = layerScores[best].layer;
  const full = await activations(layer);
  return { layer, layerScores, final: score(full.data, full.features) };
}
