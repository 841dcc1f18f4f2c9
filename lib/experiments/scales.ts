// The three scales: the same experiment design at three sizes. Scientific constants of the paper
// (task sets, seeds, layers, n = 2000 analysis images) sit here where a reader looks for them.
export type Scale = 'tiny' | 'small' | 'paper';
export const SCALES: Scale[] = ['tiny', 'small', 'paper'];

export interface ScaleParams {
  /** Image side in pixels (paper: rendered 256, resized to 224). */
  size: number;
  /** Channel width multiplier of ResNet (1 = torchvision). */
  width: number;
  /** Training images per dataset (paper: 1.3M). */
  trainImages: number;
  /** Held-out images for validation during training. */
  valImages: number;
  /** Held-out images with full variability for CKA and decoding (paper: 2000). */
  analysisImages: number;
  /** Training steps (batches) for ResNet-18 (paper: 500k). */
  steps: number;
  batch: number;
  /** Random seeds per condition for the main grid and the variability controls (paper: 8 and 6). */
  seeds: number;
  controlSeeds: number;
  /** Steps at which checkpoints are kept for the alignment-vs-performance figure. */
  keepEvery: number;
  /** Dataset sizes for Fig C.2. */
  datasetSizes: number[];
  /** TDW-N category counts for Fig 2. */
  tdwN: number[];
  /** Decoding cross-validation folds (paper: 5). */
  folds: number;
}

export const SCALE_PARAMS: Record<Scale, ScaleParams> = {
  // The whole design in minutes: every job kind runs, numbers mean nothing.
  tiny: {
    size: 32, width: 0.125, trainImages: 512, valImages: 128, analysisImages: 160, steps: 12, batch: 16,
    seeds: 2, controlSeeds: 2, keepEvery: 6, datasetSizes: [128, 512], tdwN: [2], folds: 3,
  },
  // The default: the real design of every figure sized for a 2-core CPU in about 2 hours with the native backend.
  small: {
    size: 32, width: 0.25, trainImages: 20_000, valImages: 1000, analysisImages: 2000, steps: 1500, batch: 64,
    // 4 models per variability condition: the smallest exact Mann-Whitney p (2/C(8,4) = 0.029) can reach 0.05.
    seeds: 3, controlSeeds: 4, keepEvery: 500, datasetSizes: [2_000, 20_000], tdwN: [2, 8], folds: 5,
  },
  // The paper's sizes, for a GPU cluster.
  paper: {
    size: 224, width: 1, trainImages: 1_300_000, valImages: 50_000, analysisImages: 2000, steps: 500_000, batch: 64,
    seeds: 8, controlSeeds: 6, keepEvery: 50_000, datasetSizes: [10_000, 100_000, 1_300_000], tdwN: [2, 4, 6, 8, 16], folds: 5,
  },
};

/** The paper's ten task sets (Fig 2b), in order of their number of output units. */
export const MAIN_TASKS = [
  'distance', 'translation', 'distance+translation', 'rotation', 'distance+rotation', 'translation+rotation',
  'distance+translation+rotation', 'category', 'identity', 'all',
] as const;

/** Non-target variability controls (Section 3.3): targets trained with reduced category or translation variability. */
export const CATEGORY_CONTROL_TASKS = ['distance', 'translation', 'rotation'] as const;
export const TRANSLATION_CONTROL_TASKS = ['distance', 'rotation', 'category'] as const;

/** Layers analysed in the paper (Table B.1): the output of each stage's first block. */
export const ANALYSIS_LAYERS = ['layer1.0.relu', 'layer2.0.relu', 'layer3.0.relu', 'layer4.0.relu'] as const;
/** Every ResNet-18 tap (Brain-Score layer selection candidates and Fig C.4). */
export const ALL_LAYERS_R18 = ['relu', 'layer1.0.relu', 'layer1.1.relu', 'layer2.0.relu', 'layer2.1.relu',
  'layer3.0.relu', 'layer3.1.relu', 'layer4.0.relu', 'layer4.1.relu', 'avgpool'] as const;

/** Layers every representation figure uses: the paper's four (Table B.1) plus the last two (Fig 5). */
export const FIGURE_LAYERS = [...ANALYSIS_LAYERS, 'avgpool', 'fc'] as const;
