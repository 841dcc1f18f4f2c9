// `whatwhere paper --plan --json`: every scale parameter and, per job, the whatwhere command line that
// computes it; nothing is computed or written.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../lib/experiments/plan.js';
import { SCALE_PARAMS } from '../../lib/experiments/scales.js';

const out = mkdtempSync(join(tmpdir(), 'ww-plan-'));
const whatwhere = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/whatwhere.mjs', ...args], { encoding: 'utf8', env: { ...process.env, WHATWHERE_OUT: out }, timeout: 300_000 });

/** The command each job kind runs. */
const COMMAND_OF_KIND = { dataset: 'generate', train: 'train', activations: 'extract', analysis: 'analysis', score: 'score' };

describe('whatwhere paper --plan --json', () => {
  it('prints the whole scale and every job with its command line, and computes nothing', () => {
    const r = whatwhere('paper', '--scale', 'tiny', '--plan', '--json');
    expect(r.status, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.scale).toEqual({ name: 'tiny', ...SCALE_PARAMS.tiny });
    const ids = new Set(plan.jobs.map((j) => j.id));
    expect(ids.size).toBe(plan.jobs.length);
    expect(new Set(plan.jobs.map((j) => j.kind))).toEqual(new Set(['dataset', 'train', 'activations', 'analysis']));
    for (const j of plan.jobs) {
      expect(Object.keys(j).sort(), j.id).toEqual(['argv', 'deps', 'id', 'kind']);
      expect(j.argv[0], j.id).toBe(COMMAND_OF_KIND[j.kind]);
      for (const d of j.deps) expect(ids.has(d), `${j.id} -> ${d}`).toBe(true);
    }
    // A decoding part and its merge are separate command lines.
    const parts = plan.jobs.filter((j) => j.id.startsWith('analysis:decoding-category:'));
    expect(parts.length).toBeGreaterThan(0);
    expect(parts[0]!.argv).toContain('--part');
    expect(plan.jobs.find((j) => j.id === 'analysis:decoding-category')!.deps).toEqual(parts.map((p) => p.id));
    expect(readdirSync(out)).toEqual([]);
  }, 300_000);

  it('refuses --json without --plan and Slurm options without --executor slurm, in one line', () => {
    const a = whatwhere('paper', '--scale', 'tiny', '--json');
    expect(a.status).toBe(2);
    expect(a.stderr.trim()).toBe('whatwhere paper: --json goes with --plan');
    const b = whatwhere('paper', '--scale', 'tiny', '--partition', 'gpu');
    expect(b.status).toBe(2);
    expect(b.stderr.trim()).toBe('whatwhere paper: --partition needs --executor slurm');
  }, 300_000);
});
