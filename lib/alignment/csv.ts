// Minimal RFC 4180 CSV reading for brainio stimulus-set tables (pandas `to_csv` output: a header row,
// commas, double-quoted fields with "" escapes, \n or \r\n line ends).

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
