// Figures as files: standalone offline HTML always; PNG when Debian chromium is installed (optional).
import { existsSync } from 'node:fs';
import { writeAtomic } from '../atomic.js';
import { bundleScript, figureSnippet, scriptJson, type Figure } from './figure.js';

export const CHROMIUM = '/usr/bin/chromium';


export function figureHtml(fig: Figure, title = 'whatwhere figure'): string {
  const esc = title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${esc}</title></head>\n<body>\n` +
    `${bundleScript()}\n${figureSnippet(fig, 'figure')}\n</body></html>\n`;
}

export function writeFigureHtml(fig: Figure, file: string, title?: string): void {
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
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(`<html><body>${bundleScript()}<div id="f"></div></body></html>`);
    const url = await page.evaluate(
      `window.Plotly.newPlot('f', ${scriptJson(fig.data)}, ${scriptJson(fig.layout ?? {})}, {staticPlot: true})` +
      `.then(function(gd){ return window.Plotly.toImage(gd, {format: 'png', width: ${size.width}, height: ${size.height}}); })`,
    ) as string;
    const b64 = url.slice(url.indexOf(',') + 1);
    writeAtomic(file, Buffer.from(b64, 'base64'));
    return true;
  } finally {
    await browser.close();
  }
}
