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

/**
 * Incremental latents.csv parser: feed text in chunks of any size (a file too large for one string),
 * then finish(). Fills the contract's columns plus any extra columns asked for. `name` goes in errors.
 */
export class LatentsCsvParser {
  readonly cols: LatentColumns;
  readonly extra: Record<string, Float32Array>;
  private header: string[] | undefined;
  private pos: number[] = [];
  private targets: (Float32Array | Int32Array)[] = [];
  private rest = '';
  private row = 0;

  constructor(private expectedRows: number, private name: string, private extraNames: string[] = []) {
    const n = expectedRows;
    const f = () => new Float32Array(n), i32 = () => new Int32Array(n);
    this.cols = { x: f(), y: f(), z: f(), rxy: f(), ryz: f(), rzx: f(), category: i32(), identity: i32(), scene: i32() };
    this.extra = Object.fromEntries(extraNames.map((c) => [c, f()]));
  }

  push(chunk: string): void {
    const text = this.rest + chunk;
    let at = 0;
    for (;;) {
      const end = text.indexOf('\n', at);
      if (end < 0) break;
      if (end > at) this.line(text.slice(at, end));
      at = end + 1;
    }
    this.rest = text.slice(at);
  }

  finish(): { cols: LatentColumns; extra: Record<string, Float32Array> } {
    if (this.rest.length > 0) { this.line(this.rest); this.rest = ''; }
    if (!this.header) throw new Error(`${this.name}: empty (no header)`);
    if (this.row !== this.expectedRows) throw new Error(`${this.name}: ${this.row} rows, expected ${this.expectedRows} (truncated?)`);
    return { cols: this.cols, extra: this.extra };
  }

  private line(l: string): void {
    if (!this.header) {
      const header = l.split(',');
      const want = ['x', 'y', 'z', 'rxy', 'ryz', 'rzx', 'category', 'identity', 'scene', ...this.extraNames];
      this.pos = want.map((c) => {
        const i = header.indexOf(c);
        if (i < 0) throw new Error(`${this.name}: missing column '${c}' (header: ${header.join(',')})`);
        return i;
      });
      const c = this.cols;
      this.targets = [c.x, c.y, c.z, c.rxy, c.ryz, c.rzx, c.category, c.identity, c.scene, ...this.extraNames.map((e) => this.extra[e])];
      this.header = header;
      return;
    }
    const row = this.row;
    if (row >= this.expectedRows) throw new Error(`${this.name}: more than the ${this.expectedRows} rows meta.json promises`);
    const parts = l.split(',');
    if (parts.length !== this.header.length) throw new Error(`${this.name}: row ${row + 1} has ${parts.length} fields, expected ${this.header.length}`);
    if (Number(parts[0]) !== row) throw new Error(`${this.name}: row ${row + 1} has index ${parts[0]}, expected ${row}`);
    for (let k = 0; k < this.pos.length; k++) this.targets[k][row] = Number(parts[this.pos[k]]);
    this.row++;
  }
}

/** Parse a whole latents.csv text (see LatentsCsvParser). */
export function parseLatentsCsv(text: string, expectedRows: number, name: string, extra: string[] = []): { cols: LatentColumns; extra: Record<string, Float32Array> } {
  const p = new LatentsCsvParser(expectedRows, name, extra);
  p.push(text);
  return p.finish();
}
