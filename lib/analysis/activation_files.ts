// The files of an extraction being written: one float32 .npy per layer, streamed batch by batch into
// `<layer>.npy.tmp-<pid>` and hashed on the way (no second read of a large file). commit() renames them
// into place and writes SHA256SUMS (the analyses verify every layer against it); abort() removes the
// temp files, so a failed extraction leaves nothing that blocks a retry.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { removeQuietly } from '../atomic.js';
import { npyHeader } from '../npy.js';
import { describeFsError, tempName } from '../fs_guard.js';
import { StreamingHash, writeSums } from '../integrity.js';

interface OpenLayer { file: string; tmp: string; fd: number; hash: StreamingHash }

export class LayerFiles {
  private readonly open = new Map<string, OpenLayer>();

  /** Opens a temp file per layer with its header for `n` rows of `features[layer]` floats. */
  constructor(private readonly dir: string, n: number, features: Record<string, number>) {
    try {
      for (const [layer, f] of Object.entries(features)) {
        const file = join(dir, `${layer}.npy`);
        const tmp = tempName(file);
        let fd: number;
        try { fd = openSync(tmp, 'w'); } catch (err) { throw describeFsError(err, file, 'cannot write'); }
        const entry = { file, tmp, fd, hash: new StreamingHash() };
        this.open.set(layer, entry);
        this.put(entry, npyHeader('<f4', [n, f]));
      }
    } catch (err) {
      this.abort();
      throw err;
    }
  }

  /** Appends one batch of rows of `layer`. */
  write(layer: string, values: Float32Array): void {
    this.put(this.open.get(layer)!, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }

  /** fsyncs and renames every layer into place, then lists them (and `extra` files' sums) in SHA256SUMS. */
  commit(extra: Record<string, string> = {}): void {
    const sums: Record<string, string> = { ...extra };
    try {
      for (const e of this.open.values()) {
        fsyncSync(e.fd);
        closeSync(e.fd);
        e.fd = -1;
        renameSync(e.tmp, e.file);
        sums[e.file.slice(this.dir.length + 1)] = e.hash.hex();
      }
    } catch (err) {
      this.abort();
      throw describeFsError(err, this.dir, 'cannot finish the extraction');
    }
    this.open.clear();
    writeSums(this.dir, sums);
  }

  /** Runs `fn` (the writing); on any failure removes the temp files and rethrows. */
  guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      this.abort();
      throw err;
    }
  }

  /** Closes and removes whatever temp files are still open (after a failure). */
  abort(): void {
    for (const e of this.open.values()) {
      if (e.fd >= 0) { try { closeSync(e.fd); } catch { /* already closed */ } e.fd = -1; }
      removeQuietly(e.tmp);
    }
    this.open.clear();
  }

  private put(e: OpenLayer, bytes: Uint8Array): void {
    try {
      for (let off = 0; off < bytes.length;) off += writeSync(e.fd, bytes, off);
    } catch (err) {
      throw describeFsError(err, e.file, 'cannot write');
    }
    e.hash.update(bytes);
  }
}
