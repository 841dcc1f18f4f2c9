// Where whatwhere's own files are. bin/whatwhere.mjs sets WHATWHERE_ROOT; otherwise (tests, tslab
// kernels, `tsx lib/cli.ts`) we look upwards from the working directory for our package.json.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

export function repoRoot(): string {
  if (cached) return cached;
  if (process.env.WHATWHERE_ROOT) return (cached = process.env.WHATWHERE_ROOT);
  let dir = process.cwd();
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'whatwhere') return (cached = dir);
      } catch { /* not ours */ }
    }
    const up = dirname(dir);
    if (up === dir) return (cached = process.cwd());
    dir = up;
  }
}
