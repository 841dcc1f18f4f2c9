// A runner on two long jobs (`whatwhere generate` of many images) with the local process pool, for
// processes.test.ts to kill -9: `node --import tsx test/reliability/runner_child.ts OUT_DIR`.
import { join } from 'node:path';
import { LocalPoolExecutor } from '../../lib/experiments/executors.js';
import type { CommandJob } from '../../lib/experiments/jobs.js';
import { runJobs } from '../../lib/experiments/runner.js';

const out = process.argv[2]!;
const job = (id: string): CommandJob => ({
  id, kind: 'dataset', deps: [], cost: 1, describe: () => id, isDone: () => false,
  // Long enough (minutes) that neither job can finish before the test kills the runner, even when one starts late.
  argv: ['generate', '--n', '1000000', '--size', '32', '--shard-size', '200', '--out', join(out, id), '--quiet'],
  log: join(out, `${id}.log`),
});
await runJobs([job('a'), job('b')], new LocalPoolExecutor({ slots: 2 }), 'test');
