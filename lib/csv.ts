// The project's CSV reader and writer (RFC 4180: a header row, commas, double-quoted fields with ""
// escapes, \n or \r\n line ends), for every small table: brainio stimulus sets (pandas `to_csv`),
// results tables, paper tables, metrics.csv, sweeps. latents.csv has its own streaming, numbers-only
// parser (data/csv.ts) because datasets reach millions of rows.

export interface CsvTable {
  columns: string[];
  rows: string[][];
}

export function parseCsv(text: string, source = 'csv'): CsvTable {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') { record.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field); field = '';
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
    } else field += ch;
  }
  if (quoted) throw new Error(`${source}: unterminated quoted field`);
  if (field !== '' || record.length > 0) { record.push(field); records.push(record); }
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

/** Rows as objects keyed by column, a cell becoming a number where it parses as a finite one. */
export function parseCsvRecords(text: string, source = 'csv'): Record<string, string | number>[] {
  if (text.trim() === '') return [];
  const t = parseCsv(text, source);
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, j) => {
    const cell = r[j]!;
    const num = Number(cell);
    return [c, cell.trim() !== '' && Number.isFinite(num) ? num : cell];
  })));
}

/** One field as CSV writes it: quoted (with "" escapes) only when it holds a comma, quote or line end. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows to CSV with the union of their keys as columns (first-seen order): integers as they are, other
 * numbers to 6 significant digits, null/undefined empty. */
export function toCsv(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '';
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => csvField(v == null ? '' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(6)) : String(v));
  return [cols.map(csvField).join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}
