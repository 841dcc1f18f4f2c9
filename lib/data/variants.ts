// Dataset variants (paper App. A and Fig. 4): `full` (117 categories), `tdw-N` (only N categories, same
// image count; the paper uses N = 1, 2, 4, 6, 8, 16) and `centered` (object on the view axis, x = y = 0).
import { CATEGORIES, NUM_CATEGORIES } from '../render/categories/index.js';
import { hashSeed, renderRandom } from '../random/index.js';

export interface Variant {
  name: string;
  /** global category indices sampled from, ascending */
  categories: number[];
  centered: boolean;
}

/** A fixed order of the categories; tdw-N takes its first N, so the subsets are nested (tdw-2 ⊂ tdw-4 ...). */
export function subsetOrder(): number[] {
  return Array.from(renderRandom(hashSeed('tdw-subsets')).permutation(NUM_CATEGORIES));
}

export function parseVariant(name: string): Variant {
  if (CATEGORIES.length !== NUM_CATEGORIES) throw new Error(`internal: ${CATEGORIES.length} categories defined, expected ${NUM_CATEGORIES}`);
  const all = [...Array(NUM_CATEGORIES).keys()];
  if (name === 'full') return { name, categories: all, centered: false };
  if (name === 'centered') return { name, categories: all, centered: true };
  const m = /^tdw-(\d+)$/.exec(name);
  if (m) {
    const n = Number(m[1]);
    if (n < 1 || n > NUM_CATEGORIES) throw new Error(`variant '${name}': N must be in 1..${NUM_CATEGORIES}`);
    return { name, categories: subsetOrder().slice(0, n).sort((a, b) => a - b), centered: false };
  }
  throw new Error(`unknown variant '${name}': expected full, centered or tdw-N (N = 1, 2, 4, 6, 8, 16, ...)`);
}
