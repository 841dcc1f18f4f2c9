// lib/plots: Plotly figures shared by notebooks (inline) and the paper runner (HTML/PNG files).
export { type Figure, type Trace, plotlyBundle } from './figure.js';
export { show, showMarkdown, showPng } from './inline.js';
export { figureHtml, writeFigureHtml, writeFigurePng, canWritePng } from './export.js';
export { markdownTable } from './table.js';
export * as charts from './charts.js';
