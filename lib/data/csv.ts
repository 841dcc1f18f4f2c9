// latents.csv: one row per image, `index` then the renderer's latent columns (lib/render/sample.ts).
// Numbers are written with fixed precision so the file is byte-identical for a given dataset.
import { LATENT_COLUMNS, type Latents } from '../render/sample.js';
import type { LatentColumns } from './types.js';

export const CSV_COLUMNS = ['index', ...LATENT_COLUMNS];

const INT = new Set<string>(['category', 'identity', 'scene', 'bx0', 'by0', 'bx1', 'by1', 'attempts', 'clutter']);
// 8 significant digits keep float32 precision for the regression targets
const PRECISE = new Set<string>(['x', 'y', 'z', 'rxy', 'ryz', 'rzx']);

function fmt(col: string, v: number): string {
  if (INT.has(col)) return String(v);
  if (PRECISE.has(col)) return String(Number(v.toPrecision(8)));
  return String(Number(v.toFixed(4)));
}

export function csvHeader(): string {
  return CSV_COLUMNS.join(',') + '\n';
}

export function csvRow(index: number, l: Latents): string {
  let s = String(index);
  for (const c of LATENT_COLUMNS) s += ',' + fmt(c, l[c]);
  return s + '\n';
}

/** Parse latents.csv text into the contract's columns (plus any extra columns asked for). `name` goes in errors. */
export function parseLatentsCsv(text: string, expectedRows: number, name: string, extra: string[] = []): { cols: LatentColumns; extra: Record<string, Float32Array> } {
  const nl = text.indexOf('\n');
  const header = text.slice(0, nl).split(',');
  const want = ['x', 'y', 'z', 'rxy', 'ryz', 'rzx', 'category', 'identity', 'scene', ...extra];
  const pos = want.map((c) => {
    const i = header.indexOf(c);
    if (i < 0) throw new Error(`${name}: missing column '${c}' (header: ${header.join(',')})`);
    return i;
  });
  const n = expectedRows;
  const f = () => new Float32Array(n), i32 = () => new Int32Array(n);
  const cols: LatentColumns = { x: f(), y: f(), z: f(), rxy: f(), ryz: f(), rzx: f(), category: i32(), identity: i32(), scene: i32() };
  const ex: Record<string, Float32Array> = Object.fromEntries(extra.map((c) => [c, f()]));
  const targets: (Float32Array | Int32Array)[] = [cols.x, cols.y, cols.z, cols.rxy, cols.ryz, cols.rzx, cols.category, cols.identity, cols.scene, ...extra.map((c) => ex[c])];
  let row = 0, at = nl + 1;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    if (end > at) {
      if (row >= n) throw new Error(`${name}: more than the ${n} rows meta.json promises`);
      const parts = text.slice(at, end).split(',');
      if (parts.length !== header.length) throw new Error(`${name}: row ${row + 1} has ${parts.length} fields, expected ${header.length}`);
      if (Number(parts[0]) !== row) throw new Error(`${name}: row ${row + 1} has index ${parts[0]}, expected ${row}`);
      for (let k = 0; k < pos.length; k++) targets[k][row] = Number(parts[pos[k]]);
      row++;
    }
    at = end + 1;
  }
  if (row !== n) throw new Error(`${name}: ${row} rows, expected ${n} (truncated?)`);
  return { cols, extra: ex };
}
