// Worker side of the generator pool: renders and writes the shards it is sent, and reports each one done
// (index, count, sha256); nothing large crosses threads.
import { parentPort } from 'node:worker_threads';
import { errnoCode } from '../fs_guard.js';
import { writeShard, type DatasetSpec } from './shard.js';

parentPort!.on('message', (msg: { spec: DatasetSpec; index: number; out: string }) => {
  try {
    parentPort!.postMessage({ ok: true, done: writeShard(msg.spec, msg.index, msg.out) });
  } catch (err) {
    // a file-system error is one line naming the file (describeFsError); anything else keeps its stack
    const code = errnoCode(err);
    parentPort!.postMessage({ ok: false, index: msg.index, error: code ? (err as Error).message : ((err as Error).stack ?? String(err)), code });
  }
});
