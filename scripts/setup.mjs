#!/usr/bin/env node
// One idempotent setup step shared by `npm test` and `npm run paper`.
// Needs nothing but Node: installs npm packages when node_modules is missing or stale,
// Debian packages when root, registers the tslab Jupyter kernel in a project-local prefix,
// and builds the optional native (libtorch) backend when its sources and libtorch are present.
// Each step is skipped when its stamp says it is already done, so a re-run takes about a second.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const log = (msg) => { if (!quiet) console.error(`[setup] ${msg}`); };

/** Debian packages each feature needs; `why` is printed when they cannot be installed. */
export const APT_PACKAGES = [
  { pkg: 'jupyter-nbconvert', bin: '/usr/bin/jupyter-nbconvert', why: 'executes notebooks headlessly' },
  { pkg: 'python3-ipython', file: '/usr/lib/python3/dist-packages/IPython/__init__.py', why: 'Jupyter kernel client used by nbconvert' },
];

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function npmStep() {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.whatwhere-lock.sha256');
  const want = sha256(lock);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === want) return;
  log('node_modules missing or stale: running npm ci');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm ci failed with exit code ${r.status}`);
  writeFileSync(stamp, want + '\n');
}

function isInstalled({ bin, file }) {
  return existsSync(bin ?? file);
}

function aptStep() {
  const missing = APT_PACKAGES.filter((p) => !isInstalled(p));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`[setup] missing Debian packages (${missing.map((p) => `${p.pkg}: ${p.why}`).join('; ')}); ` +
      `run: sudo apt-get install -y --no-install-recommends ${names.join(' ')}`);
    return;
  }
  log(`installing Debian packages: ${names.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (update.status !== 0) log('apt-get update failed; trying the install with the lists at hand');
  const r = spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...names], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (r.status !== 0) throw new Error(`apt-get install ${names.join(' ')} failed (exit ${r.status})`);
}

/** The kernel cds to the repo root first, so notebooks can `import ... from './lib/...'` (tslab issue #63). */
function kernelStep() {
  const dir = join(root, '.jupyter', 'share', 'jupyter', 'kernels', 'tslab');
  const spec = {
    argv: ['/bin/sh', '-c', `cd '${root}' && exec node_modules/.bin/tslab kernel --config-path "$0"`, '{connection_file}'],
    display_name: 'TypeScript (whatwhere)',
    language: 'typescript',
    env: { TS_NODE_PROJECT: join(root, 'tsconfig.json') },
  };
  const file = join(dir, 'kernel.json');
  const text = JSON.stringify(spec, null, 2) + '\n';
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, text);
  log(`registered the tslab kernel in ${dir}`);
}

async function nativeStep() {
  const script = join(root, 'scripts', 'setup-native.mjs');
  if (!existsSync(script)) return;
  const r = spawnSync(process.execPath, [script, ...(quiet ? ['--quiet'] : [])], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) log('native backend not built (see above); whatwhere falls back to wasm');
}

try {
  npmStep();
  aptStep();
  kernelStep();
  await nativeStep();
} catch (err) {
  console.error(`[setup] ${err.message}`);
  process.exit(1);
}
