// `whatwhere sheet`: a contact sheet PNG, one row per category (from a dataset, or portraits of every identity).
import { writeFileSync } from 'node:fs';
import { openDataset } from '../data/index.js';
import { catalogueSheet, datasetSheet } from '../data/sheet.js';
import { encodePng } from '../render/png.js';
import { bool, num, optStr, str, UsageError } from './args.js';
import { parseOptions, type Options } from './options.js';

export const summary = 'draw a contact sheet PNG: one row per category of a dataset, or every identity (--catalogue)';

export const options = {
  data: { value: 'DIR', help: 'dataset to draw from, one row per category', required: 'unless --catalogue' },
  out: { value: 'FILE.png', help: 'the sheet to write', required: true },
  per: { value: 'N', help: 'images per row (1-100)', default: 10 },
  catalogue: { help: 'portraits of every identity instead of a dataset' },
  size: { value: 'PX', help: 'portrait side with --catalogue (16-512)', default: 64 },
} as const satisfies Options;

export async function run(argv: string[]): Promise<number> {
  const flags = parseOptions(argv, options, 'sheet');
  const out = str(flags, 'out', 'sheet');
  if (!out.endsWith('.png')) throw new UsageError(`whatwhere sheet: --out expected a .png file, got '${out}'`);
  let sheet;
  if (bool(flags, 'catalogue')) {
    sheet = catalogueSheet(num(flags, 'size', 'sheet', options.size.default, { integer: true, min: 16, max: 512 }));
  } else {
    const dir = optStr(flags, 'data');
    if (!dir) throw new UsageError('whatwhere sheet: missing --data DIR (or --catalogue)');
    const ds = openDataset(dir);
    try {
      sheet = datasetSheet(ds, num(flags, 'per', 'sheet', options.per.default, { integer: true, min: 1, max: 100 }));
    } finally {
      ds.close();
    }
  }
  writeFileSync(out, encodePng(sheet.rgb, sheet.width, sheet.height));
  console.log(`${out}: ${sheet.width}x${sheet.height}, ${sheet.rows.length} rows: ${sheet.rows.join(', ')}`);
  return 0;
}
