// numpy's legacy `np.random.RandomState(seed)` for the calls scikit-learn's splitters make
// (permutation, choice without replacement), so seeded splits are the SAME index lists as
// Brain-Score's (random_state=1). MT19937 with init_genrand seeding (numpy `_legacy_seeding` for
// an int seed), bounded integers by masked rejection (numpy `random_interval`), Fisher-Yates from
// the end (numpy `_shuffle_raw`). Checked against numpy in data/fixtures/alignment/splits.json.

const N = 624;
const M = 397;

export class RandomState {
  private readonly mt = new Uint32Array(N);
  private mti = N + 1;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`RandomState: seed must be an integer in [0, 2^32), got ${seed}`);
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      // 1812433253 * prev + i in uint32 arithmetic (split the multiply to stay exact).
      this.mt[i] = (((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) + (prev & 0x0000ffff) * 1812433253 + i) >>> 0;
    }
    this.mti = N;
  }

  /** Next 32-bit output (genrand_int32). */
  nextUint32(): number {
    const mt = this.mt;
    if (this.mti >= N) {
      let kk = 0;
      for (; kk < N - M; kk++) {
        const y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
        mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      for (; kk < N - 1; kk++) {
        const y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
        mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      const y = (mt[N - 1] & 0x80000000) | (mt[0] & 0x7fffffff);
      mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      this.mti = 0;
    }
    let y = mt[this.mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Uniform integer in [0, max] by masked rejection (numpy random_interval; max < 2^32 here). */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1; mask |= mask >>> 2; mask |= mask >>> 4; mask |= mask >>> 8; mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0; while (value > max);
    return value;
  }

  /** In-place shuffle, numpy's order (i from n-1 down to 1, j in [0, i]). */
  shuffle<T>(arr: T[] | Int32Array): void {
    for (let i = arr.length - 1; i >= 1; i--) {
      const j = this.interval(i);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t as never;
    }
  }

  /** `permutation(n)`: a shuffled arange(n). */
  permutation(n: number): number[] {
    const a = Array.from({ length: n }, (_, i) => i);
    this.shuffle(a);
    return a;
  }

  /** `permutation(values)`: a shuffled copy. */
  permuted<T>(values: readonly T[]): T[] {
    const a = values.slice();
    this.shuffle(a);
    return a;
  }

  /** `choice(values, size, replace=False)` without p: numpy takes permutation(len)[:size]. */
  choiceWithoutReplacement<T>(values: readonly T[], size: number): T[] {
    return this.permutation(values.length).slice(0, size).map((i) => values[i]);
  }
}
