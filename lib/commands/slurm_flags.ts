// The paper command's Slurm options, turned into a SlurmExecutor; and what Ctrl-C does while jobs are
// in the queue (ask, or cancel them with --cancel-on-exit; only ever our own jobs, by id).
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { scalePaths } from '../experiments/paths.js';
import type { Scale } from '../experiments/scales.js';
import { SlurmExecutor } from '../experiments/slurm.js';
import { slurmAvailable } from '../experiments/slurm_commands.js';
import { bool, num, optStr, UsageError, type FlagSpec, type ParsedFlags } from './args.js';

export const SLURM_FLAGS: FlagSpec = {
  partition: { type: 'string' }, account: { type: 'string' }, time: { type: 'string' }, cpus: { type: 'string' },
  mem: { type: 'string' }, gres: { type: 'string' }, 'max-queued': { type: 'string' }, 'max-running': { type: 'string' },
  retries: { type: 'string' }, 'cancel-on-exit': { type: 'boolean' }, 'poll-seconds': { type: 'string' },
};

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
