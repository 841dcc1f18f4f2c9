// Cross-validation splits exactly as scikit-learn builds them (1.2), so a seeded split here is the
// same list of indices Brain-Score uses: `StratifiedShuffleSplit` for the 90/10 regression splits
// (metric_helpers/transformations.py `Split`: 10 splits, random_state 1, stratified on a stimulus
// column) and `ShuffleSplit` for the split-half ceiling over repetitions (train_size 0.5).
import { RandomState } from './random.js';

export interface Split {
  train: number[];
  test: number[];
}

/** sklearn `_validate_shuffle_split` for a float train_size and test_size=None. */
export function splitSizes(nSamples: number, trainSize: number): { nTrain: number; nTest: number } {
  if (!(trainSize > 0 && trainSize < 1)) throw new Error(`splits: train size must be in (0, 1), got ${trainSize}`);
  const nTrain = Math.floor(trainSize * nSamples);
  const nTest = nSamples - nTrain;
  if (nTrain === 0 || nTest === 0) throw new Error(`splits: ${nSamples} samples with train size ${trainSize} leave an empty train or test set`);
  return { nTrain, nTest };
}

/** sklearn `ShuffleSplit(n_splits, train_size, random_state).split(range(nSamples))`. */
export function shuffleSplit(nSamples: number, opts: { splits?: number; trainSize: number; seed?: number }): Split[] {
  const { nTrain, nTest } = splitSizes(nSamples, opts.trainSize);
  const rng = new RandomState(opts.seed ?? 1);
  const out: Split[] = [];
  for (let s = 0; s < (opts.splits ?? 10); s++) {
    const perm = rng.permutation(nSamples);
    out.push({ test: perm.slice(0, nTest), train: perm.slice(nTest, nTest + nTrain) });
  }
  return out;
}

/** sklearn `_approximate_mode`: floor the proportional counts, hand the remainder out by largest
 * fractional part, breaking ties with rng.choice (which consumes random numbers). */
function approximateMode(classCounts: number[], nDraws: number, rng: RandomState): number[] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  const continuous = classCounts.map((c) => (c / total) * nDraws);
  const floored = continuous.map(Math.floor);
  let needToAdd = Math.trunc(nDraws - floored.reduce((a, b) => a + b, 0));
  if (needToAdd > 0) {
    const remainder = continuous.map((c, i) => c - floored[i]);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds = remainder.flatMap((r, i) => (r === value ? [i] : []));
      const addNow = Math.min(inds.length, needToAdd);
      for (const i of rng.choiceWithoutReplacement(inds, addNow)) floored[i] += 1;
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}

/** Sorted unique labels and each sample's class index (numpy `unique(return_inverse=True)`). */
function encodeLabels(labels: readonly (string | number)[]): { classes: (string | number)[]; index: number[] } {
  const classes = [...new Set(labels)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const pos = new Map(classes.map((c, i) => [c, i]));
  return { classes, index: labels.map((l) => pos.get(l)!) };
}

/** sklearn `StratifiedShuffleSplit(n_splits, train_size, random_state).split(X, labels)`. */
export function stratifiedShuffleSplit(labels: readonly (string | number)[],
  opts: { splits?: number; trainSize: number; seed?: number }): Split[] {
  const n = labels.length;
  const { nTrain, nTest } = splitSizes(n, opts.trainSize);
  const { classes, index } = encodeLabels(labels);
  const counts = classes.map(() => 0);
  for (const i of index) counts[i]++;
  const smallest = Math.min(...counts);
  if (smallest < 2) throw new Error(`stratified split: the least populated class '${classes[counts.indexOf(smallest)]}' has only ${smallest} member; every class needs at least 2`);
  if (nTrain < classes.length || nTest < classes.length) {
    throw new Error(`stratified split: ${classes.length} classes do not fit a train set of ${nTrain} and a test set of ${nTest}`);
  }
  // Members of each class in ascending sample order (numpy's stable argsort of the class index).
  const classIndices: number[][] = classes.map(() => []);
  index.forEach((c, i) => classIndices[c].push(i));
  const rng = new RandomState(opts.seed ?? 1);
  const out: Split[] = [];
  for (let s = 0; s < (opts.splits ?? 10); s++) {
    const nI = approximateMode(counts, nTrain, rng);
    const remaining = counts.map((c, i) => c - nI[i]);
    const tI = approximateMode(remaining, nTest, rng);
    const train: number[] = [];
    const test: number[] = [];
    for (let c = 0; c < classes.length; c++) {
      const perm = rng.permutation(counts[c]).map((p) => classIndices[c][p]);
      train.push(...perm.slice(0, nI[c]));
      test.push(...perm.slice(nI[c], nI[c] + tI[c]));
    }
    out.push({ train: rng.permuted(train), test: rng.permuted(test) });
  }
  return out;
}
