// Contact sheets: one row per category with the first images of that category, so a person can see
// what each class looks like in the dataset (and that the 117 classes differ).
import { CATEGORIES, NUM_CATEGORIES, firstIdentity, identityCount } from '../render/categories/index.js';
import { portrait } from '../render/catalogue.js';
import { paste } from '../render/png.js';
import type { Dataset } from './types.js';

export interface Sheet {
  rgb: Uint8Array;
  width: number;
  height: number;
  /** the category name of each row, top to bottom */
  rows: string[];
}

/** `perRow` images of each present category (fewer if the dataset has fewer), in dataset order; `only` limits the rows. */
export function datasetSheet(ds: Dataset, perRow = 10, only?: readonly number[]): Sheet {
  const size = ds.meta.size;
  const byCat = new Map<number, number[]>();
  const cats = ds.latents.category;
  for (let i = 0; i < ds.length; i++) {
    const c = cats[i];
    const list = byCat.get(c) ?? [];
    if (list.length < perRow) { list.push(i); byCat.set(c, list); }
  }
  const present = [...byCat.keys()].filter((c) => !only || only.includes(c)).sort((a, b) => a - b);
  const width = perRow * size, height = present.length * size;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  present.forEach((c, r) => {
    const idx = byCat.get(c)!;
    const px = ds.raw(idx);
    idx.forEach((_, j) => paste(rgb, width, px.subarray(j * size * size * 3, (j + 1) * size * size * 3), size, j * size, r * size));
  });
  return { rgb, width, height, rows: present.map((c) => ds.meta.classSpace?.categoryNames?.[c] ?? String(c)) };
}

/** Images of the given indices in a grid `cols` wide (for showing variants side by side). */
export function gridSheet(ds: Dataset, indices: readonly number[], cols: number): Sheet {
  const size = ds.meta.size, rowsN = Math.ceil(indices.length / cols);
  const width = cols * size, height = rowsN * size;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  const px = ds.raw(indices);
  indices.forEach((_, j) => paste(rgb, width, px.subarray(j * size * size * 3, (j + 1) * size * size * 3), size, (j % cols) * size, Math.floor(j / cols) * size));
  return { rgb, width, height, rows: [] };
}

/** Every identity as a portrait on a plain background: `perLine` categories side by side, one row of identities each. */
export function catalogueSheet(size = 64, perLine = 3): Sheet {
  const maxIds = 5, gap = Math.round(size / 4);
  const lines = Math.ceil(NUM_CATEGORIES / perLine);
  const width = perLine * maxIds * size + (perLine - 1) * gap, height = lines * size;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  for (let c = 0; c < NUM_CATEGORIES; c++) {
    for (let j = 0; j < identityCount(c); j++) {
      paste(rgb, width, portrait(firstIdentity(c) + j, size, 25 + j * 8), size, (c % perLine) * (maxIds * size + gap) + j * size, Math.floor(c / perLine) * size);
    }
  }
  return { rgb, width, height, rows: CATEGORIES.map((c) => c.name) };
}
