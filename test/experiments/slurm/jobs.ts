// Small hand-made jobs for the Slurm tests: real `whatwhere generate` command lines (a few 16 px
// images each, seconds of work), with the same completion marker and cleanup as the paper's dataset jobs.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandJob } from '../../../lib/experiments/jobs.js';
import { slurmAvailable } from '../../../lib/experiments/slurm_commands.js';

export interface TinyJob { id: string; variant?: string; seed: number; deps?: string[] }

export function generateJobs(root: string, spec: TinyJob[]): CommandJob[] {
  return spec.map(({ id, variant = 'full', seed, deps = [] }) => {
    const out = join(root, 'data', id);
    return {
      id, kind: 'dataset', deps, cost: 1, describe: () => id,
      argv: ['generate', '--variant', variant, '--n', '6', '--size', '16', '--seed', String(seed), '--quiet', '--out', out],
      log: join(root, 'logs', `${id}.log`),
      isDone: () => existsSync(join(out, 'meta.json')),
      prepare: () => { if (!existsSync(join(out, 'meta.json'))) rmSync(out, { recursive: true, force: true }); },
    };
  });
}

/** sha256 of every file of a dataset folder, by name. */
export function datasetHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) out[f] = createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
  return out;
}

/** Runner job ids of every submission, in order (submissions.jsonl of the state folder). */
export function submittedJobs(stateDir: string): string[] {
  const file = join(stateDir, 'submissions.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).flatMap((l) => (JSON.parse(l) as { jobs: string[] }).jobs);
}

const up = slurmAvailable();
/** Why the real-Slurm tests are skipped ('' when a controller answers). */
export const slurmSkipReason = up.ok ? '' : `no Slurm controller answers (${up.why}); 'npm run slurm:start' starts one`;
if (!up.ok) console.warn(`[slurm tests] skipped: ${slurmSkipReason}`);
