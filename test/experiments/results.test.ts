// The notebooks' tables: toCsv writes what csvObjects reads back, whatever the text fields hold.
import { describe, expect, it } from 'vitest';
import { csvObjects, toCsv } from '../../lib/experiments/results.js';

describe('result tables as CSV', () => {
  it('round-trip a field holding a comma, a quote and a line break, and keep numbers as numbers', () => {
    const rows = [
      { model: 'r18, "wide"', layer: 'layer4.1', r: 0.123456789, n: 2000 },
      { model: 'plain', layer: 'two\nlines', r: -1.5, n: 3 },
    ];
    const text = toCsv(rows);
    expect(text).toBe('model,layer,r,n\n"r18, ""wide""",layer4.1,0.123457,2000\nplain,"two\nlines",-1.50000,3\n');
    expect(csvObjects(text, 'rows.csv')).toEqual([
      { model: 'r18, "wide"', layer: 'layer4.1', r: 0.123457, n: 2000 },
      { model: 'plain', layer: 'two\nlines', r: -1.5, n: 3 },
    ]);
  });

  it('reads CRLF files, keeps empty cells as empty strings, and names the file on a ragged row', () => {
    expect(csvObjects('a,b\r\n1,\r\nx,2\r\n', 'w.csv')).toEqual([{ a: 1, b: '' }, { a: 'x', b: 2 }]);
    expect(() => csvObjects('a,b\n1,2,3\n', 'ragged.csv')).toThrow('ragged.csv: row 2 has 3 fields, header has 2');
  });
});
