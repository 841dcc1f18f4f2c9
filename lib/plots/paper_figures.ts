// The paper's figures drawn from the summaries of lib/experiments/summaries.ts: one builder per kind of
// panel, so a notebook cell is one call and REPORT.md-side code can draw the same figure.
import { isIntraCurve, taskLabel, type DecodingPoint, type GroupMatrix, type LayerCurve, type VariabilityContrast } from '../experiments/summaries.js';
import { bars, groupedScatter, heatmap, lines, sideBySide, type Series } from './charts.js';
import type { Figure } from './figure.js';

/** Height of one row of side-by-side panels. */
const PANEL_HEIGHT = 400;

/** Fig 4a: the group-averaged CKA matrix at one layer, groups by their display names. */
export function groupMatrixFigure(gm: GroupMatrix, title: string): Figure {
  return heatmap(gm.mean, gm.groups.map(taskLabel), title);
}

/**
 * Fig 4b / D.2 / C.4: one line per curve of similarityToGroup, across layers with SD error bars; the
 * reference group's own curve (different seeds) is dashed. `name` turns a group into its legend entry.
 */
export function layerCurvesFigure(curves: LayerCurve[], title: string, yTitle = 'CKA',
  name: (group: string) => string = taskLabel): Figure {
  return lines(curves.map((c) => ({
    name: isIntraCurve(c.group) ? c.group : name(c.group), x: c.layers, y: c.mean, err: c.sd, dash: isIntraCurve(c.group) ? 'dash' : 'solid',
  })), title, 'layer', yTitle);
}

/** Fig D.3: one panel per layer, each model a point at its MDS coordinates, coloured by task. */
export function mdsFigure(embeddings: { runs: { id: string; task: string }[]; x: number[]; y: number[] }[], layers: string[], title: string): Figure {
  const panels = embeddings.map((e, i) => groupedScatter(e.runs.map((r, k) => ({ group: taskLabel(r.task), x: e.x[k]!, y: e.y[k]!, label: r.id })), layers[i] ?? ''));
  return sideBySide(panels, layers, title, 420);
}

export interface ContrastLabels {
  title: string;
  /** The score's axis title (e.g. 'category accuracy'). */
  yTitle: string;
  /** Legend entry of the reduced-variability models. */
  reducedLabel: string;
}

/**
 * Fig 5b/c, E.2: one panel per target task, decoding score across layers for full vs reduced non-target
 * variability; '*' marks layers where the two differ (p < 0.05).
 */
export function variabilityContrastFigure(cs: VariabilityContrast[], tasks: readonly string[], labels: ContrastLabels): Figure {
  const panels = tasks.map((t) => {
    const c = cs.filter((x) => x.task === t);
    const layers = c.map((x) => x.layer);
    return lines([
      { name: 'full variability', x: layers, y: c.map((x) => x.full.mean), err: c.map((x) => x.full.sd), marks: c.map((x) => (x.p < 0.05 ? '*' : '')) },
      { name: labels.reducedLabel, x: layers, y: c.map((x) => x.reduced.mean), err: c.map((x) => x.reduced.sd), dash: 'dash' },
    ], taskLabel(t), 'layer', labels.yTitle);
  });
  return sideBySide(panels, tasks.map((t) => `target: ${taskLabel(t)}`), labels.title, PANEL_HEIGHT);
}

/**
 * Fig E.1: one panel per spatial task, category decoding across layers of its full and one-category (TDW-1)
 * models against category-trained and untrained models.
 */
export function categoryDecodingFigure(points: DecodingPoint[], tasks: readonly string[], layers: readonly string[], title: string): Figure {
  const curve = (task: string, variant: string, s: Omit<Series, 'x' | 'y' | 'err'>): Series => {
    const ps = layers.map((l) => points.find((p) => p.task === task && p.variant === variant && p.layer === l && p.target === 'category'))
      .filter((p): p is DecodingPoint => p !== undefined);
    return { ...s, x: ps.map((p) => p.layer), y: ps.map((p) => p.mean), err: ps.map((p) => p.sd) };
  };
  const panels = tasks.map((t) => lines([
    curve(t, 'full', { name: 'target model (full)' }),
    curve(t, 'tdw-1', { name: 'target model (TDW-1)', dash: 'dash' }),
    curve('category', 'full', { name: 'category-trained', color: '#54a24b' }),
    curve('untrained', 'full', { name: 'untrained', color: '#888888', dash: 'dot' }),
  ], taskLabel(t), 'layer', 'category accuracy'));
  return sideBySide(panels, tasks.map(taskLabel), title, PANEL_HEIGHT);
}

/**
 * Fig D.4: one panel per task, CKA with the `ref`-trained models across layers for the task's full vs
 * reduced-variability models (curves of variabilitySimilarity).
 */
export function variabilitySimilarityFigure(curves: LayerCurve[], ref: string, tasks: readonly string[], title: string, reducedLabel: string): Figure {
  const panels = tasks.map((t) => lines((['full', 'reduced'] as const).map((v) => {
    const c = curves.find((x) => x.group === `${t}|${v}`);
    if (!c) throw new Error(`variabilitySimilarityFigure: no curve '${t}|${v}'`);
    return { name: v === 'full' ? 'full variability' : reducedLabel, x: c.layers, y: c.mean, err: c.sd, dash: v === 'full' ? 'solid' : 'dash' };
  }), taskLabel(t), 'layer', `CKA with ${ref} models`));
  return sideBySide(panels, tasks.map(taskLabel), title, PANEL_HEIGHT);
}

/**
 * Fig D.5 / D.6: intra-group CKA (same task, different seeds) at one layer, bars per task for each training
 * variant; `byVariant` holds intraGroupSimilarity's values per variant, 'full' first.
 */
export function intraGroupFigure(byVariant: { variant: string; values: number[] }[], tasks: readonly string[], layer: string, title: string): Figure {
  const names = tasks.map(taskLabel);
  return bars(names, byVariant.map((v) => ({ name: v.variant === 'full' ? 'full variability' : `reduced (${v.variant})`, y: v.values })),
    title, `intra-group CKA, ${layer.replace('.relu', '')}`);
}
