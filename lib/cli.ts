// `whatwhere <command>`: the process entry point. The command table and dispatcher are in
// lib/commands/index.ts; this adds only what a process started as a runner's job needs.
import { runCommand } from './commands/index.js';
import { exitWithParent } from './watchdog.js';

export async function main(argv: string[]): Promise<number> {
  exitWithParent(); // a job of a runner: end with it
  return runCommand(argv);
}

// Run when executed directly (`tsx lib/cli.ts ...`); bin/whatwhere.mjs calls main() itself.
if (process.argv[1] && /lib[\\/]cli\.ts$/.test(process.argv[1])) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
