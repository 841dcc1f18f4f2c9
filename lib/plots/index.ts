// lib/plots: Plotly figures shared by notebooks (inline mime bundles) and the paper runner (HTML/PNG files).
export { type Figure, type Trace, PLOTLY_BUNDLE, plotlyBundlePath } from './figure.js';
export { show, showMarkdown, showPng, plotlyBundle, PLOTLY_MIME } from './inline.js';
export { figureHtml, writeFigureHtml, writeFigurePng, canWritePng, ensurePlotlyBundle, CHROMIUM, CHROMIUM_ARGS } from './export.js';
export { markdownTable } from './table.js';
export * as charts from './charts.js';
