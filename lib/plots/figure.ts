// A Plotly figure as plain data (the JSON Plotly.newPlot takes), plus where the offline bundle lives.
import { join } from 'node:path';
import { repoRoot } from '../paths.js';

export type Trace = Record<string, unknown> & { type?: string };
export interface Figure {
  data: Trace[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** The file name figures load Plotly from: one copy per figures folder, next to the HTML files. */
export const PLOTLY_BUNDLE = 'plotly.min.js';

/** plotly.js-dist-min's single-file bundle, so figures render with no network. */
export function plotlyBundlePath(): string {
  return join(repoRoot(), 'node_modules', 'plotly.js-dist-min', PLOTLY_BUNDLE);
}

/** Escapes JSON for safe embedding inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export const DEFAULT_CONFIG = { responsive: true, displaylogo: false };

/** The figure as plain JSON (undefined fields dropped) with the default config merged in. */
export function figureJson(fig: Figure): Required<Figure> {
  return JSON.parse(JSON.stringify({ data: fig.data, layout: fig.layout ?? {}, config: { ...DEFAULT_CONFIG, ...fig.config } })) as Required<Figure>;
}

/** The figure's title text, or `fallback`. */
export function figureTitle(fig: Figure, fallback = 'figure'): string {
  const title = fig.layout?.title;
  const text = typeof title === 'string' ? title : (title as { text?: unknown } | undefined)?.text;
  return typeof text === 'string' && text.trim() ? text : fallback;
}
