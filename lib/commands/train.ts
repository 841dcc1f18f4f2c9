// `whatwhere train --data DIR --val DIR --task T --arch resnet18|resnet50 [--width W] [--size PX]
//   --steps N [--batch 64] [--lr 1e-3] [--lr-schedule constant|cosine] [--warmup W] [--patience P]
//   --seed S --out runs/ID`: a seeded, resumable training run; with --patience it stops at the held-out plateau.
// Re-running the same command resumes from the last checkpoint; a different config is refused.
import { resolve } from 'node:path';
import { openDataset } from '../data/index.js';
import { initEngine } from '../engine/index.js';
import { ARCHS, type Arch } from '../models/index.js';
import { parseTaskSet } from '../tasks/index.js';
import { DEFAULTS, fingerprint, headUnits, LR_SCHEDULES, trainRun, UNTRAINED, type LrSchedule, type TrainConfig } from '../train/index.js';
import { num, optStr, parseFlags, str, UsageError } from './args.js';

export const summary = 'train a ResNet on latent tasks (resumable; `--task untrained` writes a seeded random init)';

const SPEC = {
  data: { type: 'string' }, val: { type: 'string' }, task: { type: 'string' }, arch: { type: 'string' },
  width: { type: 'string' }, size: { type: 'string' }, steps: { type: 'string' }, batch: { type: 'string' },
  lr: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' },
  'eval-every': { type: 'string' }, 'val-n': { type: 'string' }, 'checkpoint-every': { type: 'string' },
  patience: { type: 'string' }, 'min-delta': { type: 'string' }, 'keep-checkpoints': { type: 'string' },
  'lr-schedule': { type: 'string' }, warmup: { type: 'string' },
} as const;

export async function run(argv: string[]): Promise<number> {
  const f = parseFlags(argv, SPEC, 'train');
  const c = 'train';
  const task = str(f, 'task', c);
  const untrained = task === UNTRAINED;
  if (!untrained) {
    try { parseTaskSet(task); } catch (err) { throw new UsageError(`whatwhere train: --task ${(err as Error).message.replace(/^task /, '')}`); }
  }
  const arch = str(f, 'arch', c) as Arch;
  if (!ARCHS.includes(arch)) throw new UsageError(`whatwhere train: --arch expected ${ARCHS.join(' or ')}, got '${arch}'`);
  const dataDir = optStr(f, 'data');
  const valDir = optStr(f, 'val');
  if (!untrained && !dataDir) throw new UsageError('whatwhere train: missing --data');
  const out = str(f, 'out', c);
  const train = dataDir ? openDataset(resolve(dataDir)) : undefined;
  const val = valDir ? openDataset(resolve(valDir)) : undefined;
  const config: TrainConfig = {
    format: 1,
    arch,
    width: num(f, 'width', c, 1, { min: 1e-3 }),
    size: num(f, 'size', c, train?.meta.size ?? val?.meta.size ?? 224, { integer: true, min: 8 }),
    task: untrained ? UNTRAINED : parseTaskSet(task).name,
    outputs: headUnits(untrained ? UNTRAINED : task),
    steps: untrained ? num(f, 'steps', c, 0, { integer: true, min: 0, max: 0 }) : num(f, 'steps', c, undefined, { integer: true, min: 0 }),
    batch: num(f, 'batch', c, DEFAULTS.batch, { integer: true, min: 2 }),
    lr: num(f, 'lr', c, DEFAULTS.lr, { min: 0 }),
    seed: num(f, 'seed', c, undefined, { integer: true, min: 0 }),
    evalEvery: num(f, 'eval-every', c, DEFAULTS.evalEvery, { integer: true, min: 1 }),
    valN: num(f, 'val-n', c, DEFAULTS.valN, { integer: true, min: 1 }),
    checkpointEvery: num(f, 'checkpoint-every', c, DEFAULTS.checkpointEvery, { integer: true, min: 1 }),
    patience: num(f, 'patience', c, 0, { integer: true, min: 0 }),
    minDelta: num(f, 'min-delta', c, 0, { min: 0 }),
    data: train ? fingerprint(train.meta) : null,
    val: val ? fingerprint(val.meta) : null,
  };
  const schedule = optStr(f, 'lr-schedule') ?? 'constant';
  if (!(LR_SCHEDULES as readonly string[]).includes(schedule)) throw new UsageError(`whatwhere train: --lr-schedule expected ${LR_SCHEDULES.join(' or ')}, got '${schedule}'`);
  const warmup = num(f, 'warmup', c, 0, { integer: true, min: 0, max: config.steps });
  // Written only when not the paper's constant rate, so run directories made before schedules existed stay valid.
  if (schedule !== 'constant') config.lrSchedule = schedule as LrSchedule;
  if (warmup > 0) config.warmupSteps = warmup;
  if (!(config.lr > 0)) throw new UsageError(`whatwhere train: --lr must be > 0, got ${config.lr}`);
  if (config.patience > 0 && !val) throw new UsageError('whatwhere train: --patience needs --val (the plateau is measured on it)');
  const info = await initEngine();
  process.stderr.write(`[train] ${out}: ${arch} x${config.width} @${config.size}px, task ${config.task}, ${config.steps} steps, seed ${config.seed}, backend ${info.backend}\n`);
  await trainRun({ config, outDir: out, train, val, keepCheckpoints: num(f, 'keep-checkpoints', c, DEFAULTS.keepCheckpoints, { integer: true, min: 1 }) });
  return 0;
}
