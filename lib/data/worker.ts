// Worker side of the generator pool: renders the shards it is sent and posts them back (buffers transferred).
import { parentPort } from 'node:worker_threads';
import { renderShard, type DatasetSpec } from './shard.js';

parentPort!.on('message', (msg: { spec: DatasetSpec; index: number }) => {
  try {
    const r = renderShard(msg.spec, msg.index);
    parentPort!.postMessage({ ok: true, result: r }, [r.bytes.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort!.postMessage({ ok: false, index: msg.index, error: (err as Error).stack ?? String(err) });
  }
});
