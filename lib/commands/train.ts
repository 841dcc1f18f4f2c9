// `whatwhere train --data DIR --val DIR --task T --arch resnet18|resnet50 [--width W] [--size PX]
//   --steps N [--batch 64] [--lr 1e-3] [--lr-schedule constant|cosine] [--warmup W] [--patience P]
//   --seed S --out runs/ID`: a seeded, resumable training run; with --patience it stops at the held-out plateau.
// Re-running the same command resumes from the last checkpoint; a different config is refused.
import { resolve } from 'node:path';
import { openDataset } from '../data/index.js';
import { initEngine } from '../engine/index.js';
import { ARCHS, type Arch } from '../models/index.js';
import { parseTaskSet, TASKS } from '../tasks/index.js';
import { DEFAULTS, fingerprint, headUnits, LR_SCHEDULES, trainRun, UNTRAINED, type LrSchedule, type TrainConfig } from '../train/index.js';
import { num, optStr, str, UsageError } from './args.js';
import { parseOptions, type Options } from './options.js';

export const summary = 'train a ResNet on latent tasks (resumable; `--task untrained` writes a seeded random init)';

/** Input side when neither dataset says (an untrained run without --data or --val). */
const FALLBACK_SIZE = 224;

export const options = {
  data: { value: 'DIR', help: 'training dataset', required: `unless --task ${UNTRAINED}` },
  val: { value: 'DIR', help: 'held-out dataset for evaluations and the plateau (--patience)', default: 'none' },
  task: { value: 'T', help: `tasks joined by + (${TASKS.join(', ')}), all, or ${UNTRAINED} (a seeded random init)`, required: true },
  arch: { value: ARCHS.join('|'), help: 'architecture', required: true },
  width: { value: 'W', help: 'channel width multiplier', default: 1 },
  size: { value: 'PX', help: 'input side in pixels', default: `--data's image side, else --val's, else ${FALLBACK_SIZE}` },
  steps: { value: 'N', help: 'training steps', required: `unless --task ${UNTRAINED}, which takes 0` },
  batch: { value: 'B', help: 'batch size', default: DEFAULTS.batch },
  lr: { value: 'LR', help: 'Adam learning rate', default: DEFAULTS.lr },
  'lr-schedule': { value: LR_SCHEDULES.join('|'), help: 'learning-rate schedule (cosine: to zero at --steps)', default: 'constant' },
  warmup: { value: 'W', help: 'linear warm-up steps (at most --steps)', default: 0 },
  seed: { value: 'S', help: 'seed of the init and the batch order', required: true },
  out: { value: 'DIR', help: 'run folder; the same command again resumes it', required: true },
  'eval-every': { value: 'N', help: 'steps between held-out evaluations', default: DEFAULTS.evalEvery },
  'val-n': { value: 'N', help: 'held-out images per evaluation', default: DEFAULTS.valN },
  'checkpoint-every': { value: 'N', help: 'steps between checkpoints', default: DEFAULTS.checkpointEvery },
  'keep-checkpoints': { value: 'K', help: 'checkpoints kept on disk', default: DEFAULTS.keepCheckpoints },
  patience: { value: 'P', help: 'stop after P evaluations in a row without a held-out loss improvement (needs --val; 0 = never)', default: 0 },
  'min-delta': { value: 'D', help: 'the held-out loss must fall by more than this to count as an improvement', default: 0 },
} as const satisfies Options;

export async function run(argv: string[]): Promise<number> {
  const f = parseOptions(argv, options, 'train');
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
    width: num(f, 'width', c, options.width.default, { min: 1e-3 }),
    size: num(f, 'size', c, train?.meta.size ?? val?.meta.size ?? FALLBACK_SIZE, { integer: true, min: 8 }),
    task: untrained ? UNTRAINED : parseTaskSet(task).name,
    outputs: headUnits(untrained ? UNTRAINED : task),
    steps: untrained ? num(f, 'steps', c, 0, { integer: true, min: 0, max: 0 }) : num(f, 'steps', c, undefined, { integer: true, min: 0 }),
    batch: num(f, 'batch', c, options.batch.default, { integer: true, min: 2 }),
    lr: num(f, 'lr', c, options.lr.default, { min: 0 }),
    seed: num(f, 'seed', c, undefined, { integer: true, min: 0 }),
    evalEvery: num(f, 'eval-every', c, options['eval-every'].default, { integer: true, min: 1 }),
    valN: num(f, 'val-n', c, options['val-n'].default, { integer: true, min: 1 }),
    checkpointEvery: num(f, 'checkpoint-every', c, options['checkpoint-every'].default, { integer: true, min: 1 }),
    patience: num(f, 'patience', c, options.patience.default, { integer: true, min: 0 }),
    minDelta: num(f, 'min-delta', c, options['min-delta'].default, { min: 0 }),
    data: train ? fingerprint(train.meta) : null,
    val: val ? fingerprint(val.meta) : null,
  };
  const schedule = optStr(f, 'lr-schedule') ?? options['lr-schedule'].default;
  if (!(LR_SCHEDULES as readonly string[]).includes(schedule)) throw new UsageError(`whatwhere train: --lr-schedule expected ${LR_SCHEDULES.join(' or ')}, got '${schedule}'`);
  const warmup = num(f, 'warmup', c, options.warmup.default, { integer: true, min: 0, max: config.steps });
  // Written only when not the paper's constant rate, so run directories made before schedules existed stay valid.
  if (schedule !== 'constant') config.lrSchedule = schedule as LrSchedule;
  if (warmup > 0) config.warmupSteps = warmup;
  if (!(config.lr > 0)) throw new UsageError(`whatwhere train: --lr must be > 0, got ${config.lr}`);
  if (config.patience > 0 && !val) throw new UsageError('whatwhere train: --patience needs --val (the plateau is measured on it)');
  const info = await initEngine();
  process.stderr.write(`[train] ${out}: ${arch} x${config.width} @${config.size}px, task ${config.task}, ${config.steps} steps, seed ${config.seed}, backend ${info.backend}\n`);
  await trainRun({ config, outDir: out, train, val, keepCheckpoints: num(f, 'keep-checkpoints', c, options['keep-checkpoints'].default, { integer: true, min: 1 }) });
  return 0;
}
