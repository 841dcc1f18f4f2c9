// Importing torchvision checkpoints (data/fixtures/interop, from scripts/fixtures/torchvision_interop.py):
// the three container shapes give the same weights, the imported run's activations equal PyTorch's,
// and damaged or unsupported files are refused with one line naming the file and what it holds.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readNpy } from '../../lib/npy.js';
import { main } from '../../lib/cli.js';
import { initEngine, tf } from '../../lib/engine/index.js';
import { readStateDict } from '../../lib/interop/checkpoint.js';
import { fromTorchStateDict } from '../../lib/interop/resnet_layout.js';
import { encodeTorchSave } from '../../lib/interop/torch_writer.js';
import { disposeResNet, forward } from '../../lib/models/index.js';
import { loadRun } from '../../lib/train/index.js';

const F = join(process.cwd(), 'data/fixtures/interop');
const dir = mkdtempSync(join(tmpdir(), 'ww-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function relErr(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let d = 0, m = 0;
  for (let i = 0; i < want.length; i++) { d = Math.max(d, Math.abs(got[i]! - want[i]!)); m = Math.max(m, Math.abs(want[i]!)); }
  return d / m;
}

/** Runs the CLI in-process; returns the exit code and what it printed to stderr. */
async function cli(args: string[]): Promise<{ code: number; err: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { lines.push(a.join(' ')); });
  const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await main(args), err: lines.join('\n') };
  } finally {
    spy.mockRestore(); write.mockRestore();
  }
}

describe('reading torchvision state_dicts', () => {
  it('reads the zip .pth, the safetensors copy and a DataParallel training checkpoint', () => {
    const pth = readStateDict(join(F, 'resnet18_w0125.pth'));
    expect(pth.format).toBe('torch');
    expect(pth.entry).toBe('');
    expect(pth.tensors.size).toBe(122); // 62 weights/biases + 20 BNs x (2 running stats + num_batches_tracked)
    expect([...pth.tensors.keys()].slice(0, 7)).toEqual(['conv1.weight', 'bn1.weight', 'bn1.bias', 'bn1.running_mean', 'bn1.running_var', 'bn1.num_batches_tracked', 'layer1.0.conv1.weight']);
    const w = fromTorchStateDict(pth.tensors, 'pth');
    expect(w.config).toEqual({ arch: 'resnet18', width: 0.125, numOutputs: 10 });
    expect(new Set(Object.values(w.numBatchesTracked))).toEqual(new Set([3]));
    // BN statistics are the trained ones, not an init's zeros and ones.
    expect(w.values.get('layer2.0.bn1.running_var')!.every((v) => v === 1)).toBe(false);

    const st = readStateDict(join(F, 'resnet18_w0125.safetensors'));
    expect(st.format).toBe('safetensors');
    const ws = fromTorchStateDict(st.tensors, 'st');
    for (const [k, v] of w.values) expect(ws.values.get(k), k).toEqual(v);

    const ck = readStateDict(join(F, 'resnet50_w00625_ckpt.pt'));
    expect(ck.entry).toBe('model');
    expect(ck.tensors.has('conv1.weight')).toBe(true); // 'module.' prefix dropped
    expect(fromTorchStateDict(ck.tensors, 'ck').config).toEqual({ arch: 'resnet50', width: 0.0625, numOutputs: 7 });
  });

  it('lays out conv weights HWIO and fc.weight [in, out]', () => {
    const sd = readStateDict(join(F, 'resnet18_w0125.pth')).tensors;
    const w = fromTorchStateDict(sd, 'pth');
    const torchConv = new Float32Array(sd.get('conv1.weight')!.bytes.buffer.slice(sd.get('conv1.weight')!.bytes.byteOffset, sd.get('conv1.weight')!.bytes.byteOffset + 8 * 3 * 49 * 4));
    // torch [o=5, i=2, y=3, x=4] -> ours [y=3, x=4, i=2, o=5]
    expect(w.values.get('conv1.weight')![((3 * 7 + 4) * 3 + 2) * 8 + 5]).toBe(torchConv[((5 * 3 + 2) * 7 + 3) * 7 + 4]);
    const fc = sd.get('fc.weight')!;
    expect(w.values.get('fc.weight')![7 * 10 + 4]).toBe(fc.bytes.readFloatLE((4 * 64 + 7) * 4)); // torch [4, 7] -> ours [7, 4]
  });
});

describe('whatwhere import', () => {
  beforeAll(async () => { await initEngine(); });

  for (const [file, prefix, arch] of [['resnet18_w0125.pth', 'resnet18_w0125', 'resnet18'], ['resnet18_w0125.safetensors', 'resnet18_w0125', 'resnet18'], ['resnet50_w00625_ckpt.pt', 'resnet50_w00625', 'resnet50']] as const) {
    it(`${file}: avgpool and fc equal PyTorch's on the same inputs`, async () => {
      const out = join(dir, file);
      expect((await cli(['import', '--from', 'pytorch', '--arch', arch, '--weights', join(F, file), '--size', '64', '--out', out])).code).toBe(0);
      const { model, config } = loadRun(out);
      try {
        expect(config.size).toBe(64);
        const x = readNpy(join(F, 'inputs.npy'));
        const taps = tf.tidy(() => {
          const r = forward(model, tf.tensor4d(x.data as Float32Array, x.shape as [number, number, number, number]), { taps: ['avgpool', 'fc'] });
          return { avgpool: r.taps.avgpool!.dataSync(), fc: r.taps.fc!.dataSync() };
        });
        expect(relErr(taps.fc, readNpy(join(F, `${prefix}_fc.npy`)).data as Float32Array)).toBeLessThan(1e-4);
        if (arch === 'resnet18') expect(relErr(taps.avgpool, readNpy(join(F, `${prefix}_avgpool.npy`)).data as Float32Array)).toBeLessThan(1e-4);
      } finally {
        disposeResNet(model);
      }
    });
  }

  it('re-importing the same file into the same run is a no-op; another file there is refused', async () => {
    const out = join(dir, 'again');
    const args = ['import', '--weights', join(F, 'resnet18_w0125.pth'), '--size', '64', '--out', out];
    expect((await cli(args)).code).toBe(0);
    expect((await cli(args)).code).toBe(0);
    const other = await cli(['import', '--weights', join(F, 'resnet18_w0125.pth'), '--size', '32', '--out', out]);
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/holds a different run \(size: run has 64, asked 32\)/);
  });
});

describe('bad checkpoint files', () => {
  const pth = readFileSync(join(F, 'resnet18_w0125.pth'));
  const cases: [string, Buffer | string, RegExp][] = [
    ['garbage.pth', join(F, 'garbage.pth'), /garbage.pth: not a PyTorch checkpoint \(expected a torch.save zip archive or a .safetensors file\)/],
    ['whole_module.pth', join(F, 'whole_module.pth'), /holds a pickled torch.nn.modules.container.Sequential object, not a state_dict; save model.state_dict\(\) instead/],
    ['truncated.pth', pth.subarray(0, pth.length - 100), /truncated.pth: damaged zip archive \(no end-of-archive record; truncated\?\)/],
    ['flipped.pth', Buffer.from(pth).fill(0x55, 200_000, 200_004), /flipped.pth: damaged zip archive \(CRC-32 mismatch in 'resnet18_w0125\/data\/\d+'\)/],
    ['legacy.pth', Buffer.concat([Buffer.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]), Buffer.alloc(40)]), /legacy torch.save format .* re-save it/],
    ['bad.safetensors', Buffer.concat([Buffer.from([16, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{"a": {"dtype"  ')]), /bad.safetensors: not a valid safetensors file \(header is not JSON/],
    ['missing.pth', encodeTorchSave([...readStateDict(join(F, 'resnet18_w0125.pth')).tensors].filter(([k]) => k !== 'layer3.1.bn2.bias').map(([name, tensor]) => ({ name, tensor }))),
      /missing.pth: not a torchvision resnet18 state_dict: missing layer3.1.bn2.bias/],
    ['nothing.pth', join(dir, 'does-not-exist.pth'), /does-not-exist.pth: cannot read \(ENOENT\)/],
  ];
  for (const [name, content, message] of cases) {
    it(`${name}: one line, exit code 1`, async () => {
      const file = typeof content === 'string' ? content : join(dir, name);
      if (typeof content !== 'string') writeFileSync(file, content);
      const r = await cli(['import', '--weights', file, '--out', join(dir, `out-${name}`)]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^whatwhere import: /);
    });
  }

  it('--arch that contradicts the tensors is named', () => {
    const sd = readStateDict(join(F, 'resnet18_w0125.pth')).tensors;
    expect(() => fromTorchStateDict(sd, 'x.pth', { arch: 'resnet50' })).toThrow(/x.pth: --arch resnet50, but the state_dict has BasicBlocks/);
    expect(() => fromTorchStateDict(sd, 'x.pth', { width: 0.25 })).toThrow(/x.pth: 'conv1.weight' has shape \[8, 3, 7, 7\], resnet18 at width 0.25 with 10 outputs expects \[16, 3, 7, 7\]/);
  });
});
