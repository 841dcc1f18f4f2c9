// The checkpoint sweep: pattern expansion, layer pairing across architectures, the tidy CSV, and an
// end-to-end sweep over two copies of one model (CKA to itself is 1 at every layer, whatever the
// file format) on a freshly rendered small dataset.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../lib/cli.js';
import { generateDataset } from '../../lib/data/index.js';
import { expandSweepPatterns, referenceLayer, sweepCsv } from '../../lib/interop/sweep.js';
import { architecture } from '../../lib/models/index.js';

const F = join(process.cwd(), 'data/fixtures/interop');
const dir = mkdtempSync(join(tmpdir(), 'ww-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sweep pieces', () => {
  it('expands wildcards to run directories and checkpoint files only, sorted', () => {
    mkdirSync(join(dir, 'runs/a'), { recursive: true }); writeFileSync(join(dir, 'runs/a/config.json'), '{}');
    mkdirSync(join(dir, 'runs/not-a-run'), { recursive: true });
    writeFileSync(join(dir, 'runs/b.pth'), ''); writeFileSync(join(dir, 'runs/c.txt'), '');
    expect(expandSweepPatterns([join(dir, 'runs/*')])).toEqual([join(dir, 'runs/a'), join(dir, 'runs/b.pth')]);
    expect(() => expandSweepPatterns([join(dir, 'runs/z*')])).toThrow(/runs\/z\*: matches no run directory \(with config.json\) or checkpoint file/);
    expect(() => expandSweepPatterns([join(dir, 'nope')])).toThrow(/nope: no such run directory or checkpoint file/);
  });

  it('pairs a ResNet-50 layer with the ResNet-18 reference\'s block of the same stage', () => {
    const r18 = architecture({ arch: 'resnet18', width: 1, numOutputs: 10 }).layerNames;
    expect(referenceLayer('layer4.2.relu', r18)).toBe('layer4.1.relu');
    expect(referenceLayer('layer2.1.relu', r18)).toBe('layer2.1.relu');
    expect(referenceLayer('avgpool', r18)).toBe('avgpool');
  });

  it('writes a tidy CSV, quoting what needs it', () => {
    expect(sweepCsv([{ run: 'runs/a,b', layer: 'avgpool', measure: 'cka', target: 'ref:avgpool', value: 0.5 }, { run: 'r', layer: 'fc', measure: 'decoding', target: 'z', value: Number.NaN }]))
      .toBe('run,layer,measure,target,value\n"runs/a,b",avgpool,cka,ref:avgpool,0.500000\nr,fc,decoding,z,\n');
  });
});

describe('whatwhere sweep', () => {
  it('scores checkpoint files against a reference: CKA 1 to itself, decoding rows per latent', async () => {
    const data = join(dir, 'data');
    await generateDataset({ variant: 'full', count: 40, size: 32, seed: 3, out: data });
    const out = join(dir, 'sweep.csv');
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let code: number;
    try {
      code = await main(['sweep', '--runs', join(F, 'resnet18_w0125.*'), '--data', data, '--reference', join(F, 'resnet18_w0125.pth'),
        '--n', '40', '--folds', '2', '--targets', 'category,z', '--out', out]);
    } finally {
      write.mockRestore();
    }
    expect(code).toBe(0);
    const [header, ...lines] = readFileSync(out, 'utf8').trim().split('\n');
    expect(header).toBe('run,layer,measure,target,value');
    const rows = lines.map((l) => l.split(','));
    const layers = ['layer1.1.relu', 'layer2.1.relu', 'layer3.1.relu', 'layer4.1.relu', 'avgpool'];
    expect(rows).toHaveLength(2 * layers.length * 3); // 2 files x 5 layers x (cka + 2 latents)
    for (const r of rows.filter((x) => x[2] === 'cka')) expect(Number(r[4])).toBeCloseTo(1, 5);
    expect(new Set(rows.filter((x) => x[2] === 'cka').map((x) => x[1]))).toEqual(new Set(layers));
    const acc = rows.filter((x) => x[2] === 'decoding' && x[3] === 'category').map((x) => Number(x[4]));
    expect(acc.every((a) => a >= 0 && a <= 1)).toBe(true);
    const r = rows.filter((x) => x[2] === 'decoding' && x[3] === 'z').map((x) => Number(x[4]));
    expect(r.every((v) => v >= -1 && v <= 1)).toBe(true);
  }, 600_000);
});
