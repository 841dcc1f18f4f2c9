import { describe, expect, it } from 'vitest';
import { pcaReduce } from '../../lib/alignment/pca.js';
import { fixture } from './fixtures.js';

describe('PCA scores equal scikit-learn PCA.transform up to each component sign', () => {
  const f = fixture<{ n: number; d: number; k: number; X: number[]; scores: number[] }>('pca.json');
  it('top-k components', () => {
    const { data, features, reduced } = pcaReduce(f.X, f.n, f.d, f.k);
    expect(reduced).toBe(true);
    expect(features).toBe(f.k);
    for (let j = 0; j < f.k; j++) {
      const sign = Math.sign(data[j]) * Math.sign(f.scores[j]);
      for (let r = 0; r < f.n; r++) expect(sign * data[r * f.k + j]).toBeCloseTo(f.scores[r * f.k + j], 8);
    }
  });
  it('passes activations through when there are no more features (or stimuli) than components', () => {
    expect(pcaReduce(f.X, f.n, f.d, 20).reduced).toBe(false);
    expect(pcaReduce(f.X, f.n, f.d, 30).reduced).toBe(false);
  });
});
