// Inline figures in a tslab notebook, offline: the Plotly bundle goes into the first figure's output
// of each kernel session, every later figure only carries its data and a newPlot call.
import { bundleScript, figureSnippet, type Figure } from './figure.js';

interface TslabDisplay { html(s: string): void; markdown(s: string): void; png(b: Uint8Array): void }

let bundleShown = false;
let counter = 0;
const session = Math.random().toString(36).slice(2, 8);

/** tslab's display API when running inside a tslab kernel, else undefined. */
export function tslabDisplay(): TslabDisplay | undefined {
  if (!process.argv.some((a) => /tslab/.test(a))) return undefined;
  // In a tslab kernel lib/ is compiled to CommonJS, so `require` exists there.
  if (typeof require !== 'function') return undefined;
  return (require('tslab') as { display: TslabDisplay }).display;
}

/** Shows `fig` inline in tslab; outside a notebook, says where to look instead. */
export function show(fig: Figure): void {
  const display = tslabDisplay();
  if (!display) {
    console.error('[plots] not in a tslab kernel: use writeFigureHtml(fig, file) to save this figure');
    return;
  }
  const id = `whatwhere-plot-${session}-${++counter}`;
  const html = (bundleShown ? '' : bundleScript() + '\n') + figureSnippet(fig, id);
  bundleShown = true;
  display.html(html);
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
