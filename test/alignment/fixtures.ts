// Loads the committed reference fixtures written by scripts/fixtures/alignment_fixtures.py.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(process.cwd(), 'data', 'fixtures', 'alignment');

export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

/** Largest |a - b| / max(|b|, floor) over all entries. */
export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-3): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor));
  return worst;
}
