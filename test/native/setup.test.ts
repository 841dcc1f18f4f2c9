// scripts/setup-native.mjs: with the addon built and nothing changed, a re-run is a no-op (stamp)
// that exits 0 quickly; a bad LIBTORCH_DIR fails with one line naming it.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADDON_PATH } from '../../lib/native/addon.js';

describe.skipIf(!existsSync(ADDON_PATH))('setup-native', () => {
  it('is idempotent and fast when nothing changed', () => {
    const before = statSync(ADDON_PATH).mtimeMs;
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['scripts/setup-native.mjs', '--quiet'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(statSync(ADDON_PATH).mtimeMs).toBe(before);
  });

  it('names a LIBTORCH_DIR without libtorch in one line and exits non-zero', () => {
    const r = spawnSync(process.execPath, ['scripts/setup-native.mjs'], { encoding: 'utf8', env: { ...process.env, LIBTORCH_DIR: '/nonexistent/torch' } });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/LIBTORCH_DIR=\/nonexistent\/torch has no include\/ATen\/ATen.h/);
  });
});
