// Output paths that fail fast and say why. Directories are created one level at a time from the nearest
// existing ancestor (Node's recursive mkdir spins forever where mkdir answers ENOENT, e.g. under /proc),
// and OS errors become one line naming the path and the reason (read-only, no permission, not a
// directory, no space): ENOSPC from a write names no file by itself.
import { mkdirSync, readdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const REASONS: Record<string, string> = {
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a component of the path is not a directory',
  EISDIR: 'is a directory',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large for this file system',
  ENAMETOOLONG: 'name too long',
  EIO: 'input/output error',
  ENOENT: 'no such file or directory',
};

export function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * A filesystem error as one line, `<path>: <action>: <reason> (<CODE>)`; errors without an errno code
 * (already ours) pass through unchanged.
 */
export function describeFsError(err: unknown, path: string, action: string): Error {
  const code = errnoCode(err);
  if (!code) return err as Error;
  const out = new Error(`${path}: ${action}: ${REASONS[code] ?? (err as Error).message} (${code})`) as NodeJS.ErrnoException;
  out.code = code;
  return out;
}

/** Creates `dir` (and missing parents) or throws one line naming the first path that could not be made and why. */
export function ensureDir(dir: string): void {
  const target = resolve(dir);
  const missing: string[] = [];
  for (let d = target; ; d = dirname(d)) {
    let isDir: boolean;
    try {
      isDir = statSync(d).isDirectory();
    } catch (err) {
      const code = errnoCode(err);
      // ENOTDIR: a file further up; the walk reaches it and names it
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw describeFsError(err, d, 'cannot use as a folder');
      missing.push(d);
      if (dirname(d) === d) break;
      continue;
    }
    if (!isDir) throw new Error(`${d}: cannot create ${target}: ${d} is a file, not a directory`);
    break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'EEXIST' && statSync(d).isDirectory()) continue; // made by a concurrent process
      if (code === 'ENOENT') throw new Error(`${d}: cannot create directory: ${dirname(d)} does not accept new entries (a virtual file system such as /proc?)`);
      throw describeFsError(err, d, 'cannot create directory');
    }
  }
}

/** Whether a process with this pid exists (EPERM: it exists but is not ours). */
export function processAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (err) { return errnoCode(err) === 'EPERM'; }
}

const TEMP_RE = /\.tmp-(\d+)$/;

/** The temp name atomic writers use: `<file>.tmp-<pid>`. */
export function tempName(file: string): string {
  return `${file}.tmp-${process.pid}`;
}

/**
 * Removes `*.tmp-<pid>` files in `dir` whose writer is gone (killed), or is this process (a failed earlier
 * attempt): call it before this process starts writing into `dir`. Returns their names.
 */
export function removeDeadTemps(dir: string): string[] {
  let names: string[];
  try { names = readdirSync(dir); } catch { return []; }
  const dead = names.filter((f) => {
    const pid = Number(TEMP_RE.exec(f)?.[1]);
    return pid > 0 && (pid === process.pid || !processAlive(pid));
  });
  for (const f of dead) rmSync(join(dir, f), { force: true });
  return dead;
}

/** Bytes a non-root user may still write on the file system holding `path` (or its nearest existing ancestor). */
export function freeBytes(path: string): number {
  let d = resolve(path);
  for (;;) {
    try {
      const s = statfsSync(d);
      return Number(s.bavail) * Number(s.bsize);
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT' || dirname(d) === d) throw describeFsError(err, d, 'cannot read free space');
      d = dirname(d);
    }
  }
}

/** 1536 -> "1.5 kB" (powers of 1000, as df -H). */
export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
  return `${i === 0 ? n.toFixed(0) : n.toPrecision(3)} ${units[i]}`;
}
