// Figures as files: standalone HTML that loads Plotly from one bundle copied once into the figure's
// folder (offline, small per figure); PNG when Debian chromium is installed (optional).
import { copyFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeAtomic } from '../atomic.js';
import { figureJson, PLOTLY_BUNDLE, plotlyBundlePath, scriptJson, type Figure } from './figure.js';

export const CHROMIUM = '/usr/bin/chromium';

/** Flags that let Debian chromium start headless as root in a container with no network. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A standalone page drawing `fig`; it loads Plotly from `bundleSrc` (a path relative to the page). */
export function figureHtml(fig: Figure, title = 'whatwhere figure', bundleSrc = PLOTLY_BUNDLE): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const { data, layout, config } = figureJson(fig);
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${esc(title)}</title>\n` +
    `<script src="${esc(bundleSrc)}"></script></head>\n<body>\n` +
    `<div id="figure" style="min-height:${Number(layout.height ?? 420)}px"></div>\n` +
    `<script>Plotly.newPlot("figure", ${scriptJson(data)}, ${scriptJson(layout)}, ${scriptJson(config)});</script>\n` +
    `</body></html>\n`;
}

/** Copies Plotly's bundle into `dir` unless an identical-sized copy is already there. */
export function ensurePlotlyBundle(dir: string): string {
  const target = join(dir, PLOTLY_BUNDLE);
  const source = plotlyBundlePath();
  if (!existsSync(target) || statSync(target).size !== statSync(source).size) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${target}.tmp-${process.pid}`;
    copyFileSync(source, tmp);
    renameSync(tmp, target);   // parallel writers each rename a whole copy
  }
  return target;
}

/** Writes `file` (HTML) and, once per folder, the Plotly bundle it loads. */
export function writeFigureHtml(fig: Figure, file: string, title?: string): void {
  ensurePlotlyBundle(dirname(file));
  writeAtomic(file, figureHtml(fig, title));
}

export function canWritePng(): boolean {
  return existsSync(CHROMIUM);
}

/**
 * Renders `fig` to PNG with headless Debian chromium through playwright-core (about 3 s a call).
 * Returns false, writing nothing, when chromium or playwright-core is absent.
 */
export async function writeFigurePng(fig: Figure, file: string, size = { width: 900, height: 520 }): Promise<boolean> {
  if (!canWritePng()) return false;
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return false;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.setContent('<html><body><div id="f"></div></body></html>');
    await page.addScriptTag({ path: plotlyBundlePath() });
    const { data, layout } = figureJson(fig);
    const url = await page.evaluate(
      `window.Plotly.newPlot('f', ${scriptJson(data)}, ${scriptJson(layout)}, {staticPlot: true})` +
      `.then(function(gd){ return window.Plotly.toImage(gd, {format: 'png', width: ${size.width}, height: ${size.height}}); })`,
    ) as string;
    const b64 = url.slice(url.indexOf(',') + 1);
    writeAtomic(file, Buffer.from(b64, 'base64'));
    return true;
  } finally {
    await browser.close();
  }
}
