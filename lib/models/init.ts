// Seeded initial values with torchvision's ResNet init rules:
//   conv:  kaiming_normal_(mode='fan_out', nonlinearity='relu')  -> N(0, 2 / (out * kh * kw))
//   bn:    weight 1, bias 0, running_mean 0, running_var 1
//   fc:    nn.Linear default (kaiming_uniform_ a=sqrt(5))         -> U(-1/sqrt(in), 1/sqrt(in)), bias likewise
// Every tensor draws from its own stream (see initRandom in lib/random), so values depend only on (seed, name, shape).
import type { ParamSpec } from './architecture.js';
import { initRandom } from '../random/index.js';

export function initialValues(spec: ParamSpec, seed: number): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  switch (spec.kind) {
    case 'conv': {
      const [kh, kw, , cout] = spec.shape;
      const std = Math.sqrt(2 / (cout! * kh! * kw!));
      const rng = initRandom(seed, spec.name);
      for (let i = 0; i < size; i++) out[i] = rng.normal() * std;
      return out;
    }
    case 'fc.weight':
    case 'fc.bias': {
      // fan_in of the linear layer is the input feature count for both weight and bias.
      const fanIn = spec.kind === 'fc.weight' ? spec.shape[0]! : Number.NaN;
      return uniformFc(spec, seed, out, fanIn);
    }
    case 'bn.weight':
    case 'bn.running_var':
      return out.fill(1);
    case 'bn.bias':
    case 'bn.running_mean':
      return out;
  }
}

function uniformFc(spec: ParamSpec, seed: number, out: Float32Array, fanIn: number): Float32Array {
  if (!Number.isFinite(fanIn)) throw new Error(`initialValues: ${spec.name} needs the fc fan-in (use initialValuesFor)`);
  const bound = 1 / Math.sqrt(fanIn);
  const rng = initRandom(seed, spec.name);
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng.uniform() - 1) * bound;
  return out;
}

/** Initial values for every spec; the fc bias takes its fan-in from the fc weight. */
export function initialValuesFor(specs: readonly ParamSpec[], seed: number): Map<string, Float32Array> {
  const fcIn = specs.find((s) => s.kind === 'fc.weight')?.shape[0];
  const out = new Map<string, Float32Array>();
  for (const s of specs) {
    if (s.kind === 'fc.bias') {
      out.set(s.name, uniformFc(s, seed, new Float32Array(s.shape[0]!), fcIn ?? Number.NaN));
    } else {
      out.set(s.name, initialValues(s, seed));
    }
  }
  return out;
}
