// The files of a run directory (DESIGN: "Runs are directories"):
//   config.json            what decides the weights (compared on every re-run)
//   metrics.csv            one row per evaluation
//   checkpoints/step-<N>.npz   weights + BN buffers + Adam state + state.json (step, RNG, data position)
//   weights.npz            final model weights (numpy.load-able, see lib/models/weights_file.ts)
//   targets.json           the training split's z-score statistics (what regression outputs are in)
//   final.json             final held-out metrics, step, stop reason, step cap and patience
//   DONE                   JSON {step, reason}; written last
//   LOCK                   pid of the process training in it
// Every file that is replaced is written to a temp file and renamed.
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { writeAtomic } from '../atomic.js';
import { describeFsError, ensureDir, errnoCode, processAlive } from '../fs_guard.js';
import { join } from 'node:path';
import { configDiff, type TrainConfig } from './config.js';

type ZStat = { mean: number; std: number };
export interface RunTargets { zscore: { x: ZStat; y: ZStat; z: ZStat } }

/** A finished run's last held-out evaluation and how training ended (the paper's plateau rule). */
export interface FinalMetrics {
  step: number;
  /** 'plateau' (patience ran out) or 'steps' (the step cap). */
  reason: string;
  stepCap: number;
  patience: number;
  evalEvery: number;
  /** Held-out images evaluated. */
  n: number;
  metrics: Record<string, number>;
}

export const CHECKPOINT_RE = /^step-(\d{8})\.npz$/;

export function checkpointName(step: number): string {
  return `step-${String(step).padStart(8, '0')}.npz`;
}

export class RunDir {
  constructor(readonly dir: string) {}

  get configFile() { return join(this.dir, 'config.json'); }
  get metricsFile() { return join(this.dir, 'metrics.csv'); }
  get weightsFile() { return join(this.dir, 'weights.npz'); }
  get doneFile() { return join(this.dir, 'DONE'); }
  get targetsFile() { return join(this.dir, 'targets.json'); }
  get finalFile() { return join(this.dir, 'final.json'); }
  get checkpointDir() { return join(this.dir, 'checkpoints'); }

  /**
   * Creates the directory and config.json, or checks that an existing run has the same config.
   * Refuses (throws) on any difference, naming the fields; nothing is written in that case.
   */
  claim(config: TrainConfig): 'new' | 'existing' {
    if (existsSync(this.configFile)) {
      let saved: TrainConfig;
      try {
        saved = JSON.parse(readFileSync(this.configFile, 'utf8')) as TrainConfig;
      } catch (err) {
        throw new Error(`${this.configFile}: unreadable (${(err as Error).message}); not touching this run directory`);
      }
      const diff = configDiff(saved, config);
      if (diff) throw new Error(`${this.configFile}: this run directory holds a different run (${diff}); use another --out or remove it`);
      return 'existing';
    }
    if (existsSync(this.dir) && readdirSync(this.dir).some((f) => !f.startsWith('.'))) {
      throw new Error(`${this.dir}: exists, is not empty and has no config.json; refusing to write into it`);
    }
    ensureDir(this.checkpointDir);
    writeAtomic(this.configFile, JSON.stringify(config, null, 2) + '\n', { durable: true });
    return 'new';
  }

  /**
   * Takes LOCK for this process; a lock left by a dead process (kill -9) is taken over. A finished run on
   * storage that refuses the LOCK (read-only) needs no lock: nothing will be written.
   */
  lock(): () => void {
    const file = join(this.dir, 'LOCK');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return () => { if (readFileSync(file, 'utf8') === String(process.pid)) rmSync(file, { force: true }); };
      } catch (err) {
        const code = errnoCode(err);
        if ((code === 'EROFS' || code === 'EACCES' || code === 'EPERM') && this.isDone()) return () => {};
        if (code !== 'EEXIST') throw describeFsError(err, file, 'cannot take the run lock');
        const pid = Number(readFileSync(file, 'utf8'));
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
          throw new Error(`${this.dir}: in use by process ${pid} (LOCK); wait for it or stop it`);
        }
        rmSync(file, { force: true });
      }
    }
    throw new Error(`${this.dir}: could not take LOCK`);
  }

  /** Checkpoint steps on disk, ascending (temp files of interrupted writes are ignored). */
  checkpoints(): number[] {
    if (!existsSync(this.checkpointDir)) return [];
    return readdirSync(this.checkpointDir).map((f) => CHECKPOINT_RE.exec(f)?.[1]).filter((s): s is string => !!s).map(Number).sort((a, b) => a - b);
  }

  checkpointFile(step: number): string {
    return join(this.checkpointDir, checkpointName(step));
  }

  /** Removes temp files that interrupted atomic writes left behind (they were never renamed into place). */
  removeStaleTemps(): void {
    for (const d of [this.dir, this.checkpointDir]) {
      if (!existsSync(d)) continue;
      for (const f of readdirSync(d)) if (/\.tmp-\d+$/.test(f)) rmSync(join(d, f), { force: true });
    }
  }

  /** Keeps the newest `keep` checkpoints. */
  prune(keep: number): void {
    const steps = this.checkpoints();
    for (const s of steps.slice(0, Math.max(0, steps.length - keep))) rmSync(this.checkpointFile(s), { force: true });
  }

  isDone(): boolean {
    return existsSync(this.doneFile);
  }

  readDone(): { step: number; reason: string } {
    try {
      return JSON.parse(readFileSync(this.doneFile, 'utf8')) as { step: number; reason: string };
    } catch (err) {
      throw new Error(`${this.doneFile}: unreadable (${(err as Error).message}); expected JSON {step, reason}`);
    }
  }

  writeTargets(t: RunTargets): void {
    writeAtomic(this.targetsFile, JSON.stringify(t, null, 2) + '\n', { durable: true });
  }

  /** The training split's z-score statistics, or undefined for runs written before targets.json existed. */
  readTargets(): RunTargets | undefined {
    return existsSync(this.targetsFile) ? JSON.parse(readFileSync(this.targetsFile, 'utf8')) as RunTargets : undefined;
  }

  writeFinal(f: FinalMetrics): void {
    writeAtomic(this.finalFile, JSON.stringify(f, null, 2) + '\n', { durable: true });
  }

  readFinal(): FinalMetrics | undefined {
    return existsSync(this.finalFile) ? JSON.parse(readFileSync(this.finalFile, 'utf8')) as FinalMetrics : undefined;
  }

  markDone(info: { step: number; reason: string }): void {
    writeAtomic(this.doneFile, JSON.stringify(info) + '\n', { durable: true });
  }

  /** Starts metrics.csv over (fresh run) with `columns`. */
  resetMetrics(columns: string[]): void {
    writeAtomic(this.metricsFile, columns.join(',') + '\n', { durable: true });
  }

  /** Drops rows logged after `step` (they belong to steps that will be re-run after a resume). */
  truncateMetrics(step: number, columns: string[]): void {
    if (!existsSync(this.metricsFile)) return this.resetMetrics(columns);
    const [header, ...rows] = readFileSync(this.metricsFile, 'utf8').split('\n').filter((l) => l !== '');
    if (header !== columns.join(',')) throw new Error(`${this.metricsFile}: header does not match this run's metrics (${header})`);
    writeAtomic(this.metricsFile, [header, ...rows.filter((r) => Number(r.split(',')[0]) <= step)].join('\n') + '\n', { durable: true });
  }

  appendMetrics(columns: string[], row: Record<string, number>): void {
    const line = columns.map((c) => formatCell(row[c])).join(',') + '\n';
    try {
      const fd = openSync(this.metricsFile, 'a');
      try { writeSync(fd, line); fsyncSync(fd); } finally { closeSync(fd); }
    } catch (err) {
      throw describeFsError(err, this.metricsFile, 'cannot append a metrics row');
    }
  }
}

function formatCell(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '';
  return Number.isInteger(v) ? String(v) : v.toPrecision(7);
}
