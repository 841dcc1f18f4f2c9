// `whatwhere <command>`: a table of commands, each in lib/commands/<name>.ts exporting
// `summary`, its `options` table (what --help lists) and `run(argv): Promise<exit code>`. Modules load
// lazily so `info` stays fast; only `whatwhere --help` loads them all, for their summaries.
import { UsageError } from './commands/args.js';
import { commandHelp, commandList } from './commands/help.js';
import type { Options } from './commands/options.js';
import { exitWithParent } from './watchdog.js';

interface Command {
  summary: string;
  options: Options;
  /** What follows the command's name in its usage line, when it takes positionals. */
  usage?: string;
  run(argv: string[]): Promise<number>;
}

export const COMMANDS: Record<string, () => Promise<Command>> = {
  info: () => import('./commands/info.js'),
  paper: () => import('./commands/paper.js'),
  analysis: () => import('./commands/analysis.js'),
  generate: () => import('./commands/generate.js'),
  sheet: () => import('./commands/sheet.js'),
  score: () => import('./commands/score.js'),
  pls: () => import('./commands/pls.js'),
  train: () => import('./commands/train.js'),
  extract: () => import('./commands/extract.js'),
  evaluate: () => import('./commands/evaluate.js'),
  bench: () => import('./commands/bench.js'),
  cka: () => import('./commands/cka.js'),
  mds: () => import('./commands/mds.js'),
  fit: () => import('./commands/fit.js'),
  decode: () => import('./commands/decode.js'),
  stats: () => import('./commands/stats.js'),
  import: () => import('./commands/import.js'),
  export: () => import('./commands/export.js'),
  sweep: () => import('./commands/sweep.js'),
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

export async function main(argv: string[]): Promise<number> {
  exitWithParent(); // a job of a runner: end with it
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

// Run when executed directly (`tsx lib/cli.ts ...`); bin/whatwhere.mjs calls main() itself.
if (process.argv[1] && /lib[\\/]cli\.ts$/.test(process.argv[1])) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
