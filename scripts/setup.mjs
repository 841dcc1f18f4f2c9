#!/usr/bin/env node
// One idempotent setup step shared by `npm test` and `npm run paper`.
// Needs nothing but Node: installs npm packages when node_modules is missing or stale,
// Debian packages when root, registers the tslab Jupyter kernel in a project-local prefix,
// installs JupyterLab into .venv-lab/ (skipped with WHATWHERE_NO_LAB=1 or a `jupyter lab` on PATH),
// sets up git's notebook output-stripping filter, and builds the optional native (libtorch) backend
// when its sources and libtorch are present. `--browser` adds Debian chromium (the browser tests).
// Each step is skipped when its stamp says it is already done, so a re-run takes about a second.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPython, labStep } from './lab-install.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const log = (msg) => { if (!quiet) console.error(`[setup] ${msg}`); };
const warn = (msg) => console.error(`[setup] ${msg}`);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Debian packages each feature needs; `why` is printed when they cannot be installed. */
export const APT_PACKAGES = [
  { pkg: 'jupyter-nbconvert', bin: '/usr/bin/jupyter-nbconvert', why: 'executes notebooks headlessly' },
  { pkg: 'python3-ipython', file: '/usr/lib/python3/dist-packages/IPython/__init__.py', why: 'Jupyter kernel client used by nbconvert' },
];

/** Added by `--browser`: the headless browser the browser tests (and PNG figures) drive. */
export const BROWSER_PACKAGES = [
  { pkg: 'chromium', bin: '/usr/bin/chromium', why: 'headless browser for npm run test:browser and PNG figures' },
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

/** apt-get install as root (the caller checks); throws with the packages named when it fails. */
function aptInstall(names) {
  log(`installing Debian packages: ${names.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (update.status !== 0) log('apt-get update failed; trying the install with the lists at hand');
  const r = spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...names], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (r.status !== 0) throw new Error(`apt-get install ${names.join(' ')} failed (exit ${r.status})`);
}

function aptStep(packages) {
  const missing = packages.filter((p) => !isInstalled(p));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.pkg);
  if (!isRoot) {
    console.error(`[setup] missing Debian packages (${missing.map((p) => `${p.pkg}: ${p.why}`).join('; ')}); ` +
      `run: sudo apt-get install -y --no-install-recommends ${names.join(' ')}`);
    return;
  }
  aptInstall(names);
}

/**
 * Git sees notebooks/*.ipynb through `scripts/nb.py --clean` (.gitattributes: filter=nbclean), which
 * drops outputs, execution counts and run metadata, so running and saving a notebook leaves git clean.
 */
function gitFilterStep() {
  if (!existsSync(join(root, '.git'))) return;
  const python = findPython();
  if (!python) { log('no python3: git filter for notebook outputs not set up'); return; }
  const want = `${python} scripts/nb.py --clean`;
  const git = (args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (git(['config', '--get', 'filter.nbclean.clean']).stdout?.trim() === want) return;
  const r = git(['config', 'filter.nbclean.clean', want]);
  if (r.status === 0) log('git filter nbclean set up: notebook outputs stay out of git');
  else log(`could not set up the git filter for notebook outputs: ${(r.stderr || '').trim()}`);
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
  aptStep(process.argv.includes('--browser') ? [...APT_PACKAGES, ...BROWSER_PACKAGES] : APT_PACKAGES);
  kernelStep();
  gitFilterStep();
  await labStep({ root, log, warn, aptInstall, isRoot });
  await nativeStep();
} catch (err) {
  console.error(`[setup] ${err.message}`);
  process.exit(1);
}
