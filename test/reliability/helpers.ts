// Shared pieces of the fault-injection tests: the CLI in this process with its stderr captured, the
// CLI in a child process (for hangs and kills), and a scratch tmpfs where the machine lets us mount one.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../lib/cli.js';
import { repoRoot } from '../../lib/paths.js';

/** Runs `whatwhere <argv>` in this process; returns the exit code, everything written to stderr and console.log's lines. */
export async function cli(argv: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const lines: string[] = [];
  const out: string[] = [];
  const err = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { lines.push(a.map(String).join(' ') + '\n'); });
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { lines.push(String(s)); return true; });
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out.push(a.map(String).join(' ') + '\n'); });
  try {
    const code = await main(argv);
    return { code, stderr: lines.join(''), stdout: out.join('') };
  } finally {
    err.mockRestore();
    write.mockRestore();
    log.mockRestore();
  }
}

/** Runs the CLI in a child process (killed after `timeoutMs`: a hang fails the test instead of stalling it). */
export function cliProcess(argv: string[], timeoutMs = 90_000): { status: number | null; signal: string | null; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot(), 'lib', 'cli.ts'), ...argv], {
    encoding: 'utf8', timeout: timeoutMs, cwd: repoRoot(),
  });
  return { status: r.status, signal: r.signal, stderr: r.stderr };
}

/** The error lines of a failed command (progress lines start with '['). */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('whatwhere'));
}

/** XORs one byte of a file in place (size unchanged). */
export function flipByte(file: string, at: number): void {
  const b = readFileSync(file);
  b[at < 0 ? b.length + at : at]! ^= 0x5a;
  writeFileSync(file, b);
}

/** Mounts a tmpfs of `size` at dir; false where this machine does not allow it (not root, no CAP_SYS_ADMIN). */
export function mountTmpfs(dir: string, size: string): boolean {
  mkdirSync(dir, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status === 0;
}

export function remountReadOnly(dir: string): void {
  const r = spawnSync('mount', ['-o', 'remount,ro', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`remount ro ${dir}: ${r.stderr}`);
}

export function unmount(dir: string): void {
  spawnSync('umount', [dir]);
}

/** Whether tmpfs mounts work here (probed once, in a scratch folder). */
export function canMount(scratch: string): boolean {
  const ok = mountTmpfs(scratch, '64k');
  if (ok) unmount(scratch);
  return ok;
}
