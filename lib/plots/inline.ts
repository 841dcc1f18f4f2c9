// Inline figures in a tslab notebook as a Plotly mime bundle (application/vnd.plotly.v1+json), which
// JupyterLab draws with the jupyterlab-plotly renderer that ships with the `plotly` Python package. It
// renders in untrusted notebooks, carries only the figure's data (no 4.8 MB bundle per output), and
// comes with fallbacks for viewers without that renderer: a PNG when one was rendered, and a line of text.
import { figureJson, figureTitle, type Figure } from './figure.js';

export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

interface TslabDisplay { html(s: string): void; markdown(s: string): void; png(b: Uint8Array): void; raw(type: string, b: unknown): void }
type WriteDisplayData = (data: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) => void;

/** tslab's display API when running inside a tslab kernel, else undefined. */
export function tslabDisplay(): TslabDisplay | undefined {
  if (!process.argv.some((a) => /tslab/.test(a))) return undefined;
  // In a tslab kernel lib/ is compiled to CommonJS, so `require` exists there.
  if (typeof require !== 'function') return undefined;
  return (require('tslab') as { display: TslabDisplay }).display;
}

/** The display_data bundle for `fig`: Plotly JSON, text, and the PNG fallback when given. */
export function plotlyBundle(fig: Figure, png?: Uint8Array): Record<string, unknown> {
  const bundle: Record<string, unknown> = {
    [PLOTLY_MIME]: figureJson(fig),
    'text/plain': `Plotly figure: ${figureTitle(fig)} (open in JupyterLab, \`npm run lab\`, to see it)`,
  };
  if (png) bundle['image/png'] = Buffer.from(png).toString('base64');
  return bundle;
}

/**
 * Shows `fig` inline in tslab (with `png` as the static fallback when given); outside a notebook, says
 * where to look instead.
 */
export function show(fig: Figure, png?: Uint8Array): void {
  const display = tslabDisplay();
  if (!display) {
    console.error('[plots] not in a tslab kernel: use writeFigureHtml(fig, file) to save this figure');
    return;
  }
  // tslab's public API sends one mime type per output; its kernel's writer (the same one display.raw
  // calls) takes a whole bundle.
  const write = (require('tslab/dist/jupyter') as { lastWriteDisplayData?: WriteDisplayData | null }).lastWriteDisplayData;
  if (typeof write === 'function') write({ data: plotlyBundle(fig, png), metadata: {}, transient: {} }, false);
  else display.raw(PLOTLY_MIME, figureJson(fig));
}

/** Markdown output in tslab (e.g. a results table or a note); printed to stdout elsewhere. */
export function showMarkdown(md: string): void {
  const display = tslabDisplay();
  if (display) display.markdown(md);
  else console.log(md);
}

/** A PNG (e.g. a contact sheet) inline in tslab. */
export function showPng(png: Uint8Array): void {
  const display = tslabDisplay();
  if (display) display.png(png);
  else console.error('[plots] not in a tslab kernel: PNG not shown');
}
