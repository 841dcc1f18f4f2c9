// The paper-figure builders on small hand-made summaries: which traces, with which data, names and axis titles.
import { describe, expect, it } from 'vitest';
import type { DecodingPoint, GroupMatrix, LayerCurve, VariabilityContrast } from '../../lib/experiments/summaries.js';
import {
  categoryDecodingFigure, groupMatrixFigure, intraGroupFigure, layerCurvesFigure, mdsFigure, variabilityContrastFigure, variabilitySimilarityFigure,
} from '../../lib/plots/paper_figures.js';
import type { Figure, Trace } from '../../lib/plots/index.js';

type Axis = { title?: { text?: string } };
const axis = (fig: Figure, name: string) => (fig.layout?.[name] as Axis | undefined)?.title?.text;
const title = (fig: Figure) => (fig.layout?.title as { text: string }).text;
const panelTitles = (fig: Figure) => (fig.layout?.annotations as { text: string }[]).map((a) => a.text);
const lineOf = (t: Trace) => t.line as { dash: string; color: string };
const errOf = (t: Trace) => (t.error_y as { array: number[] } | undefined)?.array;

const point = (task: string, variant: string, layer: string, m: number, perModel = [m]): DecodingPoint =>
  ({ task, variant, layer, target: 'category', mean: m, sd: m / 10, perModel });

describe('paper figures', () => {
  it('groupMatrixFigure: a heatmap of the group means, groups by display name', () => {
    const gm: GroupMatrix = { groups: ['distance', 'category'], mean: [[0.9, 0.6], [0.6, 0.8]], sd: [[0, 0], [0, 0]], count: [[1, 4], [4, 1]] };
    const fig = groupMatrixFigure(gm, 'Fig 4a · layer1');
    expect(fig.data).toHaveLength(1);
    expect(fig.data[0]).toMatchObject({ type: 'heatmap', z: gm.mean, x: ['Distance', 'Object category'], y: ['Distance', 'Object category'] });
    expect(title(fig)).toBe('Fig 4a · layer1');
  });

  it('layerCurvesFigure: one line per curve, the intra curve dashed and named as is, SD error bars', () => {
    const curves: LayerCurve[] = [
      { group: 'intra - category', layers: ['l1', 'l2'], mean: [0.9, 0.7], sd: [0.01, 0.02] },
      { group: 'rotation', layers: ['l1', 'l2'], mean: [0.8, 0.4], sd: [0.03, 0.04] },
    ];
    const fig = layerCurvesFigure(curves, 'Fig 4b');
    expect(fig.data.map((t) => t.name)).toEqual(['intra - category', 'Rotation']);
    expect(fig.data.map((t) => lineOf(t).dash)).toEqual(['dash', 'solid']);
    expect(fig.data[1]).toMatchObject({ x: ['l1', 'l2'], y: [0.8, 0.4] });
    expect(errOf(fig.data[1]!)).toEqual([0.03, 0.04]);
    expect([axis(fig, 'xaxis'), axis(fig, 'yaxis')]).toEqual(['layer', 'CKA']);
    const named = layerCurvesFigure(curves, 'D.2', 'similarity', (g) => `Distance vs ${g}`);
    expect(named.data.map((t) => t.name)).toEqual(['intra - category', 'Distance vs rotation']);
    expect(axis(named, 'yaxis')).toBe('similarity');
  });

  it('mdsFigure: one panel per layer, one trace per task, points labelled by run', () => {
    const runs = [{ id: 'a0', task: 'distance' }, { id: 'b0', task: 'rotation' }, { id: 'a1', task: 'distance' }];
    const fig = mdsFigure([{ runs, x: [1, 2, 3], y: [4, 5, 6] }, { runs, x: [0, 0, 1], y: [1, 0, 0] }], ['l1', 'l2'], 'D.3');
    expect(fig.data.map((t) => [t.name, t.xaxis])).toEqual([['Distance', 'x'], ['Rotation', 'x'], ['Distance', 'x2'], ['Rotation', 'x2']]);
    expect(fig.data[0]).toMatchObject({ x: [1, 3], y: [4, 6], text: ['a0', 'a1'] });
    expect(panelTitles(fig)).toEqual(['l1', 'l2']);
  });

  it('variabilityContrastFigure: per task, full (with * where p < 0.05) vs reduced (dashed)', () => {
    const full = (layer: string, m: number) => point('distance', 'full', layer, m);
    const reduced = (layer: string, m: number) => point('distance', 'tdw-1', layer, m);
    const cs: VariabilityContrast[] = [
      { task: 'distance', target: 'category', layer: 'l1', full: full('l1', 0.5), reduced: reduced('l1', 0.3), U: 9, p: 0.01, direction: 'H1' },
      { task: 'distance', target: 'category', layer: 'l2', full: full('l2', 0.4), reduced: reduced('l2', 0.45), U: 3, p: 0.5, direction: 'H2' },
    ];
    const fig = variabilityContrastFigure(cs, ['distance'], { title: 'Fig 5b', yTitle: 'category accuracy', reducedLabel: 'TDW-1' });
    const [fullLine, reducedLine, marks] = fig.data;
    expect([fullLine!.name, reducedLine!.name]).toEqual(['full variability', 'TDW-1']);
    expect(fullLine).toMatchObject({ x: ['l1', 'l2'], y: [0.5, 0.4] });
    expect(reducedLine).toMatchObject({ x: ['l1', 'l2'], y: [0.3, 0.45] });
    expect(lineOf(reducedLine!).dash).toBe('dash');
    expect(marks).toMatchObject({ mode: 'text', text: ['*', ''] });
    (marks!.y as number[]).forEach((y, k) => expect(y).toBeCloseTo([0.55, 0.44][k]!, 12));   // above the error bar
    expect(errOf(fullLine!)).toEqual([0.05, 0.04]);
    expect(panelTitles(fig)).toEqual(['target: Distance']);
    expect(axis(fig, 'yaxis')).toBe('category accuracy');
    expect(title(fig)).toBe('Fig 5b');
  });

  it('categoryDecodingFigure: the task full/TDW-1 curves with category-trained and untrained references, missing layers skipped', () => {
    const points = [
      point('distance', 'full', 'l1', 0.2), point('distance', 'full', 'l2', 0.3), point('distance', 'tdw-1', 'l1', 0.1),
      point('category', 'full', 'l1', 0.6), point('category', 'full', 'l2', 0.7), point('untrained', 'full', 'l2', 0.05),
      { ...point('distance', 'full', 'l1', 0.99), target: 'x' },   // another target: ignored
    ];
    const fig = categoryDecodingFigure(points, ['distance'], ['l1', 'l2'], 'E.1');
    expect(fig.data.map((t) => t.name)).toEqual(['target model (full)', 'target model (TDW-1)', 'category-trained', 'untrained']);
    expect(fig.data.map((t) => t.y)).toEqual([[0.2, 0.3], [0.1], [0.6, 0.7], [0.05]]);
    expect(fig.data[3]!.x).toEqual(['l2']);
    expect(lineOf(fig.data[3]!)).toEqual({ color: '#888888', dash: 'dot' });
    expect(panelTitles(fig)).toEqual(['Distance']);
    expect(axis(fig, 'yaxis')).toBe('category accuracy');
  });

  it('variabilitySimilarityFigure: per task, full vs reduced CKA with the reference models; a missing curve is an error', () => {
    const c = (group: string, m: number): LayerCurve => ({ group, layers: ['l3', 'l4'], mean: [m, m / 2], sd: [0.1, 0.1] });
    const curves = [c('intra - ref', 0.9), c('rotation|full', 0.8), c('rotation|reduced', 0.6)];
    const fig = variabilitySimilarityFigure(curves, 'translation', ['rotation'], 'D.4a', 'reduced tran. var.');
    expect(fig.data.map((t) => [t.name, lineOf(t).dash, t.y])).toEqual([['full variability', 'solid', [0.8, 0.4]], ['reduced tran. var.', 'dash', [0.6, 0.3]]]);
    expect(axis(fig, 'yaxis')).toBe('CKA with translation models');
    expect(panelTitles(fig)).toEqual(['Rotation']);
    expect(() => variabilitySimilarityFigure(curves, 'translation', ['distance'], 'D.4a', 'r')).toThrow(/no curve 'distance\|full'/);
  });

  it('intraGroupFigure: grouped bars per task, one series per variant', () => {
    const fig = intraGroupFigure([{ variant: 'full', values: [0.9, 0.8] }, { variant: 'centered', values: [0.7, NaN] }], ['distance', 'category'], 'layer4.0.relu', 'D.5');
    expect(fig.data.map((t) => [t.type, t.name, t.x, t.y])).toEqual([
      ['bar', 'full variability', ['Distance', 'Object category'], [0.9, 0.8]],
      ['bar', 'reduced (centered)', ['Distance', 'Object category'], [0.7, NaN]],
    ]);
    expect(axis(fig, 'yaxis')).toBe('intra-group CKA, layer4.0');
  });
});
