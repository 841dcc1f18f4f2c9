// Elementwise kernels: one table row per tfjs kernel, naming the ATen op that computes it.
// tfjs ops have already made input dtypes match; outputs take ATen's dtype (bool for
// comparisons), which is also what tfjs expects.
import type { KernelConfig } from '@tensorflow/tfjs';
import type { TorchBackend } from '../backend.js';
import { torchKernel } from '../exec.js';
import { ensureTorchGradients, RELU_GRAD_KERNEL, SQUARE_GRAD_KERNEL } from '../gradients.js';
import { cast } from './util.js';

/** Unary kernels that map onto one ATen op of the same meaning. */
const UNARY: [string, string][] = [
  ['Abs', 'abs'], ['Acos', 'acos'], ['Acosh', 'acosh'], ['Asin', 'asin'], ['Asinh', 'asinh'],
  ['Atan', 'atan'], ['Atanh', 'atanh'], ['Ceil', 'ceil'], ['Cos', 'cos'], ['Cosh', 'cosh'],
  ['Erf', 'erf'], ['Exp', 'exp'], ['Expm1', 'expm1'], ['Floor', 'floor'], ['IsFinite', 'isfinite'],
  ['IsNan', 'isnan'], ['Log', 'log'], ['Log1p', 'log1p'], ['Neg', 'neg'], ['Reciprocal', 'reciprocal'],
['Round', 'round'], ['Rsqrt', 'rsqrt'], ['Sigmoid', 'sigmoid'], ['Sign', 'sign'],
  ['Sin', 'sin'], ['Sinh', 'sinh'], ['Sqrt', 'sqrt'], ['Tan', 'tan'],
  ['Tanh', 'tanh'], ['Selu', 'selu'], ['LogicalNot', 'logical_not'],
];

/** Ops whose tfjs result is float even for int inputs (ATen agrees except for these). */
const FLOAT_RESULT = new Set(['Reciprocal']);

/** Binary kernels: ATen's .Tensor overloads broadcast like tfjs. */
const BINARY: [string, string][] = [
  ['Add', 'add.Tensor'], ['Sub', 'sub.Tensor'], ['Multiply', 'mul.Tensor'], ['RealDiv', 'div.Tensor'],
  ['Maximum', 'maximum'], ['Minimum', 'minimum'], ['Pow', 'pow.Tensor_Tensor'], ['Atan2', 'atan2'],
  ['Mod', 'remainder.Tensor'], ['Equal', 'eq.Tensor'], ['NotEqual', 'ne.Tensor'], ['Greater', 'gt.Tensor'],
  ['GreaterEqual', 'ge.Tensor'], ['Less', 'lt.Tensor'], ['LessEqual', 'le.Tensor'],
  ['LogicalAnd', 'logical_and'], ['LogicalOr', 'logical_or'], ['BitwiseAnd', 'bitwise_and.Tensor'],
];

function unary(kernelName: string, op: string): KernelConfig {
  return torchKernel(kernelName, (x, { x: a }) => {
    const src = FLOAT_RESULT.has(kernelName) && a.dtype !== 'float32' ? cast(x, x.in(a), 'float32').h : x.in(a);
    return x.run(op, [src]);
  });
}

function binary(kernelName: string, op: string): KernelConfig {
  return torchKernel(kernelName, (x, { a, b }) => x.run(op, [x.in(a), x.in(b)]));
}

export const ELEMENTWISE_KERNELS: KernelConfig[] = [
  ...UNARY.map(([k, op]) => unary(k, op)),
  // The same data under a second reference, as the cpu backend does: no native call. tfjs clones
  // every tensor it saves for the backward pass this way (about 200 per ResNet-18 step).
  torchKernel('Identity', (x, { x: a }) => {
    (x.host as unknown as TorchBackend).incRef(a.dataId);
    return { dataId: a.dataId, shape: a.shape, dtype: a.dtype };
  }),
  ...BINARY.map(([k, op]) => binary(k, op)),
  // tfjs FloorDiv rounds toward -inf and always returns int32 (cpu binaryKernelFunc(..., 'int32')).
  torchKernel('FloorDiv', (x, { a, b }) => {
    const r = x.run('div.Tensor_mode', [x.in(a), x.in(b), 'floor']);
    return r.dtype === 'int32' ? r : cast(x, r, 'int32');
  }),
  torchKernel('SquaredDifference', (x, { a, b }) => x.run('square', [x.run('sub.Tensor', [x.in(a), x.in(b)]).h])),
  torchKernel('IsInf', (x, { x: a }) => x.run('isinf', [x.in(a)])),
  torchKernel('Cast', (x, { x: a }, { dtype }) => cast(x, x.in(a), dtype as 'float32')),
  torchKernel('ClipByValue', (x, { x: a }, { clipValueMin, clipValueMax }) =>
    x.run('clamp', [x.in(a), clipValueMin as number, clipValueMax as number])),
  torchKernel('Relu', (x, { x: a }) => {
    ensureTorchGradients();
    return x.run('relu', [x.in(a)]);
  }),
  torchKernel('Square', (x, { x: a }) => {
    ensureTorchGradients();
    return x.run('square', [x.in(a)]);
  }),
  // d x^2 / dx = 2 x dy in one pass: addcmul(0, dy, x, value 2) with a broadcast zero
  torchKernel(SQUARE_GRAD_KERNEL, (x, { dy, x: a }) => x.run('addcmul', [x.run('zeros', [[], 6]).h, x.in(dy), x.in(a), 2])),
  torchKernel(RELU_GRAD_KERNEL, (x, { dy, x: a }) => x.run('threshold_backward', [x.in(dy), x.in(a), 0])),
  torchKernel('Relu6', (x, { x: a }) => x.run('hardtanh', [x.in(a), 0, 6])),
  torchKernel('LeakyRelu', (x, { x: a }, { alpha }) => x.run('leaky_relu', [x.in(a), alpha as number])),
  torchKernel('Prelu', (x, { x: a, alpha }) => {
    const neg = x.run('mul.Tensor', [x.in(a), x.in(alpha)]);
    return x.run('where.self', [x.run('gt.Scalar', [x.in(a), 0]).h, x.in(a), neg.h]);
  }),
  torchKernel('Elu', (x, { x: a }) => x.run('elu', [x.in(a)])),
  // EluGrad receives the forward output y (alpha 1): dy * (y < 0 ? y + 1 : 1)
  torchKernel('EluGrad', (x, { dy, y }) => x.run('elu_backward', [x.in(dy), 1, 1, 1, true, x.in(y)])),
  // tfjs softplus: log(1 + e^x) with its own overflow guard; ATen's threshold 20 differs by < 1e-8.
  torchKernel('Softplus', (x, { x: a }) => x.run('softplus', [x.in(a), 1, 20])),
  // tfjs step: x > 0 ? 1 : alpha, NaN stays NaN.
  torchKernel('Step', (x, { x: a }, { alpha }) => {
    // heaviside(x, 0) is exactly tfjs step with alpha 0 (NaN stays NaN) in one pass
    if (!alpha && a.dtype === 'float32') return x.run('heaviside', [x.in(a), x.run('zeros', [[], 6]).h]);
    const one = x.run('gt.Scalar', [x.in(a), 0]);
    const pos = x.run('where.Scalar', [one.h, 1.0, alpha as number]);
    const isNan = x.run('isnan', [x.in(a)]);
    const r = x.run('where.self', [isNan.h, x.in(a), pos.h]);
    return a.dtype === 'float32' ? r : cast(x, r, a.dtype);
  }),
  torchKernel('AddN', (x, inputs) => {
    const ts = Object.values(inputs);
    let acc = x.run('alias', [x.in(ts[0])]);
    for (let i = 1; i < ts.length; i++) acc = x.run('add.Tensor', [acc.h, x.in(ts[i])]);
    return acc;
  }),
  torchKernel('Select', (x, { condition, t, e }) => {
    let c = x.in(condition);
    // tfjs select: a rank-1 condition picks whole rows of higher-rank t/e.
    if (condition.shape.length === 1 && t.shape.length > 1) {
      c = x.run('reshape', [c, [condition.shape[0], ...t.shape.slice(1).map(() => 1)]]).h;
    }
    return x.run('where.self', [c, x.in(t), x.in(e)]);
  }),
];
