// `whatwhere sheet`: a contact sheet PNG, one row per category (from a dataset, or portraits of every identity).
import { writeFileSync } from 'node:fs';
import { openDataset } from '../data/index.js';
import { catalogueSheet, datasetSheet } from '../data/sheet.js';
import { encodePng } from '../render/png.js';
import { bool, num, optStr, parseFlags, str, UsageError } from './args.js';

export const summary = 'draw a contact sheet: --data DIR --out FILE.png [--per 10] (one row per category), or --catalogue --out FILE.png (every identity)';

export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { data: { type: 'string' }, out: { type: 'string' }, per: { type: 'string' }, catalogue: { type: 'boolean' }, size: { type: 'string' } }, 'sheet');
  const out = str(flags, 'out', 'sheet');
  if (!out.endsWith('.png')) throw new UsageError(`whatwhere sheet: --out expected a .png file, got '${out}'`);
  let sheet;
  if (bool(flags, 'catalogue')) {
    sheet = catalogueSheet(num(flags, 'size', 'sheet', 64, { integer: true, min: 16, max: 512 }));
  } else {
    const dir = optStr(flags, 'data');
    if (!dir) throw new UsageError('whatwhere sheet: missing --data DIR (or --catalogue)');
    const ds = openDataset(dir);
    try {
      sheet = datasetSheet(ds, num(flags, 'per', 'sheet', 10, { integer: true, min: 1, max: 100 }));
    } finally {
      ds.close();
    }
  }
  writeFileSync(out, encodePng(sheet.rgb, sheet.width, sheet.height));
  console.log(`${out}: ${sheet.width}x${sheet.height}, ${sheet.rows.length} rows: ${sheet.rows.join(', ')}`);
  return 0;
}
