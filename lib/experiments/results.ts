// What a figure notebook reads: the manifest of its scale, the cached analyses, run metrics, the
// paper's published numbers, and whether Brain-Score's files are present. `publish` shows a figure
// inline and saves it (HTML, and PNG when chromium exists) under results/<scale>/figures.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeAtomic } from '../atomic.js';
import { csvObjects, toCsv } from '../csv.js';
import { join } from 'node:path';
import { show, writeFigureHtml, writeFigurePng, type Figure } from '../plots/index.js';
import { repoRoot } from '../paths.js';
import type { CkaResult, DecodingRowOut } from './analyses.js';
import { buildManifest, type Manifest, type RunSpec } from './manifest.js';
import { readAlignment, type AlignmentRow } from './scoring.js';
import { brainScoreDir, scalePaths, type ScalePaths } from './paths.js';
import { SCALES, type Scale } from './scales.js';

export const DECODING_FILES = ['decoding-category.csv', 'decoding-translation.csv'];

export function currentScale(): Scale {
  const s = (process.env.WHATWHERE_SCALE ?? 'small') as Scale;
  if (!SCALES.includes(s)) throw new Error(`WHATWHERE_SCALE=${s}: expected one of ${SCALES.join(', ')}`);
  return s;
}

/** Reads a CSV file as `csvObjects` rows. */
function readCsvObjects(file: string): Record<string, string | number>[] {
  return csvObjects(readFileSync(file, 'utf8'), file);
}

export interface PaperRow { table: string; arch: string; task: string; outputs?: number | string; V1: number; V2: number; V4: number; IT: number; neural_mean: number; behavior: number }

export class Results {
  readonly manifest: Manifest;
  readonly paths: ScalePaths;

  constructor(readonly scale: Scale = currentScale()) {
    this.manifest = buildManifest(scale);
    this.paths = scalePaths(scale);
  }

  private need(file: string): string {
    if (!existsSync(file)) {
      throw new Error(`${file} is missing: run \`npm run paper -- --scale ${this.scale}\` first (it computes only what is missing)`);
    }
    return file;
  }

  cka(): CkaResult {
    return JSON.parse(readFileSync(this.need(join(this.paths.analysis, 'cka.json')), 'utf8')) as CkaResult;
  }

  /** Tidy decoding rows of every family (category; translation x and y). */
  decoding(): DecodingRowOut[] {
    return DECODING_FILES.flatMap((f) => readCsvObjects(this.need(join(this.paths.analysis, f))) as unknown as DecodingRowOut[]);
  }

  hasDecoding(): boolean {
    return DECODING_FILES.every((f) => existsSync(join(this.paths.analysis, f)));
  }

  run(id: string): RunSpec {
    const r = this.manifest.runs.find((x) => x.id === id);
    if (!r) throw new Error(`no run '${id}' in the ${this.scale} manifest`);
    return r;
  }

  /** metrics.csv of a training run (one row per evaluation). */
  runMetrics(id: string): Record<string, string | number>[] {
    return readCsvObjects(this.need(join(this.paths.runs, id, 'metrics.csv')));
  }

  /** The paper's Table C.1 (ResNet-50), C.2 (ResNet-18) or C.3 rows, copied from the paper into data/paper. */
  paperTable(table: 'C.1' | 'C.2' | 'C.3'): PaperRow[] {
    const file = join(repoRoot(), 'data', 'paper', table === 'C.3' ? 'paper_table_c3.csv' : 'paper_tables.csv');
    return (readCsvObjects(file) as unknown as PaperRow[]).filter((r) => r.table === table);
  }

  /** Brain-Score alignment of every scored run of this scale, with its labels (empty without the neural data). */
  scores(): (AlignmentRow & { task: string; variant: string; seed: number; group: string })[] {
    if (!existsSync(this.paths.scores)) return [];
    return readdirSync(this.paths.scores).filter((f) => f.endsWith('.json')).flatMap((f) => {
      const id = f.replace(/\.json$/, '');
      const r = this.manifest.runs.find((x) => x.id === id);
      const row = r ? readAlignment(join(this.paths.scores, f), id) : undefined;
      if (!r || !row) return [];
      return [{ ...row, task: r.task, variant: this.manifest.datasets.find((d) => d.id === r.train)?.variant ?? 'full', seed: r.seed, group: r.group }];
    });
  }

  /** Alignment of every scored checkpoint (Fig 3, C.7), with the run's labels and the step. */
  checkpointScores(): (AlignmentRow & { task: string; seed: number; step: number })[] {
    const root = join(this.paths.scores, 'checkpoints');
    if (!existsSync(root)) return [];
    return readdirSync(root).flatMap((id) => {
      const r = this.manifest.runs.find((x) => x.id === id);
      if (!r) return [];
      return readdirSync(join(root, id)).flatMap((f) => {
        const m = /^step-(\d+)\.json$/.exec(f);
        const row = m ? readAlignment(join(root, id, f), id) : undefined;
        return m && row ? [{ ...row, task: r.task, seed: r.seed, step: Number(m[1]) }] : [];
      });
    });
  }

  neuralDataNote(): string {
    return `Brain-Score's public neural and behavioural files are not in ${brainScoreDir()}, so alignment scores ` +
      `below are the paper's published numbers (labelled "paper"), not ours. To score our models, place ` +
      `assy_dicarlo_MajajHong2015_public.nc, assy_movshon_FreemanZiemba2013_public.nc and the Rajalingham2018 ` +
      `assembly with their stimulus sets there and re-run \`npm run paper\`.`;
  }

  /**
   * Writes results/<scale>/figures/<name>.html (and .png when chromium is installed), then shows `fig`
   * inline with that PNG as its static fallback.
   */
  async publish(name: string, fig: Figure): Promise<void> {
    writeFigureHtml(fig, join(this.paths.figures, `${name}.html`), name);
    const png = join(this.paths.figures, `${name}.png`);
    const wrote = process.env.WHATWHERE_PNG !== '0' && await writeFigurePng(fig, png).catch(() => false);
    show(fig, wrote ? readFileSync(png) : undefined);
  }

  /** Writes results/<scale>/tables/<name>.csv. */
  saveTable(name: string, rows: Record<string, unknown>[]): string {
    const file = join(this.paths.tables, `${name}.csv`);
    writeAtomic(file, toCsv(rows));
    return file;
  }
}

