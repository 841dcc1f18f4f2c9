// latents.csv, read and written through lib/csv.ts. A dataset's: one row per image, `index` then the
// renderer's latent columns (lib/render/sample.ts), numbers written with fixed precision so the file is
// byte-identical for a given dataset. An extraction's (`whatwhere extract`): `index` (the dataset's) then
// the contract columns the tasks read, each value exactly as the dataset reader holds it.
import { LATENT_COLUMNS, type Latents } from '../render/sample.js';
import { CsvRecordReader, csvLine } from '../csv.js';
import type { LatentColumns } from './types.js';

export const CSV_COLUMNS = ['index', ...LATENT_COLUMNS];

/** The columns every latents.csv has and LatentsCsvParser reads (LatentColumns). */
export const CONTRACT_COLUMNS = ['x', 'y', 'z', 'rxy', 'ryz', 'rzx', 'category', 'identity', 'scene'] as const;

const INT = new Set<string>(['category', 'identity', 'scene', 'bx0', 'by0', 'bx1', 'by1', 'attempts', 'clutter']);
// 8 significant digits keep float32 precision for the regression targets
const PRECISE = new Set<string>(['x', 'y', 'z', 'rxy', 'ryz', 'rzx']);

/** 0: integer, 1: regression target (8 significant digits), 2: the rest (4 decimals). */
const kindOf = (col: string) => (INT.has(col) ? 0 : PRECISE.has(col) ? 1 : 2);
const KINDS = LATENT_COLUMNS.map(kindOf);

/**
 * How each latent is written: an integer as is, a regression target as String(Number(v.toPrecision(8))), the
 * rest as String(Number(v.toFixed(4))). Those formulas define the file; `fmt` gives the same strings without
 * the parse and reprint (a row: 12 -> 8 us, measured).
 */
export function fmtLatent(col: string, v: number): string {
  return fmt(kindOf(col), v);
}

function fmt(kind: number, v: number): string {
  if (kind === 0) return String(v);
  // fixed notation with at most 15 significant digits: the shortest decimal of the parsed number is the
  // string itself less its trailing zeros (and a bare '.', and the sign of a negative zero)
  if (kind === 1) {
    const s = v.toPrecision(8);
    return s.includes('e') ? String(Number(s)) : trimZeros(s);
  }
  return Math.abs(v) < 1e10 ? trimZeros(v.toFixed(4)) : String(Number(v.toFixed(4)));
}

function trimZeros(s: string): string {
  if (!s.includes('.')) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--; // '0'
  if (s.charCodeAt(end - 1) === 46) end--; // '.'
  const t = end === s.length ? s : s.slice(0, end);
  return t === '-0' ? '0' : t;
}

export function csvHeader(): string {
  return csvLine(CSV_COLUMNS);
}

/** One latents.csv row (numbers never need quoting). */
export function csvRow(index: number, l: Latents): string {
  let s = String(index);
  for (let j = 0; j < LATENT_COLUMNS.length; j++) s += ',' + fmt(KINDS[j]!, l[LATENT_COLUMNS[j]!]);
  return s + '\n';
}

/** An extraction's latents.csv header. */
export function contractCsvHeader(): string {
  return csvLine(['index', ...CONTRACT_COLUMNS]);
}

/**
 * Row `i` of `cols` as an extraction writes it: every digit of the float32 value (String), so reading it
 * back gives the very number the dataset reader held; `index` is the image's index in the dataset.
 */
export function contractCsvRow(index: number, cols: LatentColumns, i: number): string {
  return csvLine([index, ...CONTRACT_COLUMNS.map((c) => cols[c][i]!)]);
}

/**
 * Incremental latents.csv parser: feed text in chunks of any size (a file too large for one string),
 * then finish(). Fills the contract's columns plus any extra columns asked for. `name` goes in errors.
 * Rows must be indexed firstIndex, firstIndex + 1, ... (an extraction may start inside the dataset).
 */
export class LatentsCsvParser {
  readonly cols: LatentColumns;
  readonly extra: Record<string, Float32Array>;
  private header: string[] | undefined;
  private pos: number[] = [];
  private targets: (Float32Array | Int32Array)[] = [];
  private readonly records: CsvRecordReader;
  private row = 0;

  constructor(private expectedRows: number, private name: string, private extraNames: string[] = [], private firstIndex = 0) {
    this.records = new CsvRecordReader((fields) => this.record(fields), name);
    const n = expectedRows;
    const f = () => new Float32Array(n), i32 = () => new Int32Array(n);
    this.cols = { x: f(), y: f(), z: f(), rxy: f(), ryz: f(), rzx: f(), category: i32(), identity: i32(), scene: i32() };
    this.extra = Object.fromEntries(extraNames.map((c) => [c, f()]));
  }

  push(chunk: string): void {
    this.records.push(chunk);
  }

  finish(): { cols: LatentColumns; extra: Record<string, Float32Array> } {
    this.records.finish();
    if (!this.header) throw new Error(`${this.name}: empty (no header)`);
    if (this.row !== this.expectedRows) throw new Error(`${this.name}: ${this.row} rows, expected ${this.expectedRows} (truncated?)`);
    return { cols: this.cols, extra: this.extra };
  }

  private record(parts: string[]): void {
    if (!this.header) {
      const header = parts;
      const want = [...CONTRACT_COLUMNS, ...this.extraNames];
      this.pos = want.map((c) => {
        const i = header.indexOf(c);
        if (i < 0) throw new Error(`${this.name}: missing column '${c}' (header: ${header.join(',')})`);
        return i;
      });
      const c = this.cols;
      this.targets = [...CONTRACT_COLUMNS.map((k) => c[k]), ...this.extraNames.map((e) => this.extra[e])];
      this.header = header;
      return;
    }
    const row = this.row;
    if (row >= this.expectedRows) throw new Error(`${this.name}: more than the ${this.expectedRows} rows meta.json promises`);
    if (parts.length !== this.header.length) throw new Error(`${this.name}: row ${row + 1} has ${parts.length} fields, expected ${this.header.length}`);
    if (Number(parts[0]) !== this.firstIndex + row) throw new Error(`${this.name}: row ${row + 1} has index ${parts[0]}, expected ${this.firstIndex + row}`);
    for (let k = 0; k < this.pos.length; k++) this.targets[k][row] = Number(parts[this.pos[k]]);
    this.row++;
  }
}

/** Parse a whole latents.csv text (see LatentsCsvParser). */
export function parseLatentsCsv(text: string, expectedRows: number, name: string, extra: string[] = [], firstIndex = 0): { cols: LatentColumns; extra: Record<string, Float32Array> } {
  const p = new LatentsCsvParser(expectedRows, name, extra, firstIndex);
  p.push(text);
  return p.finish();
}
