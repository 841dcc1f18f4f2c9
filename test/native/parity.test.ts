// Every torch kernel against tfjs's reference cpu backend, on varied shapes and dtypes. Each case
// runs the same tfjs code on both backends; the kernels torch ran are recorded, and the last test
// checks that every kernel in the registry was exercised by some case.
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { TORCH_KERNELS } from '../../lib/native/kernels/registry.js';
import { CASES, UNREACHED } from './cases.js';
import { mismatch, runOn, torchAvailable } from './harness.js';

const available = await torchAvailable();
if (available !== true) console.warn(`[test/native] skipped: ${available}`);
const required = process.env.WHATWHERE_REQUIRE_TORCH === '1';


const ran = new Set<string>();

describe.skipIf(available !== true && !required)('torch backend kernel parity vs cpu', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const ref = await runOn('cpu', c.fn, c.inputs);
      const got = await runOn('torch', c.fn, c.inputs);
      got.kernels.forEach((k) => ran.add(k));
      expect(got.outs.length).toBe(ref.outs.length);
      got.outs.forEach((o, i) => {
        const why = mismatch(o, ref.outs[i], c.atol ?? 0, c.rtol ?? 0);
        expect(why, `output ${i}`).toBeUndefined();
      });
    });
  }

  it('every registered kernel was exercised', () => {
    const missing = TORCH_KERNELS.map((k) => k.kernelName).filter((k) => !ran.has(k) && !UNREACHED.has(k));
    expect(missing).toEqual([]);
  });

  it('an unimplemented kernel fails loudly, naming it', async () => {
    await tf.setBackend('torch');
    const a = tf.tensor1d([1, 2, 2, 3]);
    expect(() => tf.unique(a)).toThrow(/Unique.*torch/);
    a.dispose();
  });
});

afterAll(async () => {
  await tf.setBackend('cpu');
});
