// Where each artefact of a scale lives. Datasets and runs are shared by every figure that needs them.
import { join } from 'node:path';
import { repoRoot } from '../paths.js';
import type { Scale } from './scales.js';

export interface ScalePaths {
  data: string;
  runs: string;
  results: string;
  activations: string;
  analysis: string;
  scores: string;
  notebooks: string;
  figures: string;
  tables: string;
  logs: string;
  report: string;
  /** Ledger of job, notebook and invocation times (timings.ts). */
  timings: string;
}

/** Where data/, runs/ and results/ go: the repository, or WHATWHERE_OUT (tests use a temp folder). */
export function outputRoot(): string {
  return process.env.WHATWHERE_OUT || repoRoot();
}

export function scalePaths(scale: Scale, root = outputRoot()): ScalePaths {
  const results = join(root, 'results', scale);
  return {
    data: join(root, 'data', scale),
    runs: join(root, 'runs', scale),
    results,
    activations: join(results, 'activations'),
    analysis: join(results, 'analysis'),
    scores: join(results, 'scores'),
    notebooks: join(results, 'notebooks'),
    figures: join(results, 'figures'),
    tables: join(results, 'tables'),
    logs: join(results, 'logs'),
    report: join(results, 'REPORT.md'),
    timings: join(results, 'logs', 'timings.jsonl'),
  };
}

/** Folder a user puts Brain-Score's public files in (or WHATWHERE_BRAINSCORE_DIR). */
export function brainScoreDir(root = repoRoot()): string {
  return process.env.WHATWHERE_BRAINSCORE_DIR ?? join(root, 'data', 'brainscore');
}
