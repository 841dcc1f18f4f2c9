// Executes a tslab notebook headlessly with Debian's nbconvert, using the project-local kernelspec
// that scripts/setup.mjs registers (its kernel cds to the repo root so notebooks import './lib/...').
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export const JUPYTER = '/usr/bin/jupyter';

export function jupyterPath(root = process.cwd()): string {
  return join(root, '.jupyter', 'share', 'jupyter');
}

export interface ExecuteOptions {
  timeoutS?: number;
  env?: Record<string, string>;
  allowErrors?: boolean;
  root?: string;
}

/** Runs every cell of `input` and writes the executed notebook to `output` (then marks it trusted). */
export async function executeNotebook(input: string, output: string, opts: ExecuteOptions = {}): Promise<void> {
  const root = opts.root ?? process.cwd();
  if (!existsSync(JUPYTER)) throw new Error(`${JUPYTER} not found: install jupyter-nbconvert and python3-ipython (npm run setup does this as root)`);
  if (!existsSync(join(jupyterPath(root), 'kernels', 'tslab', 'kernel.json'))) {
    throw new Error(`tslab kernel not registered in ${jupyterPath(root)}: run npm run setup`);
  }
  mkdirSync(dirname(resolve(output)), { recursive: true });
  const args = ['nbconvert', '--to', 'notebook', '--execute', resolve(input), '--output', basename(output),
    '--output-dir', dirname(resolve(output)), `--ExecutePreprocessor.timeout=${opts.timeoutS ?? 1800}`,
    '--ExecutePreprocessor.kernel_name=tslab'];
  if (opts.allowErrors) args.push('--allow-errors');
  const env = { ...process.env, ...opts.env, JUPYTER_PATH: jupyterPath(root), PYDEVD_DISABLE_FILE_VALIDATION: '1' };
  await runQuiet(JUPYTER, args, env, `executing ${input}`);
  // Trusted notebooks run their HTML/JS outputs (the inline Plotly figures) when opened in Jupyter.
  await runQuiet(JUPYTER, ['trust', resolve(output)], env, `trusting ${output}`).catch(() => undefined);
}

function runQuiet(cmd: string, args: string[], env: NodeJS.ProcessEnv, what: string): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => { log += d; });
    child.stderr.on('data', (d) => { log += d; });
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 0) ok();
      else fail(new Error(`${what} failed (exit ${code}):\n${log.split('\n').filter((l) => l.trim()).slice(-25).join('\n')}`));
    });
  });
}
