// Export to PyTorch: the byte structure torch.load relies on (zip members aligned to 64 bytes, a
// protocol-2 pickle of an OrderedDict of _rebuild_tensor_v2 calls over persistent storage ids), and
// import -> export giving back torchvision's own state_dict exactly (keys in order, dtypes, bytes,
// num_batches_tracked). That PyTorch loads the result with strict=True is checked by hand (README).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readNpy } from '../../lib/npy.js';
import { main } from '../../lib/cli.js';
import { readStateDict } from '../../lib/interop/checkpoint.js';
import { fromTorchStateDict, toTorchStateDict } from '../../lib/interop/resnet_layout.js';
import { encodeSafetensors, readSafetensors } from '../../lib/interop/safetensors.js';
import type { Tensor } from '../../lib/interop/tensor.js';
import { readTorchZip } from '../../lib/interop/torch_file.js';
import { encodeTorchSave } from '../../lib/interop/torch_writer.js';
import { ZipReader } from '../../lib/zip.js';

const F = join(process.cwd(), 'data/fixtures/interop');
const dir = mkdtempSync(join(tmpdir(), 'ww-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const original = readStateDict(join(F, 'resnet18_w0125.pth')).tensors;
const w = fromTorchStateDict(original, 'fixture');
const exported = toTorchStateDict(w.config, w.values, (bn) => w.numBatchesTracked[bn]!);

function expectSameTensors(got: Map<string, Tensor> | Map<unknown, unknown>, want: Map<string, Tensor>) {
  expect([...got.keys()]).toEqual([...want.keys()]);
  for (const [k, t] of want) {
    const g = got.get(k) as Tensor;
    expect([g.dtype, g.shape], k).toEqual([t.dtype, t.shape]);
    expect(g.bytes.equals(t.bytes), k).toBe(true);
  }
}

async function quietly(args: string[]): Promise<number> {
  const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try { return await main(args); } finally { write.mockRestore(); }
}

describe('torch.save format writer', () => {
  const file = encodeTorchSave(exported, 'r18');

  it('writes stored zip members in torch order, each member\'s data at a multiple of 64 bytes', () => {
    const members = ZipReader.fromBuffer(file, 'export').readAll();
    expect([...members.keys()]).toEqual(['r18/data.pkl', 'r18/byteorder', ...exported.map((_, i) => `r18/data/${i}`), 'r18/version']);
    expect(members.get('r18/byteorder')!.toString()).toBe('little');
    expect(members.get('r18/version')!.toString()).toBe('3\n');
    for (let p = 0; p < file.length - 4 && file.readUInt32LE(p) === 0x04034b50;) {
      const dataAt = p + 30 + file.readUInt16LE(p + 26) + file.readUInt16LE(p + 28);
      expect(dataAt % 64).toBe(0);
      expect(file.readUInt16LE(p + 8)).toBe(0); // stored
      p = dataAt + file.readUInt32LE(p + 18);
    }
  });

  it('pickles an OrderedDict of _rebuild_tensor_v2 calls over persistent storage ids (protocol 2)', () => {
    const pkl = ZipReader.fromBuffer(file, 'export').readAll().get('r18/data.pkl')!.toString('latin1');
    expect(pkl.startsWith('\x80\x02ccollections\nOrderedDict\n)R(')).toBe(true);
    expect(pkl.endsWith('u.')).toBe(true);
    expect(pkl.split('ctorch._utils\n_rebuild_tensor_v2\n')).toHaveLength(exported.length + 1);
    expect(pkl.split('ctorch\nLongStorage\n')).toHaveLength(20 + 1); // one num_batches_tracked per BN
    expect(pkl).toContain('X\x0c\x00\x00\x00conv1.weight');
    // The storage key, location and element count of conv1.weight: ('storage', FloatStorage, '0', 'cpu', 1176) BINPERSID
    expect(pkl).toContain('(X\x07\x00\x00\x00storagectorch\nFloatStorage\nX\x01\x00\x00\x000X\x03\x00\x00\x00cpuJ\x98\x04\x00\x00tQ');
  });

  it('gives back torchvision\'s state_dict exactly after import (layouts, order, num_batches_tracked)', () => {
    expectSameTensors(readTorchZip(file, 'export') as Map<string, Tensor>, original);
    expect(exported.find((t) => t.name === 'layer4.1.bn2.num_batches_tracked')!.tensor.bytes.readBigInt64LE(0)).toBe(3n);
  });
});

describe('safetensors writer', () => {
  it('writes an 8-aligned JSON header with contiguous offsets that reads back as the fixture', () => {
    const buf = encodeSafetensors(exported, { format: 'pt' });
    const n = Number(buf.readBigUInt64LE(0));
    expect(n % 8).toBe(0);
    const header = JSON.parse(buf.toString('utf8', 8, 8 + n)) as Record<string, { data_offsets: number[] }>;
    expect(header.__metadata__).toEqual({ format: 'pt' });
    expect(header['fc.bias']).toEqual({ dtype: 'F32', shape: [10], data_offsets: expect.any(Array) });
    expectSameTensors(readSafetensors(buf, 'export'), readSafetensors(readFileSync(join(F, 'resnet18_w0125.safetensors')), 'fixture'));
  });
});

describe('whatwhere export and extract --images on an imported run', () => {
  it('exports what was imported, and extracts PyTorch\'s numbers from an image array', async () => {
    const run = join(dir, 'run');
    expect(await quietly(['import', '--weights', join(F, 'resnet18_w0125.safetensors'), '--size', '64', '--out', run])).toBe(0);
    expect(await quietly(['export', '--run', run, '--to', 'pytorch', '--out', join(dir, 'out.pth')])).toBe(0);
    expectSameTensors(readStateDict(join(dir, 'out.pth')).tensors, original);
    expect(await quietly(['export', '--run', run, '--to', 'safetensors', '--out', join(dir, 'out.safetensors')])).toBe(0);
    expectSameTensors(readStateDict(join(dir, 'out.safetensors')).tensors, original);

    const acts = join(dir, 'acts');
    expect(await quietly(['extract', '--run', run, '--images', join(F, 'inputs.npy'), '--n', '4', '--layers', 'avgpool,fc', '--out', acts])).toBe(0);
    for (const layer of ['avgpool', 'fc']) {
      const got = readNpy(join(acts, `${layer}.npy`)).data as Float32Array;
      const want = readNpy(join(F, `resnet18_w0125_${layer}.npy`)).data as Float32Array;
      expect(got.length).toBe(want.length);
      const err = Math.max(...want.map((v, i) => Math.abs(got[i]! - v))) / Math.max(...want.map(Math.abs));
      expect(err).toBeLessThan(1e-4);
    }
    const meta = JSON.parse(readFileSync(join(acts, 'meta.json'), 'utf8'));
    expect(meta.size).toBe(64);
    expect(meta.data.variant).toBe('images');
  }, 300_000); // four CLI runs; generous for a loaded 2-core machine
});
