import { describe, expect, it } from 'vitest';
import { LatentsCsvParser, csvHeader, csvRow, parseLatentsCsv } from '../../lib/data/csv.js';
import { SampleRenderer, sampleSeed } from '../../lib/render/sample.js';

describe('latents.csv', () => {
  const r = new SampleRenderer(16);
  const img = new Uint8Array(16 * 16 * 3);
  const lat = [...Array(40).keys()].map((i) => r.render(sampleSeed(1, 'full', 'train', i), [...Array(117).keys()], img, 0));
  const text = csvHeader() + lat.map((l, i) => csvRow(i, l)).join('');

  it('round-trips the latents at float32 precision (8 significant digits)', () => {
    const { cols } = parseLatentsCsv(text, 40, 'latents.csv');
    lat.forEach((l, i) => {
      for (const k of ['x', 'y', 'z', 'rxy', 'ryz', 'rzx'] as const) expect(cols[k][i]).toBeCloseTo(l[k], 6);
      expect(cols.category[i]).toBe(l.category);
      expect(cols.identity[i]).toBe(l.identity);
      expect(cols.scene[i]).toBe(l.scene);
    });
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
