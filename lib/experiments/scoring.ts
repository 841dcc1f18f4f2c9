// Brain-Score alignment in the runner: when the public files are in the data folder, every run a
// neural figure needs is scored (`whatwhere score`, all five public benchmarks) into
// results/<scale>/scores/<run>.json; the figures then read one row per run.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCHMARKS, NEURAL_MEAN_BENCHMARKS } from '../alignment/benchmarks.js';
import type { Manifest } from './manifest.js';

export const SCORE_BENCHMARKS = Object.keys(BENCHMARKS);

/** Files every public benchmark reads, and which of them are missing from `dir`. */
export function missingBrainScoreFiles(dir: string): string[] {
  const files = new Set<string>();
  for (const b of Object.values(BENCHMARKS)) {
    files.add(b.assemblyFile);
    files.add(b.stimulusCsv);
    files.add(b.stimulusZip);
  }
  return [...files].filter((f) => !existsSync(join(dir, f)));
}

/** Runs the neural figures of `m` need scored. */
export function runsToScore(m: Manifest): string[] {
  return [...new Set(m.figures.filter((f) => f.needsNeuralData).flatMap((f) => f.runs))];
}

/** Runs Fig 3 / C.7 score along training (every kept checkpoint): the fig3 runs that train. */
export function runsToScoreAlongTraining(m: Manifest): string[] {
  const fig3 = m.figures.find((f) => f.id === 'fig3');
  if (!fig3) return [];
  return fig3.runs.filter((id) => {
    const r = m.runs.find((x) => x.id === id);
    return r !== undefined && r.steps > 0 && (r.keepEvery ?? 0) > 0;
  });
}

export interface AlignmentRow {
  run: string;
  V1: number;
  V2: number;
  V4: number;
  IT: number;
  /** Mean of V1, V2, V4 and IT (the paper's "neural mean"). */
  neural_mean: number;
  behavior: number;
  /** Layer committed to each region / readout. */
  layers: Record<string, string>;
}

const REGION: Record<string, 'V1' | 'V2' | 'V4' | 'IT'> = {
  'FreemanZiemba2013public.V1-pls': 'V1', 'FreemanZiemba2013public.V2-pls': 'V2',
  'MajajHong2015public.V4-pls': 'V4', 'MajajHong2015public.IT-pls': 'IT',
};

/** One row per run from `whatwhere score`'s JSON (an array of neural and behavioural results). */
export function alignmentRow(run: string, results: Record<string, unknown>[]): AlignmentRow {
  const row: AlignmentRow = { run, V1: NaN, V2: NaN, V4: NaN, IT: NaN, neural_mean: NaN, behavior: NaN, layers: {} };
  for (const r of results) {
    const name = String(r.benchmark);
    if (REGION[name]) row[REGION[name]] = Number(r.score);
    else if (name.includes('i2n')) row.behavior = Number(r.ceiledScore);
    row.layers[name] = String(r.layer);
  }
  const regions = NEURAL_MEAN_BENCHMARKS.map((b) => row[REGION[b]!]);
  row.neural_mean = regions.reduce((a, b) => a + b, 0) / regions.length;
  return row;
}

export function readAlignment(file: string, run: string): AlignmentRow | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> | Record<string, unknown>[];
    return alignmentRow(run, Array.isArray(parsed) ? parsed : [parsed]);
  } catch {
    return undefined; // a half-written file from a killed run: scored again
  }
}
