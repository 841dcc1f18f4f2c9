// Names of the fused training kernels a backend may register (the torch backend does, in
// lib/native/kernels); lib/engine/fused.ts checks for them and falls back to tfjs ops.
export const BN_TRAIN_KERNEL = 'WhatwhereBatchNormTrain';
export const BN_TRAIN_GRAD_KERNEL = 'WhatwhereBatchNormTrainGrad';
export const ADAM_KERNEL = 'WhatwhereAdam';
export const ADAM_ALL_KERNEL = 'WhatwhereAdamAll';
export const ADAM_FLAT_KERNEL = 'WhatwhereAdamFlat';
export const CONV_BN_TRAIN_KERNEL = 'WhatwhereConvBnTrain';
export const CONV_BN_TRAIN_GRAD_KERNEL = 'WhatwhereConvBnTrainGrad';
export const BN_FOLD_ALL_KERNEL = 'WhatwhereBnFoldAll';
