// Worker side of the generator pool: renders and writes the shards it is sent, and reports each one done
// (index, count, sha256); nothing large crosses threads.
import { parentPort } from 'node:worker_threads';
import { writeShard, type DatasetSpec } from './shard.js';

parentPort!.on('message', (msg: { spec: DatasetSpec; index: number; out: string }) => {
  try {
    parentPort!.postMessage({ ok: true, done: writeShard(msg.spec, msg.index, msg.out) });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // a file-system error is one line naming the file (lib/fs_guard.ts); anything else keeps its stack
    parentPort!.postMessage({ ok: false, index: msg.index, error: e.code ? e.message : (e.stack ?? String(err)), code: e.code });
  }
});
