// Writes a file so that readers (and a killed run) see either the old file or the whole new one:
// temp file in the same folder, then rename. Creates the folder when needed.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** `durable`: fsync before the rename, for files that mark work as done (a crash must not leave them empty). */
export function writeAtomic(file: string, data: string | Uint8Array, opts: { durable?: boolean } = {}): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeFileSync(fd, data);
    if (opts.durable) fsyncSync(fd);
  } finally { closeSync(fd); }
  renameSync(tmp, file);
}
