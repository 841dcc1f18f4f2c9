// Every kernel of the torch backend, in one list. A tfjs kernel missing from here fails loudly
// ("Kernel 'X' not registered for backend 'torch'"): there is no silent fallback.
import type { KernelConfig } from '@tensorflow/tfjs';
import { ARRAY_KERNELS } from './array.js';
import { BATCHNORM_KERNELS } from './batchnorm.js';
import { CONV_KERNELS } from './conv.js';
import { CONV_BN_KERNELS } from './convbn.js';
import { ELEMENTWISE_KERNELS } from './elementwise.js';
import { NN_KERNELS } from './nn.js';
import { OPTIM_KERNELS } from './optim.js';
import { POOL_KERNELS } from './pool.js';
import { REDUCE_KERNELS } from './reduce.js';
import { RESIZE_KERNELS } from './resize.js';

export const TORCH_KERNELS: KernelConfig[] = [
  ...ELEMENTWISE_KERNELS,
  ...ARRAY_KERNELS,
  ...REDUCE_KERNELS,
  ...NN_KERNELS,
  ...CONV_KERNELS,
  ...POOL_KERNELS,
  ...BATCHNORM_KERNELS,
  ...CONV_BN_KERNELS,
  ...RESIZE_KERNELS,
  ...OPTIM_KERNELS,
];
