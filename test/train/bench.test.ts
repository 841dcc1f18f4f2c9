// `whatwhere bench train --json` prints one JSON object with the backend and images per second.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('whatwhere bench train', () => {
  it('reports {backend, img_per_s} after warm-up, for train and infer', () => {
    for (const mode of ['train', 'infer']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'lib/cli.ts', 'bench', 'train', '--arch', 'resnet18', '--size', '16',
        '--width', '0.0625', '--batch', '4', '--steps', '2', '--warmup', '1', '--mode', mode, '--json'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout.trim());
      expect(out).toMatchObject({ arch: 'resnet18', size: 16, width: 0.0625, mode, batch: 4, steps: 2 });
      expect(typeof out.backend).toBe('string');
      expect(out.img_per_s).toBeGreaterThan(0);
      expect(r.stderr).toMatch(/\[bench\] .* step 2\/2/);
    }
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'lib/cli.ts', 'bench', 'train', '--mode', 'fly'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--mode expected train or infer, got 'fly'/);
  });
});
