import { describe, expect, it } from 'vitest';
import { CsvRecordReader, column, csvLine, parseCsv, parseCsvRecords } from '../../lib/csv.js';
import { LatentsCsvParser, contractCsvHeader, contractCsvRow, csvHeader, csvRow, fmtLatent, parseLatentsCsv } from '../../lib/data/csv.js';
import { analysisRandom } from '../../lib/random/index.js';
import { SampleRenderer, sampleSeed } from '../../lib/render/sample.js';

const r = new SampleRenderer(16);
const img = new Uint8Array(16 * 16 * 3);
const lat = [...Array(40).keys()].map((i) => r.render(sampleSeed(1, 'full', 'train', i), [...Array(117).keys()], img, 0));
const text = csvHeader() + lat.map((l, i) => csvRow(i, l)).join('');

describe('latents.csv', () => {

  it('round-trips the latents at float32 precision (8 significant digits)', () => {
    const { cols } = parseLatentsCsv(text, 40, 'latents.csv');
    lat.forEach((l, i) => {
      for (const k of ['x', 'y', 'z', 'rxy', 'ryz', 'rzx'] as const) expect(cols[k][i]).toBeCloseTo(l[k], 6);
      expect(cols.category[i]).toBe(l.category);
      expect(cols.identity[i]).toBe(l.identity);
      expect(cols.scene[i]).toBe(l.scene);
    });
  });

  it('writes each latent exactly as its defining formula (toPrecision(8) / toFixed(4), reparsed and reprinted)', () => {
    const rng = analysisRandom(11);
    const values = [0, -0, 1, -1, 0.5, -0.00004, 0.00005, -0.00005, 0.99995, 9.99995, 1e-6, -1e-6, 9.9999999e-7, 1e-7, 123456.78,
      1e8, -1e8, 99999999.5, 1e10, 12345678901, 1e21, 3.4e38, Number.MIN_VALUE, NaN, Infinity, -Infinity, 1.005, 2.675, -1.0000500];
    for (let i = 0; i < 20000; i++) {
      const scale = 10 ** (rng.int(16) - 8);
      values.push((rng.uniform() - 0.5) * scale, Math.round(rng.uniform() * 2e5) / 1e4 + (rng.uniform() - 0.5) * 1e-12);
    }
    for (const v of values) {
      expect(fmtLatent('x', v), `x ${v}`).toBe(String(Number(v.toPrecision(8))));
      expect(fmtLatent('visible', v), `visible ${v}`).toBe(String(Number(v.toFixed(4))));
    }
    expect(fmtLatent('category', 17)).toBe('17');
  });

  it('parses the same in chunks of any size', () => {
    const whole = parseLatentsCsv(text, 40, 'latents.csv').cols;
    for (const size of [1, 7, 100, 4096]) {
      const p = new LatentsCsvParser(40, 'latents.csv');
      for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size));
      expect(p.finish().cols).toEqual(whole);
    }
  });

  it('names the file and the row in errors', () => {
    expect(() => parseLatentsCsv(text, 41, 'l.csv')).toThrow(/l\.csv: 40 rows, expected 41/);
    expect(() => parseLatentsCsv(text, 39, 'l.csv')).toThrow(/l\.csv: more than the 39 rows/);
    const bad = text.replace('\n5,', '\n6,');
    expect(() => parseLatentsCsv(bad, 40, 'l.csv')).toThrow(/row 6 has index 6, expected 5/);
    expect(() => parseLatentsCsv('a,b\n', 0, 'l.csv')).toThrow(/missing column 'x'/);
  });
});

describe('an extraction\'s latents.csv', () => {
  const cols = parseLatentsCsv(text, 40, 'latents.csv').cols;

  it('is written with every digit and read back by the dataset parser to the same numbers, from any start index', () => {
    const out = contractCsvHeader() + [...Array(40).keys()].map((i) => contractCsvRow(100 + i, cols, i)).join('');
    expect(out.split('\n')[0]).toBe('index,x,y,z,rxy,ryz,rzx,category,identity,scene');
    expect(out.split('\n')[1]!.startsWith('100,')).toBe(true);
    expect(parseLatentsCsv(out, 40, 'ex.csv', [], 100).cols).toEqual(cols);
    expect(() => parseLatentsCsv(out, 40, 'ex.csv')).toThrow(/ex\.csv: row 1 has index 100, expected 0/);
  });
});

describe('lib/csv (RFC 4180)', () => {
  const table = 'id,name,note\r\n1,"car, red","say ""hi"""\r\n2,"two\nlines",\r\n\r\n3,plain,"a\r\nb"\r\n';
  const want = [['id', 'name', 'note'], ['1', 'car, red', 'say "hi"'], ['2', 'two\nlines', ''], ['3', 'plain', 'a\r\nb']];

  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF, skipping blank lines', () => {
    expect(parseCsvRecords(table)).toEqual(want);
    expect(parseCsvRecords(table.replace(/\r\n(?!b)/g, '\n'))).toEqual(want);
    expect(parseCsvRecords('a,b')).toEqual([['a', 'b']]); // no final line end
  });

  it('reads the same in pieces of any size', () => {
    for (const size of [1, 2, 5, 11]) {
      const got: string[][] = [];
      const r = new CsvRecordReader((f) => got.push(f));
      for (let i = 0; i < table.length; i += size) r.push(table.slice(i, i + size));
      r.finish();
      expect(got).toEqual(want);
    }
  });

  it('writes what it reads, quoting only where needed', () => {
    const written = want.map((r) => csvLine(r)).join('');
    expect(written.split('\n')[0]).toBe('id,name,note');
    expect(csvLine(['1', 'car, red', 'say "hi"'])).toBe('1,"car, red","say ""hi"""\n');
    expect(csvLine([0, -1.5, 'x'])).toBe('0,-1.5,x\n');
    expect(parseCsvRecords(written)).toEqual(want);
  });

  it('checks the table shape and names the file', () => {
    const t = parseCsv('a,b\n1,2\n3,4\n', 't.csv');
    expect(column(t, 'b', 't.csv')).toEqual(['2', '4']);
    expect(() => column(t, 'c', 't.csv')).toThrow("t.csv: no column 'c' (columns: a, b)");
    expect(() => parseCsv('a,b\n1\n', 's.csv')).toThrow('s.csv: row 2 has 1 fields, header has 2');
    expect(() => parseCsv('', 'e.csv')).toThrow('e.csv: empty file');
    expect(() => parseCsvRecords('a,"b\n', 'u.csv')).toThrow('u.csv: unterminated quoted field (record starting on line 1)');
  });
});
