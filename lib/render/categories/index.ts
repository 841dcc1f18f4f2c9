// The 117 object categories (paper: TDW-117) and their 548 identities (about 4-5 per category).
// Each category is a parametric family; identity j of category c is the fixed parameter draw seeded by
// hash('identity', category name, j), so names and shapes never depend on list order elsewhere.
import { normalise, type Mesh } from '../mesh.js';
import { hashSeed } from '../../random/index.js';
import { FURNITURE } from './furniture.js';
import { HOUSEHOLD } from './household.js';
import { Kit, type CategoryDef } from './kit.js';
import { MISC } from './misc.js';
import { NATURE } from './nature.js';
import { VEHICLES } from './vehicles.js';

export const NUM_CATEGORIES = 117;
export const NUM_IDENTITIES = 548;

/** Families written but left out of the 117: thin or small shapes that are hard to recognise at 64 px. */
const SPARE = new Set<string>([
  'spoon', 'fork', 'knife', 'rolling_pin', 'paintbrush', 'screwdriver', 'saw', 'scissors', 'pencil', 'sword', 'coat_rack',
  'microphone', 'street_lamp', 'skateboard', 'submarine', 'snake', 'wheelbarrow', 'light_bulb', 'pear', 'plate',
]);

export const CATEGORIES: readonly CategoryDef[] = [...HOUSEHOLD, ...FURNITURE, ...VEHICLES, ...NATURE, ...MISC].filter((c) => !SPARE.has(c.name));

/** identities per category: 4 or 5, spread evenly so the total is exactly 548 */
export function identityCount(category: number): number {
  return Math.floor(((category + 1) * NUM_IDENTITIES) / NUM_CATEGORIES) - Math.floor((category * NUM_IDENTITIES) / NUM_CATEGORIES);
}

/** global identity index of the first identity of each category */
export function firstIdentity(category: number): number {
  return Math.floor((category * NUM_IDENTITIES) / NUM_CATEGORIES);
}

export interface IdentityInfo {
  identity: number;
  category: number;
  name: string; // e.g. 'mug/2'
}

export function identityTable(): IdentityInfo[] {
  const out: IdentityInfo[] = [];
  for (let c = 0; c < CATEGORIES.length; c++) {
    for (let j = 0; j < identityCount(c); j++) out.push({ identity: out.length, category: c, name: `${CATEGORIES[c].name}/${j}` });
  }
  return out;
}

export function categoryOfIdentity(identity: number): number {
  // inverse of firstIdentity: category c holds [first(c), first(c+1))
  let c = Math.floor((identity * NUM_CATEGORIES) / NUM_IDENTITIES);
  while (c + 1 < NUM_CATEGORIES && firstIdentity(c + 1) <= identity) c++;
  while (c > 0 && firstIdentity(c) > identity) c--;
  return c;
}

const meshes = new Map<number, Mesh>();

/** The normalised mesh of a global identity index (built once per process, then cached). */
export function identityMesh(identity: number): Mesh {
  let m = meshes.get(identity);
  if (!m) {
    const c = categoryOfIdentity(identity);
    const j = identity - firstIdentity(c);
    const def = CATEGORIES[c];
    m = normalise(def.build(new Kit(hashSeed('identity', def.name, j), j)));
    meshes.set(identity, m);
  }
  return m;
}
