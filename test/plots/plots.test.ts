// Figures written as files: standalone offline HTML (bundle + data), PNG through Debian chromium when present.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canWritePng, figureHtml, markdownTable, writeFigureHtml, writeFigurePng, type Figure } from '../../lib/plots/index.js';

const fig: Figure = {
  data: [{ type: 'scatter', mode: 'lines+markers', x: [1, 2, 3], y: [0.2, 0.5, 0.4], name: 'IT </script> test' }],
  layout: { title: { text: 'test' }, height: 300 },
};

describe('lib/plots', () => {
  it('writes a standalone HTML figure that carries the Plotly bundle and the data, script-safe', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ww-plot-')), 'f.html');
    writeFigureHtml(fig, file, 'A & B');
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<title>A &amp; B</title>');
    expect(html).toContain('plotly.js v');
    expect(html).toContain('"y":[0.2,0.5,0.4]');
    expect(html).not.toContain('IT </script> test');  // a trace name cannot close the script element
    expect(html).toContain('IT \\u003c/script\\u003e test');
    expect(figureHtml(fig)).toBe(html.replace('A &amp; B', 'whatwhere figure'));
  });

  it('renders a PNG with chromium when it is installed, else declines without writing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ww-png-')), 'f.png');
    const wrote = await writeFigurePng(fig, file, { width: 400, height: 300 });
    expect(wrote).toBe(canWritePng());
    if (wrote) {
      const png = readFileSync(file);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(400);          // IHDR width
      expect(png.readUInt32BE(20)).toBe(300);
    } else {
      expect(existsSync(file)).toBe(false);
    }
  }, 60_000);

  it('formats markdown tables', () => {
    expect(markdownTable([{ a: 1, b: 0.12345 }, { a: 2, b: 'x|y' }])).toBe('| a | b |\n| --- | --- |\n| 1 | 0.123 |\n| 2 | x\\|y |');
  });
});
