// Loads the reference fixtures written by scripts/fixtures/analysis.py (numpy/scipy/scikit-learn).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FixMat {
  rows: number;
  cols: number;
  data: number[];
}

export function loadFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(join(process.cwd(), 'data', 'fixtures', 'analysis', name), 'utf8')) as T;
}

export function m64(m: FixMat): { data: Float64Array; rows: number; cols: number } {
  return { data: Float64Array.from(m.data), rows: m.rows, cols: m.cols };
}

export function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

/** Max |a - b| / max|b| over two arrays (relative to the reference's scale). */
export function relErrArray(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / Math.max(den, 1e-300);
}
