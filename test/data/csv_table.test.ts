// lib/csv.ts: the one reader and writer of small CSV tables. What it writes it reads back, field for field.
import { describe, expect, it } from 'vitest';
import { column, csvField, csvObjects, parseCsv, toCsv } from '../../lib/csv.js';

describe('lib/csv', () => {
  it('round-trips fields holding commas, quotes and line ends', () => {
    const rows = [
      { model: 'r18-a,b', note: 'say "hi"', n: 3, score: 0.123456789 },
      { model: 'line\nbreak', note: '', n: -1, score: 2.5 },
    ];
    const text = toCsv(rows);
    expect(text.split('\n')[0]).toBe('model,note,n,score');
    expect(csvObjects(text, 't.csv')).toEqual([
      { model: 'r18-a,b', note: 'say "hi"', n: 3, score: 0.123457 },
      { model: 'line\nbreak', note: '', n: -1, score: 2.5 },
    ]);
  });

  it('quotes only what needs it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('x"y')).toBe('"x""y"');
    expect(csvField('cr\r')).toBe('"cr\r"');
  });

  it('reads pandas output with CRLF line ends and picks columns by name', () => {
    const t = parseCsv('id,name\r\n1,"a ""b"""\r\n2,c\r\n', 's.csv');
    expect(t.columns).toEqual(['id', 'name']);
    expect(column(t, 'name', 's.csv')).toEqual(['a "b"', 'c']);
    expect(() => column(t, 'nope', 's.csv')).toThrow("s.csv: no column 'nope' (columns: id, name)");
  });

  it('names the file and row of a malformed table', () => {
    expect(() => parseCsv('a,b\n1,2,3\n', 'bad.csv')).toThrow('bad.csv: row 2 has 3 fields, header has 2');
    expect(() => parseCsv('a\n"open\n', 'q.csv')).toThrow('q.csv: unterminated quoted field');
    expect(csvObjects('', 'e.csv')).toEqual([]);
  });

  it('keeps non-numeric cells as strings and numbers as numbers', () => {
    expect(csvObjects('k,v\nx,1e-3\ny,NaN\nz, \n')).toEqual([{ k: 'x', v: 0.001 }, { k: 'y', v: 'NaN' }, { k: 'z', v: ' ' }]);
  });
});

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
