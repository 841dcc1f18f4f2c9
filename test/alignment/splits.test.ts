import { describe, expect, it } from 'vitest';
import { RandomState } from '../../lib/alignment/random.js';
import { shuffleSplit, stratifiedShuffleSplit, type Split } from '../../lib/alignment/splits.js';
import { fixture } from './fixtures.js';

interface Splits {
  permutations: Record<string, number[]>;
  labels: string[];
  stratified: Split[];
  stratified_big_labels_mod: number;
  stratified_big_first: Split[];
  shuffle: Record<string, Split[]>;
}

describe('seeded splits equal numpy / scikit-learn', () => {
  const f = fixture<Splits>('splits.json');

  it('RandomState(1).permutation(n) equals numpy', () => {
    for (const [n, perm] of Object.entries(f.permutations)) expect(new RandomState(1).permutation(Number(n))).toEqual(perm);
  });

  it('StratifiedShuffleSplit(10, train_size=.9, random_state=1) on unequal classes', () => {
    expect(stratifiedShuffleSplit(f.labels, { trainSize: 0.9 })).toEqual(f.stratified);
  });

  it('StratifiedShuffleSplit on 3200 stimuli x 8 objects (MajajHong-sized)', () => {
    const labels = Array.from({ length: 3200 }, (_, i) => `c${i % f.stratified_big_labels_mod}`);
    expect(stratifiedShuffleSplit(labels, { trainSize: 0.9 }).slice(0, 2)).toEqual(f.stratified_big_first);
  });

  it('ShuffleSplit(10, train_size=.5, random_state=1) for the ceiling', () => {
    for (const [n, splits] of Object.entries(f.shuffle)) expect(shuffleSplit(Number(n), { trainSize: 0.5 })).toEqual(splits);
  });

  it('refuses a class with one member, naming it', () => {
    expect(() => stratifiedShuffleSplit(['a', 'a', 'b', 'a'], { trainSize: 0.5 })).toThrow(/'b' has only 1 member/);
  });
});
