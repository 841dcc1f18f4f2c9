// Entry point for a self-contained bundle of the CLI (scripts/gpu-check-prepare.sh), for a device machine
// that has no node_modules: `node whatwhere-cli.mjs <command> ...` behaves as `npx whatwhere <command> ...`.
import { main } from '../../lib/cli.js';

process.exitCode = await main(process.argv.slice(2));
