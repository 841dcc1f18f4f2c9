// `whatwhere <command>`: a table of commands, each in lib/commands/<name>.ts exporting
// `summary` and `run(argv): Promise<exit code>`. Modules load lazily so `info` stays fast.
import { UsageError } from './commands/args.js';
import { exitWithParent } from './watchdog.js';

interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
}

const COMMANDS: Record<string, () => Promise<Command>> = {
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

export async function main(argv: string[]): Promise<number> {
  exitWithParent(); // a job of a runner: end with it
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`whatwhere: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  try {
    const cmd = await load();
    if (rest.includes('--help')) {
      console.log(`whatwhere ${name}: ${cmd.summary}`);
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
