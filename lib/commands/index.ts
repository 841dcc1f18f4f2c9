// The command table and its dispatcher: each command lives in lib/commands/<name>.ts exporting
// `summary`, its `options` table (what --help lists) and `run(argv): Promise<exit code>`. Modules load
// lazily so `info` stays fast; only `whatwhere --help` loads them all, for their summaries.
// lib/cli.ts (the process entry) and the experiment runner's in-process executor both dispatch here,
// so experiments never depend on the CLI entry point.
import { UsageError } from './args.js';
import { commandHelp, commandList } from './help.js';
import type { Options } from './options.js';

interface Command {
  summary: string;
  options: Options;
  /** What follows the command's name in its usage line, when it takes positionals. */
  usage?: string;
  run(argv: string[]): Promise<number>;
}

export const COMMANDS: Record<string, () => Promise<Command>> = {
  info: () => import('./info.js'),
  paper: () => import('./paper.js'),
  analysis: () => import('./analysis.js'),
  generate: () => import('./generate.js'),
  sheet: () => import('./sheet.js'),
  score: () => import('./score.js'),
  pls: () => import('./pls.js'),
  train: () => import('./train.js'),
  extract: () => import('./extract.js'),
  evaluate: () => import('./evaluate.js'),
  bench: () => import('./bench.js'),
  cka: () => import('./cka.js'),
  mds: () => import('./mds.js'),
  fit: () => import('./fit.js'),
  decode: () => import('./decode.js'),
  stats: () => import('./stats.js'),
  import: () => import('./import.js'),
  export: () => import('./export.js'),
  sweep: () => import('./sweep.js'),
};

function usage(): string {
  return `usage: whatwhere <command> [options]\ncommands: ${Object.keys(COMMANDS).join(', ')}\n` +
    `'whatwhere <command> --help' for a command's options`;
}

async function listCommands(): Promise<string> {
  const summaries: Record<string, string> = {};
  for (const [name, load] of Object.entries(COMMANDS)) summaries[name] = (await load()).summary;
  return commandList(summaries);
}

const isHelp = (a: string) => a === '--help' || a === '-h';

/** Runs `whatwhere <argv>` in this process; resolves to its exit code (errors are printed, not thrown). */
export async function runCommand(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    console.log(usage());
    return 2;
  }
  if (isHelp(name)) {
    console.log(await listCommands());
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`whatwhere: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  try {
    const cmd = await load();
    if (rest.some(isHelp)) {
      console.log(commandHelp(name, cmd));
      return 0;
    }
    return await cmd.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(err.message);
      return 2;
    }
    console.error(`whatwhere ${name}: ${(err as Error).message}`);
    if (process.env.WHATWHERE_DEBUG) console.error((err as Error).stack);
    return 1;
  }
}
