// Figure builders the notebooks share: each returns a plain Plotly figure (data + layout).
import type { Figure, Trace } from './figure.js';

export const PALETTE = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac', '#1f2937'];

export function colorFor(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** A labelled heatmap (e.g. a group-averaged CKA matrix), values printed in the cells. */
export function heatmap(z: number[][], labels: string[], title: string, opts: { zmin?: number; zmax?: number; colorbar?: string } = {}): Figure {
  return {
    data: [{
      type: 'heatmap', z, x: labels, y: labels, zmin: opts.zmin ?? 0, zmax: opts.zmax ?? 1, colorscale: 'Viridis',
      text: z.map((row) => row.map((v) => (Number.isFinite(v) ? v.toFixed(2) : ''))), texttemplate: '%{text}',
      colorbar: { title: { text: opts.colorbar ?? 'CKA' } }, hovertemplate: '%{y} vs %{x}: %{z:.3f}<extra></extra>',
    }],
    // automargin: long task names ("All spatial + classification") widen the margin instead of being clipped.
    layout: { title: { text: title }, height: 460, xaxis: { automargin: true }, yaxis: { autorange: 'reversed', automargin: true } },
  };
}

export interface Series {
  name: string;
  x: (string | number)[];
  y: number[];
  err?: number[];
  dash?: 'solid' | 'dash' | 'dot';
  color?: string;
  /** Text marks (e.g. '*' for significance) placed above points. */
  marks?: string[];
}

/** Lines with SD error bars, one per series. */
export function lines(series: Series[], title: string, xTitle: string, yTitle: string, opts: { height?: number; yRange?: [number, number] } = {}): Figure {
  const data: Trace[] = series.map((s, i) => ({
    type: 'scatter', mode: 'lines+markers', name: s.name, x: s.x, y: s.y,
    line: { color: s.color ?? colorFor(i), dash: s.dash ?? 'solid' },
    error_y: s.err ? { type: 'data', array: s.err, visible: true, thickness: 1 } : undefined,
  }));
  for (const s of series) {
    if (!s.marks) continue;
    data.push({
      type: 'scatter', mode: 'text', x: s.x, y: s.y.map((v, k) => v + (s.err?.[k] ?? 0)), text: s.marks,
      textposition: 'top center', showlegend: false, hoverinfo: 'skip', textfont: { size: 16 },
    });
  }
  return {
    data,
    layout: { title: { text: title }, xaxis: { title: { text: xTitle } }, yaxis: { title: { text: yTitle }, range: opts.yRange }, height: opts.height ?? 420 },
  };
}

export interface BarSeries {
  name: string;
  y: number[];
  err?: number[];
  color?: string;
}

/** Grouped bars with SD error bars (e.g. per-region scores per task). */
export function bars(categories: string[], series: BarSeries[], title: string, yTitle: string): Figure {
  return {
    data: series.map((s, i) => ({
      type: 'bar', name: s.name, x: categories, y: s.y, marker: { color: s.color ?? colorFor(i) },
      error_y: s.err ? { type: 'data', array: s.err, visible: true } : undefined,
    })),
    layout: { title: { text: title }, barmode: 'group', xaxis: { automargin: true }, yaxis: { title: { text: yTitle } }, height: 420 },
  };
}

/** A scatter with one trace per group (e.g. MDS coordinates coloured by task). */
export function groupedScatter(points: { group: string; x: number; y: number; label?: string }[], title: string, xTitle = '', yTitle = ''): Figure {
  const groups = [...new Set(points.map((p) => p.group))];
  return {
    data: groups.map((g, i) => {
      const ps = points.filter((p) => p.group === g);
      return { type: 'scatter', mode: 'markers', name: g, x: ps.map((p) => p.x), y: ps.map((p) => p.y), text: ps.map((p) => p.label ?? g), marker: { size: 10, color: colorFor(i) } };
    }),
    layout: { title: { text: title }, xaxis: { title: { text: xTitle } }, yaxis: { title: { text: yTitle } }, height: 460 },
  };
}

/** Several figures' traces side by side in one row of subplots (shared legend). */
export function sideBySide(figs: Figure[], titles: string[], title: string, height = 420): Figure {
  const n = figs.length;
  const data: Trace[] = [];
  const layout: Record<string, unknown> = { title: { text: title }, height, grid: { rows: 1, columns: n, pattern: 'independent' }, annotations: [] };
  const seen = new Set<string>();
  figs.forEach((f, i) => {
    const ax = i === 0 ? '' : String(i + 1);
    for (const t of f.data) {
      const name = String(t.name ?? '');
      data.push({ ...t, xaxis: `x${ax}`, yaxis: `y${ax}`, showlegend: t.showlegend === false ? false : !seen.has(name), legendgroup: name });
      seen.add(name);
    }
    const fl = (f.layout ?? {}) as Record<string, Record<string, unknown> | undefined>;
    layout[`xaxis${ax}`] = { ...fl.xaxis };
    layout[`yaxis${ax}`] = { ...fl.yaxis };
    (layout.annotations as unknown[]).push({ text: titles[i], xref: `x${ax} domain`, yref: `y${ax} domain`, x: 0.5, y: 1.08, showarrow: false });
  });
  return { data, layout };
}
