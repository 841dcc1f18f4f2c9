// The CLI's front door: `whatwhere info --json`, backend override, clear errors.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function whatwhere(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/whatwhere.mjs', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('whatwhere info', () => {
  it('prints the chosen backend, the available ones, versions and threads as JSON', () => {
    const r = whatwhere(['info', '--json'], { WHATWHERE_BACKEND: '' });
    expect(r.code).toBe(0);
    const info = JSON.parse(r.out);
    expect(['torch', 'tensorflow', 'wasm', 'cpu']).toContain(info.backend);
    expect(Object.keys(info.available)).toEqual(['torch', 'tensorflow', 'wasm', 'cpu']);
    expect(info.available.cpu.ok).toBe(true);
    expect(info.available.wasm.ok).toBe(true);
    expect(info.versions.tfjs).toBe('4.22.0');
    expect(info.threads).toBeGreaterThanOrEqual(1);
    // The first available backend in preference order is the one chosen.
    const first = ['torch', 'tensorflow', 'wasm', 'cpu'].find((b) => info.available[b].ok);
    expect(info.backend).toBe(first);
  });

  it('honours WHATWHERE_BACKEND', () => {
    const r = whatwhere(['info', '--json'], { WHATWHERE_BACKEND: 'cpu' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ backend: 'cpu', forcedBy: 'WHATWHERE_BACKEND', patchedKernels: ['Conv2DBackpropFilter'] });
  });

  it('refuses an unknown backend with one clear line', () => {
    const r = whatwhere(['info'], { WHATWHERE_BACKEND: 'metal' });
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe('whatwhere info: WHATWHERE_BACKEND=metal: expected one of torch, tensorflow, wasm, cpu');
  });

  it('rejects unknown commands and flags', () => {
    expect(whatwhere(['frobnicate']).code).toBe(2);
    const r = whatwhere(['info', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/whatwhere info: .*--bogus/);
  });
});
