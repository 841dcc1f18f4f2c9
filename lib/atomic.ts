// Writes a file so that readers (and a killed run) see either the old file or the whole new one:
// temp file in the same folder, then rename. Creates the folder when needed. A failed write removes its
// temp file and throws one line naming the file and the OS reason (lib/fs_guard.ts).
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describeFsError, ensureDir, tempName } from './fs_guard.js';

/**
 * `data` may come in pieces (written in order, never joined: a large archive is not copied once more).
 * `durable`: fsync before the rename, for files that mark work as done (a crash must not leave them empty).
 */
export function writeAtomic(file: string, data: string | Uint8Array | readonly Uint8Array[], opts: { durable?: boolean } = {}): void {
  ensureDir(dirname(file));
  const tmp = tempName(file);
  try {
    const fd = openSync(tmp, 'w');
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) writeFileSync(fd, data);
      else for (const piece of data) writeFileSync(fd, piece);
      if (opts.durable) fsyncSync(fd);
    } finally { closeSync(fd); }
    renameSync(tmp, file);
  } catch (err) {
    removeQuietly(tmp);
    throw describeFsError(err, file, 'cannot write');
  }
}

/** Best-effort removal of a temp file (on read-only storage there is nothing to remove). */
export function removeQuietly(file: string): void {
  try { rmSync(file, { force: true }); } catch { /* nothing more to do */ }
}
