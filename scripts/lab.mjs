#!/usr/bin/env node
// `npm run lab [-- JUPYTER-ARGS]`: JupyterLab serving the repository root (notebooks import './lib/...'),
// with the tslab kernelspec that setup registers in .jupyter/. Works as root; arguments go to `jupyter lab`
// (e.g. `npm run lab -- --no-browser --port 8888`). Prints the URL with its token once the server is up.
import { spawn } from 'node:child_process';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findJupyterLab } from './lab-install.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const jupyter = findJupyterLab(root);
if (!jupyter) {
  console.error('[lab] JupyterLab is not installed: run npm run setup (it installs it into .venv-lab/; see the README, Notebooks)');
  process.exit(1);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const userArgs = process.argv.slice(2);
const has = (flag) => userArgs.some((a) => a === flag || a.startsWith(`${flag}=`));
// Notebooks under notebooks/ are saved without outputs (scripts/lab_hooks.py), so git stays clean.
const args = ['lab', `--ServerApp.root_dir=${root}`, '--FileContentsManager.pre_save_hook=lab_hooks.strip_source_notebook',
  ...(isRoot && !has('--allow-root') ? ['--allow-root'] : []), ...userArgs];
const kernels = join(root, '.jupyter', 'share', 'jupyter');
const env = {
  ...process.env,
  JUPYTER_PATH: [kernels, process.env.JUPYTER_PATH].filter(Boolean).join(delimiter),
  PYDEVD_DISABLE_FILE_VALIDATION: '1',
  PYTHONPATH: [join(root, 'scripts'), process.env.PYTHONPATH].filter(Boolean).join(delimiter),
};

const child = spawn(jupyter, args, { cwd: root, env, stdio: ['inherit', 'inherit', 'pipe'] });
let announced = false;
let pending = '';
child.stderr.on('data', (chunk) => {
  process.stderr.write(chunk);
  if (announced) return;
  pending += chunk;
  // Jupyter logs the server's URLs (with the token, when there is one) right after "is running at:".
  const url = /is running at:[^]*?(https?:\/\/\S+:\d+\/lab\S*)/.exec(pending)?.[1];
  if (url) {
    announced = true;
    pending = '';
    console.error(`\n[lab] JupyterLab is serving ${root}: open ${url}\n`);
  }
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
child.on('error', (err) => { console.error(`[lab] could not start ${jupyter}: ${err.message}`); process.exit(1); });
