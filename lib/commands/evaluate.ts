// `whatwhere evaluate --run DIR --data DIR [--n N] [--batch B] [--json]`: a finished run's held-out
// competence on any dataset: top-1 accuracy for category/identity, R^2 (and Pearson r) per regressed
// latent, the task losses. Regression targets are z-scored with the run's training statistics
// (targets.json), which is what its outputs predict.
import { resolve } from 'node:path';
import { openDataset } from '../data/index.js';
import { initEngine } from '../engine/index.js';
import { disposeResNet } from '../models/index.js';
import { parseTaskSet } from '../tasks/index.js';
import { evaluate, loadRun, RunDir, UNTRAINED } from '../train/index.js';
import { bool, num, str, UsageError } from './args.js';
import { parseOptions, type Options } from './options.js';

export const summary = 'held-out metrics of a finished run on a dataset (top-1 accuracy, R^2 per latent, loss); --json for one line';

export const options = {
  run: { value: 'DIR', help: 'a finished (or imported) run', required: true },
  data: { value: 'DIR', help: 'dataset to score it on', required: true },
  n: { value: 'N', help: 'the first N images', default: 'every image of --data' },
  batch: { value: 'B', help: 'images per forward pass', default: 64 },
  json: { help: 'one JSON line instead of a table' },
} as const satisfies Options;

export async function run(argv: string[]): Promise<number> {
  const f = parseOptions(argv, options, 'evaluate');
  const c = 'evaluate';
  const runDir = resolve(str(f, 'run', c));
  const data = openDataset(resolve(str(f, 'data', c)));
  const n = num(f, 'n', c, data.length, { integer: true, min: 1 });
  if (n > data.length) throw new UsageError(`whatwhere evaluate: --n ${n} exceeds the ${data.length} images of ${data.dir}`);
  const batch = num(f, 'batch', c, options.batch.default, { integer: true, min: 1 });
  await initEngine();
  const { config, model } = loadRun(runDir);
  try {
    // An untrained model carries the `all` head: score it on every task (chance level, by construction).
    const set = parseTaskSet(config.task === UNTRAINED ? 'all' : config.task);
    const targets = new RunDir(runDir).readTargets();
    if (!targets) process.stderr.write(`[evaluate] ${runDir} has no targets.json (written by older versions): z-scoring with ${data.dir}'s own statistics\n`);
    const log = (l: string) => process.stderr.write(l + '\n');
    const metrics = evaluate(model, data, set, { n, batch, size: config.size, zscore: targets?.zscore ?? data.meta.zscore, log });
    const result = { run: runDir, data: data.dir, n, task: config.task, ...metrics };
    if (bool(f, 'json')) {
      console.log(JSON.stringify(result));
    } else {
      console.log(`${runDir} on ${data.dir} (${n} images, task ${config.task}):`);
      for (const [k, v] of Object.entries(metrics)) console.log(`  ${k.padEnd(22)} ${v.toFixed(4)}`);
    }
    return 0;
  } finally {
    disposeResNet(model);
  }
}
