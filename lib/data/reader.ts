// Reads one split written by generate.ts. Images stay on disk: each read takes the byte ranges it needs
// from the shard files (synchronous positioned reads), so memory holds only the latents and one batch.
// Shard sizes and headers are checked when the dataset opens; each shard's sha256 is checked the first
// time it is read ('lazy', the default), all at once ('eager'), or never ('none').
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { hashSeed, renderRandom } from '../random/index.js';
import { LatentsCsvParser } from './csv.js';
import { FORMAT } from './generate.js';
import { normaliseBytes, normalisationLut } from './normalise.js';
import { parseNpyHeader } from '../npy.js';
import type { Batch, Dataset, DatasetMeta, LatentColumns } from './types.js';

export type VerifyMode = 'lazy' | 'eager' | 'none';

interface OpenShard {
  file: string;
  path: string;
  fd: number;
  first: number;
  count: number;
  dataOffset: number;
  sha256: string;
  verified: boolean;
}

function readMeta(dir: string): DatasetMeta {
  const p = join(dir, 'meta.json');
  if (!existsSync(p)) throw new Error(`${p} not found: not a whatwhere dataset (or generation did not finish)`);
  let meta: DatasetMeta;
  try {
    meta = JSON.parse(readFileSync(p, 'utf8')) as DatasetMeta;
  } catch (err) {
    throw new Error(`${p}: invalid JSON (${(err as Error).message})`);
  }
  if (meta.format !== FORMAT) throw new Error(`${p}: format '${meta.format}', expected '${FORMAT}'`);
  for (const k of ['size', 'count', 'shards', 'zscore', 'categories', 'identities'] as const) {
    if (meta[k] === undefined) throw new Error(`${p}: missing field '${k}'`);
  }
  const total = meta.shards.reduce((a, s) => a + s.count, 0);
  if (total !== meta.count) throw new Error(`${p}: shards hold ${total} images but count is ${meta.count}`);
  return meta;
}

export function openDataset(dir: string, opts: { verify?: VerifyMode } = {}): Dataset {
  return new ShardedDataset(dir, opts.verify ?? 'lazy');
}

class ShardedDataset implements Dataset {
  readonly meta: DatasetMeta;
  readonly length: number;
  readonly latents: LatentColumns;
  private shards: OpenShard[] = [];
  private imgBytes: number;
  private lut = normalisationLut();
  private perms = new Map<string, Int32Array>();

  constructor(readonly dir: string, private mode: VerifyMode) {
    this.meta = readMeta(dir);
    this.length = this.meta.count;
    const s = this.meta.size;
    this.imgBytes = s * s * 3;
    let first = 0;
    try {
      for (const sh of this.meta.shards) {
        const path = join(dir, sh.file);
        if (!existsSync(path)) throw new Error(`${path}: missing shard (listed in meta.json)`);
        const fd = openSync(path, 'r');
        const head = new Uint8Array(Math.min(256, fstatSync(fd).size));
        readSync(fd, head, 0, head.length, 0);
        this.shards.push({ file: sh.file, path, fd, first, count: sh.count, dataOffset: 0, sha256: sh.sha256, verified: false });
        const info = parseNpyHeader(head, path);
        const want = [sh.count, s, s, 3];
        if (info.dtype !== '|u1' || info.shape.join() !== want.join()) {
          throw new Error(`${path}: array is ${info.dtype} (${info.shape.join(', ')}), expected |u1 (${want.join(', ')})`);
        }
        const expected = info.dataOffset + sh.count * this.imgBytes;
        const actual = fstatSync(fd).size;
        if (actual !== expected) throw new Error(`${path}: ${actual < expected ? 'truncated' : 'too long'}: ${actual} bytes, expected ${expected}`);
        this.shards[this.shards.length - 1].dataOffset = info.dataOffset;
        first += sh.count;
      }
      const csvPath = join(dir, this.meta.latents?.file ?? 'latents.csv');
      if (!existsSync(csvPath)) throw new Error(`${csvPath}: missing`);
      this.latents = readLatents(csvPath, this.length, this.meta.latents?.sha256);
      if (this.mode === 'eager') this.verify();
    } catch (err) {
      this.close();
      throw err;
    }
  }

  close(): void {
    for (const s of this.shards) {
      if (s.fd >= 0) { try { closeSync(s.fd); } catch { /* already closed */ } s.fd = -1; }
    }
  }

  verify(): void {
    for (const s of this.shards) this.check(s);
  }

  private check(s: OpenShard): void {
    if (s.verified) return;
    const h = createHash('sha256');
    const size = fstatSync(s.fd).size;
    const buf = new Uint8Array(1 << 22);
    for (let pos = 0; pos < size;) {
      const n = readSync(s.fd, buf, 0, Math.min(buf.length, size - pos), pos);
      if (n <= 0) throw new Error(`${s.path}: read failed at byte ${pos}`);
      h.update(buf.subarray(0, n));
      pos += n;
    }
    const got = h.digest('hex');
    if (got !== s.sha256) throw new Error(`${s.path}: sha256 ${got.slice(0, 12)}... does not match meta.json ${s.sha256.slice(0, 12)}... (shard altered or corrupt)`);
    s.verified = true;
  }

  private shardOf(i: number): OpenShard {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`${this.dir}: image index ${i} out of range [0, ${this.length})`);
    const ss = this.meta.shardSize;
    let k = ss > 0 ? Math.floor(i / ss) : 0;
    while (k > 0 && this.shards[k].first > i) k--;
    while (k + 1 < this.shards.length && this.shards[k + 1].first <= i) k++;
    return this.shards[k];
  }

  raw(indices: ArrayLike<number>): Uint8Array {
    const out = new Uint8Array(indices.length * this.imgBytes);
    // runs of consecutive indices in one shard are read with one call
    for (let j = 0; j < indices.length;) {
      const i = indices[j], s = this.shardOf(i);
      if (this.mode === 'lazy') this.check(s);
      let run = 1;
      while (j + run < indices.length && indices[j + run] === i + run && i + run < s.first + s.count) run++;
      const len = run * this.imgBytes;
      const n = readSync(s.fd, out, j * this.imgBytes, len, s.dataOffset + (i - s.first) * this.imgBytes);
      if (n !== len) throw new Error(`${s.path}: short read (${n} of ${len} bytes) at image ${i}: truncated?`);
      j += run;
    }
    return out;
  }

  private batchOf(indices: Int32Array): Batch {
    const bytes = this.raw(indices);
    const s = this.meta.size;
    const images = tf.tensor4d(normaliseBytes(bytes, this.lut), [indices.length, s, s, 3], 'float32');
    return { images, latents: gather(this.latents, indices), indices };
  }

  private perm(seed: number, epoch: number): Int32Array {
    const key = `${seed}:${epoch}`;
    let p = this.perms.get(key);
    if (!p) {
      p = renderRandom(hashSeed('shuffle', seed, epoch)).permutation(this.length);
      if (this.perms.size >= 2) this.perms.delete(this.perms.keys().next().value!);
      this.perms.set(key, p);
    }
    return p;
  }

  batchAt(step: number, batchSize: number, seed: number): Batch {
    if (!(Number.isInteger(step) && step >= 0 && Number.isInteger(batchSize) && batchSize >= 1)) {
      throw new RangeError(`batchAt: step must be an integer >= 0 and batchSize >= 1, got ${step}, ${batchSize}`);
    }
    const idx = new Int32Array(batchSize);
    for (let j = 0; j < batchSize; j++) {
      const g = step * batchSize + j;
      idx[j] = this.perm(seed, Math.floor(g / this.length))[g % this.length];
    }
    return this.batchOf(idx);
  }

  slice(start: number, count: number): Batch {
    if (start < 0 || count < 0 || start + count > this.length) throw new RangeError(`slice(${start}, ${count}) outside [0, ${this.length})`);
    const idx = new Int32Array(count);
    for (let j = 0; j < count; j++) idx[j] = start + j;
    return this.batchOf(idx);
  }

  *batches(batchSize: number): Iterable<Batch> {
    for (let s = 0; s < this.length; s += batchSize) yield this.slice(s, Math.min(batchSize, this.length - s));
  }
}

/**
 * Stream latents.csv through the parser in 16 MB pieces (a 100M-image CSV is larger than one JS string),
 * hashing it on the way: the regression targets come from here, so an edited file must not train.
 */
function readLatents(path: string, count: number, sha256: string | undefined): LatentColumns {
  const parser = new LatentsCsvParser(count, path);
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(1 << 24);
    const dec = new TextDecoder('utf-8');
    for (let pos = 0; ;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      hash.update(buf.subarray(0, n));
      parser.push(dec.decode(buf.subarray(0, n), { stream: true }));
      pos += n;
    }
    parser.push(dec.decode());
  } finally {
    closeSync(fd);
  }
  const cols = parser.finish().cols; // first: a truncated file is named as such
  const got = hash.digest('hex');
  if (sha256 && got !== sha256) throw new Error(`${path}: sha256 ${got.slice(0, 12)}... does not match meta.json ${sha256.slice(0, 12)}... (latents edited or corrupt)`);
  return cols;
}

export function gather(l: LatentColumns, idx: Int32Array): LatentColumns {
  const f = (a: Float32Array) => { const o = new Float32Array(idx.length); for (let j = 0; j < idx.length; j++) o[j] = a[idx[j]]; return o; };
  const g = (a: Int32Array) => { const o = new Int32Array(idx.length); for (let j = 0; j < idx.length; j++) o[j] = a[idx[j]]; return o; };
  return { x: f(l.x), y: f(l.y), z: f(l.z), rxy: f(l.rxy), ryz: f(l.ryz), rzx: f(l.rzx), category: g(l.category), identity: g(l.identity), scene: g(l.scene) };
}
