// `whatwhere info [--json]`: which tfjs backend whatwhere chose, which others could run, versions, threads.
import { initEngine } from '../engine/index.js';
import { bool } from './args.js';
import { parseOptions, type Options } from './options.js';

export const summary = 'show the chosen tfjs backend, the available ones, versions and threads';

export const options = {
  json: { help: 'print the whole report as JSON' },
} as const satisfies Options;

export async function run(argv: string[]): Promise<number> {
  const flags = parseOptions(argv, options, 'info');
  const info = await initEngine();
  if (bool(flags, 'json')) {
    console.log(JSON.stringify(info, null, 2));
    return 0;
  }
  console.log(`backend: ${info.backend}${info.forcedBy ? ` (forced by ${info.forcedBy})` : ''}`);
  for (const [name, a] of Object.entries(info.available)) console.log(`  ${a.ok ? 'yes' : 'no '} ${name}${a.reason ? `: ${a.reason}` : ''}`);
  console.log(`versions: ${Object.entries(info.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`threads: ${info.threads} of ${info.cores} cores; patched kernels: ${info.patchedKernels.join(', ') || 'none'}`);
  return 0;
}
