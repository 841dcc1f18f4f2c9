// Figures as files (offline HTML sharing one Plotly bundle per folder; PNG through Debian chromium when present)
// and as notebook mime bundles.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canWritePng, figureHtml, markdownTable, plotlyBundle, plotlyBundlePath, PLOTLY_MIME, writeFigureHtml, writeFigurePng, type Figure } from '../../lib/plots/index.js';

const fig: Figure = {
  data: [{ type: 'scatter', mode: 'lines+markers', x: [1, 2, 3], y: [0.2, 0.5, 0.4], name: 'IT </script> test' }],
  layout: { title: { text: 'test' }, height: 300 },
};

describe('lib/plots', () => {
  it('writes standalone HTML figures that load one Plotly bundle copied once into their folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-plot-'));
    writeFigureHtml(fig, join(dir, 'f.html'), 'A & B');
    writeFigureHtml(fig, join(dir, 'g.html'));
    const html = readFileSync(join(dir, 'f.html'), 'utf8');
    expect(html).toContain('<title>A &amp; B</title>');
    expect(html).toContain('<script src="plotly.min.js"></script>');
    expect(html).toContain('"y":[0.2,0.5,0.4]');
    expect(html).not.toContain('IT </script> test');  // a trace name cannot close the script element
    expect(html).toContain('IT \\u003c/script\\u003e test');
    expect(html.length).toBeLessThan(2000);           // data only: the bundle is not inlined
    expect(readdirSync(dir).sort()).toEqual(['f.html', 'g.html', 'plotly.min.js']);
    expect(readFileSync(join(dir, 'plotly.min.js')).equals(readFileSync(plotlyBundlePath()))).toBe(true);
    expect(figureHtml(fig)).toBe(readFileSync(join(dir, 'g.html'), 'utf8'));
  });

  it('makes a notebook mime bundle: Plotly JSON for JupyterLab, text, and the PNG fallback when given', () => {
    const bare = plotlyBundle(fig);
    expect(Object.keys(bare).sort()).toEqual([PLOTLY_MIME, 'text/plain']);
    const json = bare[PLOTLY_MIME] as { data: unknown[]; layout: Record<string, unknown>; config: Record<string, unknown> };
    expect(json.data).toEqual(fig.data);
    expect(json.layout).toEqual(fig.layout);
    expect(json.config).toEqual({ responsive: true, displaylogo: false });
    expect(bare['text/plain']).toBe('Plotly figure: test (open in JupyterLab, `npm run lab`, to see it)');
    const withPng = plotlyBundle({ data: [{ type: 'bar', y: [1], error_y: undefined }] }, new Uint8Array([137, 80, 78, 71]));
    expect(withPng['image/png']).toBe('iVBORw==');
    expect((withPng[PLOTLY_MIME] as { data: object[] }).data[0]).toEqual({ type: 'bar', y: [1] });  // JSON: no undefined fields
    expect(withPng['text/plain']).toBe('Plotly figure: figure (open in JupyterLab, `npm run lab`, to see it)');
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
