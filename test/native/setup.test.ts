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

describe.skipIf(!existsSync(ADDON_PATH))('torch backend settings', () => {
  it('WHATWHERE_TORCH_TF32 sets both TF32 flags, and a bad value names the variable', () => {
    const script = `import { loadAddon } from './lib/native/addon.ts'; import { registerNow } from './lib/native/index.ts';
      const r = await registerNow(); console.log(JSON.stringify([r, loadAddon().getTF32()]));`;
    const run = (v: string) => spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', env: { ...process.env, WHATWHERE_TORCH_TF32: v, WHATWHERE_TORCH_DEVICE: 'cpu' } });
    expect(JSON.parse(run('1').stdout)).toEqual([true, [true, true]]);
    expect(JSON.parse(run('0').stdout)).toEqual([true, [false, false]]);
    expect(JSON.parse(run('yes').stdout)[0]).toMatch(/WHATWHERE_TORCH_TF32=yes: expected 0 or 1/);
  });
});
