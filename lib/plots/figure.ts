// A Plotly figure as plain data (the JSON Plotly.newPlot takes), plus the offline bundle.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../paths.js';

export type Trace = Record<string, unknown> & { type?: string };
export interface Figure {
  data: Trace[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

let bundle: string | undefined;

/** plotly.js-dist-min, read once: inlined so figures render with no network. */
export function plotlyBundle(): string {
  bundle ??= readFileSync(join(repoRoot(), 'node_modules', 'plotly.js-dist-min', 'plotly.min.js'), 'utf8');
  return bundle;
}

/** Escapes JSON for safe embedding inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export const DEFAULT_CONFIG = { responsive: true, displaylogo: false };

/** A <div> and the script that draws `fig` into it once window.Plotly exists. */
export function figureSnippet(fig: Figure, id: string): string {
  const layout: Record<string, unknown> = { ...fig.layout };
  return `<div id="${id}" class="whatwhere-plot" style="min-height:${Number(layout.height ?? 420)}px"></div>\n` +
    `<script>(function(){var go=function(){if(!window.Plotly){return setTimeout(go,30);}` +
    `window.Plotly.newPlot(${scriptJson(id)},${scriptJson(fig.data)},${scriptJson(layout)},${scriptJson({ ...DEFAULT_CONFIG, ...fig.config })});};go();})();</script>`;
}

/** The bundle as a <script>, wrapped so an AMD loader on the page (classic Notebook) does not capture it. */
export function bundleScript(): string {
  return `<script>(function(){var define=undefined,module=undefined,exports=undefined;\n${plotlyBundle()}\n})();</script>`;
}
