// The paper command's Slurm options, turned into a SlurmExecutor; and what Ctrl-C does while jobs are
// in the queue (ask, or cancel them with --cancel-on-exit; only ever our own jobs, by id).
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { scalePaths } from '../experiments/paths.js';
import type { Scale } from '../experiments/scales.js';
import { SLURM_DEFAULTS, SlurmExecutor } from '../experiments/slurm.js';
import { slurmAvailable } from '../experiments/slurm_commands.js';
import { bool, num, optStr, UsageError, type ParsedFlags } from './args.js';
import type { Options } from './options.js';

/** Only with --executor slurm (their help lines say so). */
export const SLURM_OPTIONS = {
  partition: { value: 'NAME', help: 'slurm: partition of the jobs', default: "the cluster's" },
  account: { value: 'NAME', help: 'slurm: account charged', default: "the cluster's" },
  time: { value: 'LIMIT', help: 'slurm: time limit per job, as sbatch takes it (2:00:00, 1-0)', default: "the partition's" },
  cpus: { value: 'N', help: "slurm: CPUs per job (the job's threads)", default: SLURM_DEFAULTS.cpus },
  mem: { value: 'SIZE', help: 'slurm: memory per job (4000, 4G)', default: "the partition's" },
  gres: { value: 'RES', help: 'slurm: generic resources of the jobs that run networks, e.g. gpu:1 (they then use CUDA)', default: 'none' },
  'max-queued': { value: 'N', help: 'slurm: most jobs submitted and unfinished at once', default: SLURM_DEFAULTS.maxQueued },
  'max-running': { value: 'N', help: 'slurm: most tasks of one job array running at once', default: 'no limit' },
  retries: { value: 'N', help: 'slurm: resubmissions of a failed or cancelled job before it is reported', default: SLURM_DEFAULTS.retries },
  'cancel-on-exit': { help: 'slurm: on Ctrl-C, cancel our queued and running jobs without asking' },
  'poll-seconds': { value: 'S', help: 'slurm: seconds between squeue queries', default: SLURM_DEFAULTS.pollMs / 1000 },
} as const satisfies Options;

function int(flags: ParsedFlags, name: string, min: number): number | undefined {
  return flags.values[name] === undefined ? undefined : num(flags, name, 'paper', undefined, { integer: true, min });
}

export function slurmExecutorFromFlags(flags: ParsedFlags, scale: Scale): SlurmExecutor {
  const mem = optStr(flags, 'mem');
  if (mem !== undefined && !/^\d+[KMGT]?$/i.test(mem)) throw new UsageError(`whatwhere paper: --mem expected a size like 4000 or 4G, got '${mem}'`);
  const up = slurmAvailable();
  if (!up.ok) throw new UsageError(`whatwhere paper: --executor slurm: no Slurm controller answers (${up.why}); start one with 'npm run slurm:start' or set SLURM_CONF`);
  const poll = flags.values['poll-seconds'] === undefined ? undefined : num(flags, 'poll-seconds', 'paper', undefined, { min: 0.2 });
  const executor = new SlurmExecutor({
    stateDir: join(scalePaths(scale).results, 'slurm'), label: scale,
    partition: optStr(flags, 'partition'), account: optStr(flags, 'account'), time: optStr(flags, 'time'),
    cpus: int(flags, 'cpus', 1), mem, gres: optStr(flags, 'gres'),
    maxQueued: int(flags, 'max-queued', 1), maxRunning: int(flags, 'max-running', 1), retries: int(flags, 'retries', 0),
    pollMs: poll === undefined ? undefined : poll * 1000,
  });
  onInterrupt(executor, bool(flags, 'cancel-on-exit'));
  return executor;
}

function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) => rl.question(question, (a) => { rl.close(); resolve(/^y(es)?$/i.test(a.trim())); }));
}

/** Ctrl-C (or a kill): cancel our queued and running jobs if asked to, else leave them for the next run to pick up. */
function onInterrupt(executor: SlurmExecutor, cancelOnExit: boolean): void {
  let handling = false;
  const handler = async (signal: NodeJS.Signals) => {
    if (handling) process.exit(130); // a second Ctrl-C: leave at once
    handling = true;
    const ours = executor.activeArrays();
    let cancel = cancelOnExit;
    if (!cancel && ours.length > 0 && signal === 'SIGINT' && process.stdin.isTTY) {
      cancel = await ask(`\n[slurm] cancel whatwhere's ${ours.length} job array(s) still in the queue (${ours.join(' ')})? [y/N] `);
    }
    if (cancel && ours.length > 0) {
      executor.cancelAll();
      console.error(`[slurm] cancelled ${ours.join(' ')}`);
    } else if (ours.length > 0) {
      console.error(`\n[slurm] left ${ours.length} job array(s) in the queue (${ours.join(' ')}); the same command picks them up`);
    }
    process.exit(130);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
