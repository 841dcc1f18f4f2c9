// Starts a generator worker thread: registers tsx so the TypeScript worker module can load.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
import(workerData.module).catch((err) => {
  console.error(err);
  process.exit(1);
});
