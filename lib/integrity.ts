// Checksums for files whatwhere writes and reads back later. A folder's SHA256SUMS lists its files in
// `sha256sum` format (so `sha256sum -c SHA256SUMS` checks them by hand too); readers verify a listed file
// once per process and remember it by (device, inode, size, mtime), so a file changed afterwards is
// hashed again. Folders written before SHA256SUMS existed have none and are read unchecked.
import { createHash, type Hash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeAtomic } from './atomic.js';

export const SUMS_FILE = 'SHA256SUMS';

/** sha256 of a file, read in 4 MiB pieces. */
export function sha256File(path: string): string {
  const h = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(1 << 22);
    for (let pos = 0; ;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      h.update(buf.subarray(0, n));
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

/** Hashes bytes as they are written, for files too large to hash again afterwards. */
export class StreamingHash {
  private readonly h: Hash = createHash('sha256');
  update(bytes: Uint8Array | string): void { this.h.update(bytes); }
  hex(): string { return this.h.digest('hex'); }
}

/** Writes `dir`/SHA256SUMS for `sums` (file name -> sha256), durably: it vouches for the files. */
export function writeSums(dir: string, sums: Record<string, string>): void {
  const lines = Object.keys(sums).sort().map((f) => `${sums[f]}  ${f}\n`);
  writeAtomic(join(dir, SUMS_FILE), lines.join(''), { durable: true });
}

/** The sums listed in `dir`/SHA256SUMS, or undefined when there is none. */
export function readSums(dir: string): Map<string, string> | undefined {
  const file = join(dir, SUMS_FILE);
  if (!existsSync(file)) return undefined;
  const out = new Map<string, string>();
  for (const [i, line] of readFileSync(file, 'utf8').split('\n').entries()) {
    if (!line) continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) throw new Error(`${file}: line ${i + 1} is not '<sha256>  <file>'`);
    out.set(m[2]!, m[1]!);
  }
  return out;
}

const verified = new Map<string, string>();

/**
 * Checks `path` against the SHA256SUMS beside it; throws one line naming the file when it does not match.
 * No SHA256SUMS, or a file it does not list: nothing to check.
 */
export function verifyListed(path: string): void {
  const sums = readSums(dirname(path));
  const want = sums?.get(basename(path));
  if (!want) return;
  const st = statSync(path);
  const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${want}`;
  if (verified.get(path) === key) return;
  const got = sha256File(path);
  if (got !== want) {
    throw new Error(`${path}: sha256 ${got.slice(0, 12)}... does not match ${SUMS_FILE} ${want.slice(0, 12)}... (altered or corrupt since it was written; recompute it)`);
  }
  verified.set(path, key);
}
