#!/usr/bin/env node
// `whatwhere` entry point: runs the TypeScript CLI through tsx, no build step.
import { register } from 'tsx/esm/api';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

register();
process.env.WHATWHERE_ROOT ??= join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'cli.ts');
const { main } = await import(pathToFileURL(cli).href);
process.exitCode = await main(process.argv.slice(2));
