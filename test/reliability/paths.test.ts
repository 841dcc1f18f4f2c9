// Issue 17, defect 4: output paths that cannot be written fail fast with one line naming the path and the
// OS reason; a full disk names the file and leaves no temp file; a finished run on read-only storage says
// it is complete. The tmpfs cases run where the machine lets a test mount one (root with CAP_SYS_ADMIN).
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAtomic } from '../../lib/atomic.js';
import { ensureDir } from '../../lib/fs_guard.js';
import { writeNpzAtomic } from '../../lib/models/index.js';
import { removeTempDirs, tempDir } from '../train/data.js';
import { canMount, cli, cliProcess, errorLines, mountTmpfs, remountReadOnly, unmount } from './helpers.js';

const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts.splice(0)) unmount(m);
  removeTempDirs();
});

const tmpfsOk = canMount(join(tempDir('probe'), 'mnt'));

function tmpfs(size: string): string {
  const dir = join(tempDir('tmpfs'), 'mnt');
  if (!mountTmpfs(dir, size)) throw new Error(`mount tmpfs at ${dir} failed`);
  mounts.push(dir);
  return dir;
}

describe('4: output directories', () => {
  it('generate --out /proc/foo returns at once with one line (no endless recursive mkdir)', () => {
    const t0 = Date.now();
    const r = cliProcess(['generate', '--n', '4', '--size', '16', '--out', '/proc/foo/bar']);
    expect(r.signal, 'killed by the timeout: the command hung').toBeNull();
    expect(r.status).toBe(1);
    expect(errorLines(r.stderr)).toEqual(['whatwhere generate: /proc/foo: cannot create directory: /proc does not accept new entries (a virtual file system such as /proc?)']);
    expect(Date.now() - t0).toBeLessThan(90_000);
  });

  it('a file where a folder is needed is named', async () => {
    const file = join(tempDir('notdir'), 'plain.txt');
    writeFileSync(file, 'x');
    expect(() => ensureDir(join(file, 'sub', 'dir'))).toThrow(`${file}: cannot create ${join(file, 'sub', 'dir')}: ${file} is a file, not a directory`);
    const r = await cli(['generate', '--n', '4', '--size', '16', '--out', join(file, 'ds')]);
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([`whatwhere generate: ${file}: cannot create ${join(file, 'ds')}: ${file} is a file, not a directory`]);
  });

  it.skipIf(!tmpfsOk)('read-only storage is named as read-only; a finished run there reports it is complete', async () => {
    const mnt = tmpfs('4m');
    const run = join(mnt, 'run');
    const args = ['train', '--task', 'untrained', '--arch', 'resnet18', '--width', '0.0625', '--size', '16', '--seed', '2', '--out', run];
    expect((await cli(args)).code).toBe(0);
    remountReadOnly(mnt);
    const again = await cli(args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/already complete \(DONE at step 0, untrained\); nothing to do/);
    const gen = await cli(['generate', '--n', '4', '--size', '16', '--out', join(mnt, 'data', 'ds')]);
    expect(gen.code).toBe(1);
    expect(errorLines(gen.stderr)).toEqual([`whatwhere generate: ${join(mnt, 'data')}: cannot create directory: read-only file system (EROFS)`]);
    expect(() => writeAtomic(join(run, 'note.txt'), 'x')).toThrow(`${join(run, 'note.txt')}: cannot write: read-only file system (EROFS)`);
  });

  it.skipIf(!tmpfsOk)('a full disk names the file and leaves no temp file; generate refuses up front what cannot fit', async () => {
    const mnt = tmpfs('1m');
    const big = new Uint8Array(2 << 20);
    expect(() => writeAtomic(join(mnt, 'big.bin'), big)).toThrow(`${join(mnt, 'big.bin')}: cannot write: no space left on device (ENOSPC)`);
    const entries = new Map([['w', { dtype: '<f4' as const, shape: [big.length / 4], data: new Float32Array(big.buffer) }]]);
    expect(() => writeNpzAtomic(join(mnt, 'weights.npz'), entries)).toThrow(`${join(mnt, 'weights.npz')}: cannot write: no space left on device (ENOSPC)`);
    expect(readdirSync(mnt)).toEqual([]);
    const gen = await cli(['generate', '--n', '1000', '--size', '64', '--out', join(mnt, 'ds')]);
    expect(gen.code).toBe(1);
    expect(errorLines(gen.stderr)).toEqual([expect.stringMatching(/ds: not enough disk space: 1000 images of 64x64 px need about 12\.7 MB, only 1\.05 MB free; choose a smaller --n or another --out$/)]);
    expect(existsSync(join(mnt, 'ds', 'shard-00000.npy'))).toBe(false);
  });
});
