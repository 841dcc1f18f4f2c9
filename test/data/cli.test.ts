import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../lib/cli.js';

const root = mkdtempSync(join(tmpdir(), 'whatwhere-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('whatwhere generate / sheet', () => {
  it('generates a dataset with progress on stderr and draws one contact-sheet row per category', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const out = join(root, 'ds');
      expect(await main(['generate', '--variant', 'tdw-2', '--n', '40', '--size', '24', '--seed', '3', '--out', out])).toBe(0);
      expect(err.mock.calls.map((c) => String(c[0])).join('')).toMatch(/\[generate\] images 40\/40 [\d.]+ img\/s elapsed \d+s ETA 0s/);
      const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
      expect(meta.numCategories).toBe(2);
      const png = join(root, 'sheet.png');
      expect(await main(['sheet', '--data', out, '--out', png, '--per', '5'])).toBe(0);
      const img = PNG.sync.read(readFileSync(png));
      expect([img.width, img.height]).toEqual([5 * 24, 2 * 24]);
      const cat = join(root, 'catalogue.png');
      expect(await main(['sheet', '--catalogue', '--size', '16', '--out', cat])).toBe(0);
      expect(existsSync(cat)).toBe(true);
    } finally {
      err.mockRestore();
      log.mockRestore();
    }
  });

  it('answers bad flags with one line naming the flag', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await main(['generate', '--variant', 'coco', '--n', '5', '--out', join(root, 'x')])).toBe(2);
      expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/--variant expected full, centered or tdw-N, got 'coco'/);
      expect(await main(['generate', '--n', 'ten', '--out', join(root, 'x')])).toBe(2);
      expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/--n expected an integer, got 'ten'/);
      expect(await main(['sheet', '--out', join(root, 'y.png')])).toBe(2);
      expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/missing --data/);
      expect(await main(['sheet', '--data', join(root, 'missing'), '--out', join(root, 'y.png')])).toBe(1);
      expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/meta\.json not found/);
    } finally {
      err.mockRestore();
    }
  });
});
