// Installs JupyterLab (and plotly, whose jupyterlab-plotly extension draws the notebooks' figures) into a
// project-local virtual environment, .venv-lab/, with pip and whatever package indexes pip is configured
// with. Indexes that do not answer are left out before pip starts, and pip itself runs with short
// time-outs and one retry, so a machine without a reachable index gets one line within seconds.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the venv holds; plotly ships the application/vnd.plotly.v1+json renderer for JupyterLab. */
export const LAB_REQUIREMENTS = ['jupyterlab>=4.2,<5', 'plotly>=6,<8'];
export const DEFAULT_INDEX = 'https://pypi.org/simple';

export function labVenv(root) {
  return join(root, '.venv-lab');
}

/** The `jupyter` that serves JupyterLab: the project venv's, else one on PATH that knows `lab`, else undefined. */
export function findJupyterLab(root) {
  const venv = join(labVenv(root), 'bin', 'jupyter');
  if (existsSync(join(labVenv(root), 'bin', 'jupyter-lab'))) return venv;
  const r = spawnSync('jupyter', ['lab', '--version'], { stdio: 'ignore', timeout: 30_000 });
  return r.status === 0 ? 'jupyter' : undefined;
}

/** Debian's python3 (the one its python3-venv package completes), else python3 on PATH, else undefined. */
export function findPython() {
  if (existsSync('/usr/bin/python3')) return '/usr/bin/python3';
  return spawnSync('python3', ['--version'], { stdio: 'ignore' }).status === 0 ? 'python3' : undefined;
}

/** pip's index URLs (index-url, then extra-index-url) and find-links, from `pip config list` and the environment. */
export function pipIndexes(python, env = process.env) {
  const r = spawnSync(python, ['-m', 'pip', 'config', 'list'], { encoding: 'utf8', env, timeout: 30_000 });
  const config = {};
  for (const line of (r.stdout ?? '').split('\n')) {
    const m = /^[^.]*\.([\w-]+)='(.*)'$/.exec(line.trim());
    if (m) config[m[1]] = m[2];
  }
  const index = env.PIP_INDEX_URL ?? config['index-url'] ?? DEFAULT_INDEX;
  const extras = (env.PIP_EXTRA_INDEX_URL ?? config['extra-index-url'] ?? '').split(/\s+/).filter(Boolean);
  const findLinks = (env.PIP_FIND_LINKS ?? config['find-links'] ?? '').split(/\s+/).filter(Boolean);
  return { indexes: [index, ...extras.filter((u) => u !== index)], findLinks };
}

/** Whether an index answers within 10 s (a file: URL: whether its folder exists). */
export async function indexAnswers(url) {
  if (url.startsWith('file:')) return existsSync(fileURLToPath(url));
  if (!/^https?:/.test(url)) return existsSync(url);
  try {
    const res = await fetch(url.endsWith('/') ? url : `${url}/`, { method: 'HEAD', signal: AbortSignal.timeout(10_000) });
    return res.status < 500;
  } catch {
    return false;
  }
}

/**
 * pip arguments that name only the indexes that answer, or a reason to give up. Behind a proxy node's
 * fetch does not see what pip sees, so then pip gets its own configuration unchanged.
 */
export async function indexArgs(python, env = process.env) {
  if (env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy) return { args: [] };
  const { indexes, findLinks } = pipIndexes(python, env);
  const answers = await Promise.all(indexes.map(indexAnswers));
  const live = indexes.filter((_, i) => answers[i]);
  const dead = indexes.filter((_, i) => !answers[i]);
  const links = findLinks.filter((l) => existsSync(l.startsWith('file:') ? fileURLToPath(l) : l));
  if (live.length === 0 && links.length === 0) {
    return { error: `no package index pip is configured with answers (${dead.join(', ')}); point PIP_INDEX_URL at one, or set WHATWHERE_NO_LAB=1` };
  }
  if (dead.length === 0) return { args: [] };
  const args = live.length ? ['--index-url', live[0], ...live.slice(1).flatMap((u) => ['--extra-index-url', u])] : ['--no-index'];
  return { args, skipped: dead };
}

/** Runs pip, printing a progress line every 20 packages; resolves to [exit code, last lines of output]. */
function runPip(python, args, log) {
  return new Promise((resolve) => {
    const child = spawn(python, ['-m', 'pip', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = [];
    let collected = 0;
    const onData = (d) => {
      for (const line of String(d).split('\n').filter((l) => l.trim())) {
        tail = [...tail.slice(-30), line];
        if (/^(Collecting|Processing) /.test(line) && ++collected % 20 === 0) log(`JupyterLab: ${collected} packages fetched`);
        if (/^Installing collected packages/.test(line)) log(`JupyterLab: installing ${collected} packages`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    // A bound on the whole run too: pip's own time-outs are per request.
    const timer = setTimeout(() => child.kill('SIGTERM'), 20 * 60_000);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve([signal ? `killed after 20 min (${signal})` : code, tail]); });
    child.on('error', (err) => { clearTimeout(timer); resolve([err.message, tail]); });
  });
}

/**
 * Makes .venv-lab with Debian's python3 and pip-installs LAB_REQUIREMENTS into it. Skipped when done
 * (stamp), when `jupyter lab` already works on PATH, or with WHATWHERE_NO_LAB=1. Never fatal: without
 * JupyterLab everything but `npm run lab` and the browser tests works, so failures are one line.
 */
export async function labStep({ root, log, warn, aptInstall, isRoot }) {
  if (process.env.WHATWHERE_NO_LAB === '1') return;
  const venv = labVenv(root);
  const stamp = join(venv, '.whatwhere-lab');
  const want = LAB_REQUIREMENTS.join(' ') + '\n';
  if (existsSync(join(venv, 'bin', 'jupyter-lab')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  if (!existsSync(venv) && findJupyterLab(root) === 'jupyter') return;
  const python = findPython();
  if (!python) {
    warn('JupyterLab not installed: no python3 found; install Python 3 (Debian: apt-get install python3-venv) and run npm run setup again, or set WHATWHERE_NO_LAB=1');
    return;
  }
  const vpython = join(venv, 'bin', 'python');
  if (!existsSync(vpython)) {
    const make = () => spawnSync(python, ['-m', 'venv', venv], { encoding: 'utf8' });
    let r = make();
    if (r.status !== 0 && isRoot) {
      rmSync(venv, { recursive: true, force: true });
      try { aptInstall(['python3-venv']); } catch { /* the retry below reports it */ }
      r = make();
    }
    if (r.status !== 0) {
      rmSync(venv, { recursive: true, force: true });
      warn(`JupyterLab not installed: ${python} -m venv failed (${(r.stderr || '').trim().split('\n').pop()}); run: sudo apt-get install python3-venv, then npm run setup`);
      return;
    }
  }
  // The venv lies inside this "type": "module" package; JupyterLab runs a bundled CommonJS yarn.js from
  // it, which node would then load as ESM and fail on.
  writeFileSync(join(venv, 'package.json'), '{ "type": "commonjs" }\n');
  const idx = await indexArgs(vpython);
  if (idx.error) { warn(`JupyterLab not installed: ${idx.error}`); return; }
  if (idx.skipped) log(`JupyterLab: leaving out package indexes that do not answer: ${idx.skipped.join(', ')}`);
  log(`installing JupyterLab into ${venv} with pip (${LAB_REQUIREMENTS.join(', ')}; about a minute)`);
  const [code, tail] = await runPip(vpython, ['install', '--no-input', '--disable-pip-version-check', '--progress-bar', 'off',
    '--timeout', '15', '--retries', '1', ...idx.args, ...LAB_REQUIREMENTS], log);
  if (code !== 0) {
    const why = tail.filter((l) => /^ERROR|Error|error:/.test(l)).pop() ?? tail.pop() ?? '';
    warn(`JupyterLab not installed: pip install failed (${code}): ${why.trim()}`);
    return;
  }
  writeFileSync(stamp, want);
  log('JupyterLab installed: npm run lab');
}
