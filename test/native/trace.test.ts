// Traces (lib/engine/trace.ts, addon traceBegin/End/Same/Run): recorded native calls replayed on new
// parameters give exactly what running the code again gives; what cannot be replayed is refused with a reason.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initEngine } from '../../lib/engine/index.js';
import { canTrace, startTrace, Trace } from '../../lib/engine/trace.js';
import { loadAddon, type TorchAddon } from '../../lib/native/addon.js';
import { rng, torchAvailable } from './harness.js';

process.env.WHATWHERE_BACKEND = 'torch';
const available = await torchAvailable();
const required = process.env.WHATWHERE_REQUIRE_TORCH === '1';

const rand = rng(11);
const randomTensor = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rand() * 2 - 1), shape);

/** A small function of tensors with a convolution, a broadcast constant, a reduction and a gradient. */
function f(x: tf.Tensor, w: tf.Tensor): tf.Tensor[] {
  const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'), 0.25)))) as tf.Scalar, [wVar!]);
  return [value, grads[wVar!.name]!];
}
let wVar: tf.Variable | undefined;

function bytes(t: tf.Tensor): Buffer {
  const d = t.dataSync() as Float32Array;
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
}

describe.skipIf(available !== true && !required)('traces on torch', () => {
  it('a replay on new parameters equals running the code again, bit for bit, and frees what it made', async () => {
    await initEngine({ backend: 'torch' });
    expect(canTrace()).toBe(true);
    const native = loadAddon() as TorchAddon;
    wVar = tf.variable(randomTensor([3, 3, 2, 4]));
    const x1 = randomTensor([2, 5, 5, 2]);
    const rec = startTrace()!;
    const out1 = f(x1, wVar);
    const trace = rec.end([x1, wVar], out1);
    expect(trace).toBeInstanceOf(Trace);
    const t = trace as Trace;
    expect(t.instructions).toBeGreaterThan(5);
    const ops = native.traceOps(t.id).map(([op]) => native.schema(op).split('(')[0]);
    expect(ops).toHaveLength(t.instructions);
    expect(ops).toContain('aten::convolution');
    expect(ops).toContain('aten::convolution_backward');
    // new values for both parameters
    const x2 = randomTensor([2, 5, 5, 2]);
    wVar.assign(randomTensor([3, 3, 2, 4]));
    const live0 = native.live();
    const replayed = t.run([x2, wVar]);
    expect(native.live()).toBe(live0 + 2); // only the two outputs stay
    const again = f(x2, wVar);
    expect(replayed.map(bytes)).toEqual(again.map(bytes));
    expect(bytes(replayed[0]!)).not.toEqual(bytes(out1[0]!));
    expect(() => t.run([x2])).toThrow(/1 parameters for a trace of 2/);
    tf.dispose([...out1, ...replayed, ...again, x1, x2, wVar]);
    t.dispose();
    expect(() => t.run([x1, x1])).toThrow(/after dispose/);
  });

  it('two recordings agree when the code is the same, and name the first call that differs when not', async () => {
    await initEngine({ backend: 'torch' });
    const x = randomTensor([4, 3]);
    const record = (c: number) => {
      const rec = startTrace()!;
      const y = tf.mul(tf.add(x, 1), tf.scalar(c));
      const tr = rec.end([x], [y]) as Trace;
      y.dispose();
      return tr;
    };
    const [a, b, c] = [record(2), record(2), record(3)];
    expect(a.sameAs(b)).toBe('');
    expect(a.sameAs(c)).toMatch(/captured tensor/); // the scalar 3 was made inside the recording
    const d = (() => {
      const rec = startTrace()!;
      const y = tf.sub(tf.add(x, 1), 2);
      const tr = rec.end([x], [y]) as Trace;
      y.dispose();
      return tr;
    })();
    expect(a.sameAs(d)).toMatch(/call \d+ .*differs|call counts differ/);
    for (const t of [a, b, c, d]) t.dispose();
    x.dispose();
  });

  it('refuses a recording that read a value back or lost an input it would have to keep', async () => {
    await initEngine({ backend: 'torch' });
    const x = randomTensor([4, 3]);
    let rec = startTrace()!;
    const s = tf.sum(x);
    const branch = s.dataSync()[0]! > 0 ? tf.add(x, 1) : tf.sub(x, 1); // JS branches on a value
    expect(rec.end([x], [branch])).toMatch(/read back/);
    const temp = randomTensor([4, 3]);
    rec = startTrace()!;
    const y = tf.add(x, temp);
    temp.dispose(); // an input that is not a parameter, gone before the recording ends
    expect(rec.end([x], [y])).toMatch(/freed before traceEnd/);
    // an operator writing in place to a tensor the trace would capture (made inside it, or read from outside)
    const native = loadAddon() as TorchAddon;
    const addInPlace = native.op('aten::add_', 'Scalar');
    const outside = native.fromBuffer(new Float32Array([1, 2]), [2], 0)[0]!;
    native.traceBegin();
    const inside = native.fromBuffer(new Float32Array([1, 2]), [2], 0)[0]!;
    native.call(addInPlace, [inside, 1]);
    expect(native.traceEnd([], [inside])).toEqual({ invalid: expect.stringMatching(/add_ writes in place to a tensor the trace would capture/) });
    native.traceBegin();
    native.call(addInPlace, [outside, 1]);
    expect(native.traceEnd([], [outside])).toEqual({ invalid: expect.stringMatching(/writes in place/) });
    native.traceBegin(); // the same write to a parameter is what running the code again would do: allowed
    native.call(addInPlace, [outside, 1]);
    const param = native.traceEnd([outside], [outside]);
    expect('invalid' in param ? param.invalid : '').toBe('');
    native.traceDrop((param as { id: number }).id);
    native.free(inside);
    native.free(outside);
    // intermediates made and freed inside the recording are fine (their handles may be reused)
    rec = startTrace()!;
    const z = tf.add(x, 1);
    const w = tf.mul(z, 2);
    z.dispose();
    const v = tf.add(w, 3);
    const ok = rec.end([x], [v]);
    expect(ok).toBeInstanceOf(Trace);
    const again = (ok as Trace).run([x]);
    expect(again[0]!.dataSync()).toEqual(v.dataSync());
    (ok as Trace).dispose();
    tf.dispose([s, branch, y, w, v, ...again, x]);
  });
});
