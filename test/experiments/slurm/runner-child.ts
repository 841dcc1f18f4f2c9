// A runner in its own process, for the restart test: six small independent jobs and two that depend on
// them, on the real Slurm. Argument: the output folder. The test kills it mid-way and starts it again.
import { join } from 'node:path';
import { runJobs } from '../../../lib/experiments/runner.js';
import { SlurmExecutor } from '../../../lib/experiments/slurm.js';
import { generateJobs } from './jobs.js';

const root = process.argv[2]!;
const spec = [1, 2, 3, 4, 5, 6].map((seed) => ({ id: `j${seed}`, seed }));
spec.push({ id: 'k1', seed: 7, deps: ['j1', 'j2'] } as never, { id: 'k2', seed: 8, deps: ['j5', 'j6'] } as never);
const executor = new SlurmExecutor({ stateDir: join(root, 'slurm'), label: 'restart', pollMs: 500 });
const s = await runJobs(generateJobs(root, spec), executor, 'restart-test');
await executor.close();
console.log(JSON.stringify(s));
