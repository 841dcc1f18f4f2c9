// CSV (RFC 4180), the project's one reader and writer: comma-separated fields, double-quoted when they hold
// a comma, a quote or a line break, quotes doubled inside; \n or \r\n line ends; blank lines skipped.
// The reader streams (push text in pieces of any size, as a 100M-row latents.csv needs) and takes a fast
// path for lines without quotes.

/** Streaming record reader: `push` text in pieces, `finish` at the end; each record goes to `onRecord`. */
export class CsvRecordReader {
  private rest = '';
  /** Line (1-based) where the record in `rest` starts, for errors. */
  private line = 1;

  constructor(private readonly onRecord: (fields: string[]) => void, private readonly source = 'csv') {}

  push(chunk: string): void {
    const text = this.rest + chunk;
    let at = 0;
    let end = text.indexOf('\n', at);
    while (end >= 0) {
      let record = text.slice(at, end);
      let lines = 1;
      if (record.includes('"')) {
        // A line break inside quotes belongs to the field: the record ends where the quotes balance.
        while (countQuotes(record) % 2 === 1) {
          const next = text.indexOf('\n', end + 1);
          if (next < 0) { this.rest = text.slice(at); return; }
          end = next;
          record = text.slice(at, end);
          lines++;
        }
      }
      this.emit(record);
      this.line += lines;
      at = end + 1;
      end = text.indexOf('\n', at);
    }
    this.rest = text.slice(at);
  }

  finish(): void {
    if (this.rest.length > 0) {
      if (countQuotes(this.rest) % 2 === 1) throw new Error(`${this.source}: unterminated quoted field (record starting on line ${this.line})`);
      this.emit(this.rest);
      this.rest = '';
    }
  }

  private emit(record: string): void {
    if (record.endsWith('\r')) record = record.slice(0, -1);
    if (record === '') return;
    this.onRecord(record.includes('"') ? splitQuoted(record) : record.split(','));
  }
}

function countQuotes(s: string): number {
  let n = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) n++;
  return n;
}

/** Fields of one whole record that holds quotes (balanced). */
function splitQuoted(record: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const ch = record[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (record[i + 1] === '"') { field += '"'; i++; } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { fields.push(field); field = ''; } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** Every record of a whole CSV text. */
export function parseCsvRecords(text: string, source = 'csv'): string[][] {
  const records: string[][] = [];
  const reader = new CsvRecordReader((r) => records.push(r), source);
  reader.push(text);
  reader.finish();
  return records;
}

export interface CsvTable {
  columns: string[];
  rows: string[][];
}

/** A CSV with a header row; every row must have the header's number of fields. */
export function parseCsv(text: string, source = 'csv'): CsvTable {
  const records = parseCsvRecords(text, source);
  if (records.length === 0) throw new Error(`${source}: empty file, expected a header row`);
  const [columns, ...rows] = records;
  rows.forEach((r, i) => {
    if (r.length !== columns.length) throw new Error(`${source}: row ${i + 2} has ${r.length} fields, header has ${columns.length}`);
  });
  return { columns, rows };
}

/** One column's values, by name. */
export function column(t: CsvTable, name: string, source = 'csv'): string[] {
  const j = t.columns.indexOf(name);
  if (j < 0) throw new Error(`${source}: no column '${name}' (columns: ${t.columns.join(', ')})`);
  return t.rows.map((r) => r[j]);
}

/** A field as written: quoted (quotes doubled) only when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One record, '\n'-terminated. Numbers are written as the caller formatted them (String(n) by default). */
export function csvLine(fields: readonly (string | number)[]): string {
  let s = '';
  for (let i = 0; i < fields.length; i++) s += (i ? ',' : '') + csvField(String(fields[i]));
  return s + '\n';
}

/** A CSV with a header as one object per row keyed by column, a cell becoming a number where it parses as a finite one. */
export function csvObjects(text: string, source = 'csv'): Record<string, string | number>[] {
  if (text.trim() === '') return [];
  const { columns, rows } = parseCsv(text, source);
  return rows.map((r) => Object.fromEntries(columns.map((h, j) => {
    const cell = r[j]!;
    const num = Number(cell);
    return [h, cell.trim() !== '' && Number.isFinite(num) ? num : cell];
  })));
}

/** Rows to CSV with the union of their keys as columns (first-seen order): integers as they are, other
 * numbers to 6 significant digits, null/undefined empty. `csvObjects` reads it back. */
export function toCsv(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '';
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => v == null ? '' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(6)) : String(v);
  return csvLine(cols) + rows.map((r) => csvLine(cols.map((c) => cell(r[c])))).join('');
}
