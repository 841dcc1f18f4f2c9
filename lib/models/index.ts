// lib/models: torchvision-layout ResNets addressable by paper layer names.
export { ARCHS, architecture, checkConfig, parameterCount, scaled } from './architecture.js';
export type { Arch, Architecture, BlockSpec, ParamSpec, ResNetConfig } from './architecture.js';
export { applyBatchStats, assignRunningStats, createResNet, disposeResNet, foldedRunningStats, forward, readWeights, writeWeights } from './resnet.js';
export type { RunningStats } from './resnet.js';
export type { ForwardOptions, ForwardResult, ResNet } from './resnet.js';
export type { BnBatchStats } from './ops.js';
export { loadWeightEntries, loadWeights, saveWeights, weightEntries } from './weights_file.js';
export { isRawMember, readNpz, writeNpzAtomic } from './npz.js';
export type { NpzEntries } from './npz.js';
