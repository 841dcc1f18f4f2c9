// The torchvision ResNet layout as plain data: which blocks exist, their channels and strides,
// and every parameter's name and shape. Names are torchvision's state_dict keys, so paper layer
// names (`layer3.1.relu`) and checkpoint keys (`layer3.1.conv2.weight`) fall out of the structure.
// Reference: torchvision/models/resnet.py (ResNet v1.5: the stride sits on the 3x3 conv of a Bottleneck).

export type Arch = 'resnet18' | 'resnet50';
export const ARCHS: readonly Arch[] = ['resnet18', 'resnet50'];

export interface ResNetConfig {
  arch: Arch;
  /** Channel multiplier on torchvision's 64/128/256/512 planes (1 = the paper's model). */
  width: number;
  /** Units of the final linear layer (the task head); 1000 reproduces torchvision's parameter count. */
  numOutputs: number;
}

export type BlockKind = 'basic' | 'bottleneck';

export interface BlockSpec {
  /** `layer<stage>.<index>`, e.g. `layer2.0`. */
  name: string;
  kind: BlockKind;
  inChannels: number;
  planes: number;
  outChannels: number;
  stride: number;
  /** 1x1 conv + BN projection on the skip path (`downsample.0` / `downsample.1`). */
  downsample: boolean;
}

export type ParamKind = 'conv' | 'bn.weight' | 'bn.bias' | 'bn.running_mean' | 'bn.running_var' | 'fc.weight' | 'fc.bias';

export interface ParamSpec {
  name: string;
  /** Conv weights are HWIO (tfjs layout); fc.weight is [in, out] (the transpose of torch's [out, in]). */
  shape: number[];
  kind: ParamKind;
  /** False for batch-norm running statistics (torch buffers): saved, never optimised. */
  trainable: boolean;
}

export interface Architecture {
  config: ResNetConfig;
  stemChannels: number;
  blocks: BlockSpec[];
  featureChannels: number;
  params: ParamSpec[];
  /** Tap names in forward order: relu, maxpool, layerS.B.relu..., avgpool, fc. */
  layerNames: string[];
}

const STAGES: Record<Arch, { kind: BlockKind; counts: number[]; expansion: number }> = {
  resnet18: { kind: 'basic', counts: [2, 2, 2, 2], expansion: 1 },
  resnet50: { kind: 'bottleneck', counts: [3, 4, 6, 3], expansion: 4 },
};

/** Channels after the width multiplier (at least 1). */
export function scaled(channels: number, width: number): number {
  return Math.max(1, Math.round(channels * width));
}

export function checkConfig(c: ResNetConfig): void {
  if (!ARCHS.includes(c.arch)) throw new Error(`model arch: expected one of ${ARCHS.join(', ')}, got '${c.arch}'`);
  if (!(c.width > 0) || !Number.isFinite(c.width)) throw new Error(`model width: expected a positive number, got ${c.width}`);
  if (!Number.isInteger(c.numOutputs) || c.numOutputs < 1) throw new Error(`model numOutputs: expected a positive integer, got ${c.numOutputs}`);
}

export function architecture(config: ResNetConfig): Architecture {
  checkConfig(config);
  const { kind, counts, expansion } = STAGES[config.arch];
  const params: ParamSpec[] = [];
  const conv = (name: string, k: number, cin: number, cout: number) =>
    params.push({ name: `${name}.weight`, shape: [k, k, cin, cout], kind: 'conv', trainable: true });
  const bn = (name: string, c: number) => {
    params.push({ name: `${name}.weight`, shape: [c], kind: 'bn.weight', trainable: true });
    params.push({ name: `${name}.bias`, shape: [c], kind: 'bn.bias', trainable: true });
    params.push({ name: `${name}.running_mean`, shape: [c], kind: 'bn.running_mean', trainable: false });
    params.push({ name: `${name}.running_var`, shape: [c], kind: 'bn.running_var', trainable: false });
  };

  const stemChannels = scaled(64, config.width);
  conv('conv1', 7, 3, stemChannels);
  bn('bn1', stemChannels);
  const layerNames = ['relu', 'maxpool'];

  const blocks: BlockSpec[] = [];
  let inChannels = stemChannels;
  counts.forEach((count, s) => {
    const planes = scaled(64 * 2 ** s, config.width);
    const outChannels = planes * expansion;
    for (let b = 0; b < count; b++) {
      const stride = b === 0 && s > 0 ? 2 : 1;
      const name = `layer${s + 1}.${b}`;
      const downsample = stride !== 1 || inChannels !== outChannels;
      blocks.push({ name, kind, inChannels, planes, outChannels, stride, downsample });
      if (kind === 'basic') {
        conv(`${name}.conv1`, 3, inChannels, planes); bn(`${name}.bn1`, planes);
        conv(`${name}.conv2`, 3, planes, planes); bn(`${name}.bn2`, planes);
      } else {
        conv(`${name}.conv1`, 1, inChannels, planes); bn(`${name}.bn1`, planes);
        conv(`${name}.conv2`, 3, planes, planes); bn(`${name}.bn2`, planes);
        conv(`${name}.conv3`, 1, planes, outChannels); bn(`${name}.bn3`, outChannels);
      }
      if (downsample) { conv(`${name}.downsample.0`, 1, inChannels, outChannels); bn(`${name}.downsample.1`, outChannels); }
      layerNames.push(`${name}.relu`);
      inChannels = outChannels;
    }
  });
  params.push({ name: 'fc.weight', shape: [inChannels, config.numOutputs], kind: 'fc.weight', trainable: true });
  params.push({ name: 'fc.bias', shape: [config.numOutputs], kind: 'fc.bias', trainable: true });
  layerNames.push('avgpool', 'fc');
  return { config, stemChannels, blocks, featureChannels: inChannels, params, layerNames };
}

/** Trainable parameter count (torch's `sum(p.numel() for p in model.parameters())`). */
export function parameterCount(arch: Architecture): number {
  return arch.params.filter((p) => p.trainable).reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
}
