// Adam over a map of variables, with PyTorch's update (torch.optim.Adam, amsgrad=False, no weight decay):
//   m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2
//   p <- p - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
// The bias corrections are computed in float64 from the step count, not accumulated in float32 state,
// so restoring (m, v, t) from a checkpoint continues bit-identically (tf.train.adam keeps beta powers
// as running float32 products and rebuilds them with pow() on restore, which is not bit-identical).
import * as tf from '@tensorflow/tfjs';
import { adamUpdateAll, adamUpdateFlat, FLAT_ADAM_MAX, hasFlatAdam, hasFusedAdam } from '../engine/fused.js';

export interface AdamOptions { lr: number; beta1?: number; beta2?: number; eps?: number }

export interface AdamState {
  step: number;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
}

export class Adam {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  step = 0;
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();
  /**
   * Small models on a backend with the flat kernel (torch) keep m and v as two flat vectors instead of the maps
   * above (see FLAT_ADAM_MAX): same values, element for element, so checkpoints and results do not change.
   */
  private flat?: { names: string[]; sizes: number[]; m: tf.Variable; v: tf.Variable };

  constructor(params: Map<string, tf.Variable>, names: readonly string[], opts: AdamOptions) {
    this.lr = opts.lr;
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8; // torch's default (tfjs uses 1e-7)
    const ps = names.map((n) => {
      const p = params.get(n);
      if (!p) throw new Error(`Adam: no parameter '${n}'`);
      return p;
    });
    const total = ps.reduce((a, p) => a + p.size, 0);
    if (hasFlatAdam() && total > 0 && total <= FLAT_ADAM_MAX) {
      this.flat = { names: [...names], sizes: ps.map((p) => p.size), m: tf.variable(tf.zeros([total]), false), v: tf.variable(tf.zeros([total]), false) };
      return;
    }
    names.forEach((n, i) => {
      this.m.set(n, tf.tidy(() => tf.variable(tf.zerosLike(ps[i]!), false)));
      this.v.set(n, tf.tidy(() => tf.variable(tf.zerosLike(ps[i]!), false)));
    });
  }

  /** One update of every named parameter from `grads` (keyed by the same names), at rate `lr` (a schedule's). */
  apply(params: Map<string, tf.Variable>, grads: Map<string, tf.Tensor>, lr = this.lr): void {
    this.step += 1;
    const bc1 = 1 - this.beta1 ** this.step;
    const bc2 = 1 - this.beta2 ** this.step;
    const stepSize = lr / bc1;
    const invSqrtBc2 = 1 / Math.sqrt(bc2);
    const names = this.flat?.names ?? [...this.m.keys()];
    for (const n of names) if (!grads.get(n)) throw new Error(`Adam: no gradient for '${n}'`);
    const hyper = { beta1: this.beta1, beta2: this.beta2, eps: this.eps, stepSize, invSqrtBc2 };
    if (this.flat) {
      const ps = names.map((n) => params.get(n)!);
      const [p2, m2, v2] = adamUpdateFlat(ps, names.map((n) => grads.get(n)!), this.flat.m as tf.Tensor1D, this.flat.v as tf.Tensor1D, hyper);
      ps.forEach((p, i) => p.assign(p2[i]!));
      this.flat.m.assign(m2);
      this.flat.v.assign(v2);
      tf.dispose([...p2, m2, v2]);
      return;
    }
    // Every parameter in one kernel where the backend has it (torch); op by op elsewhere, which keeps
    // wasm/cpu results (and their checkpoints) exactly as before.
    if (hasFusedAdam()) {
      const vars = (src: Map<string, tf.Variable>) => names.map((n) => src.get(n)!);
      const [ps, ms, vs] = [vars(params), vars(this.m), vars(this.v)];
      const [p2, m2, v2] = adamUpdateAll(ps, ms, vs, names.map((n) => grads.get(n)!), hyper);
      names.forEach((_, i) => { ps[i]!.assign(p2[i]!); ms[i]!.assign(m2[i]!); vs[i]!.assign(v2[i]!); });
      tf.dispose([...p2, ...m2, ...v2]);
      return;
    }
    for (const [n, m] of this.m) {
      const g = grads.get(n)!;
      const v = this.v.get(n)!;
      const p = params.get(n)!;
      tf.tidy(() => {
        const m2 = tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1));
        const v2 = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        const denom = tf.add(tf.mul(tf.sqrt(v2), invSqrtBc2), this.eps);
        m.assign(m2);
        v.assign(v2);
        p.assign(tf.sub(p, tf.mul(tf.div(m2, denom), stepSize)));
      });
    }
  }

  state(): AdamState {
    if (this.flat) {
      const { names, sizes } = this.flat;
      const split = (t: tf.Variable) => {
        const all = t.dataSync() as Float32Array;
        let at = 0;
        return new Map(names.map((n, i) => [n, all.slice(at, (at += sizes[i]!))]));
      };
      return { step: this.step, m: split(this.flat.m), v: split(this.flat.v) };
    }
    const read = (src: Map<string, tf.Variable>) => new Map([...src].map(([k, t]) => [k, t.dataSync() as Float32Array]));
    return { step: this.step, m: read(this.m), v: read(this.v) };
  }

  load(s: AdamState, source: string): void {
    const check = (kind: string, a: Float32Array | undefined, n: string, size: number): Float32Array => {
      if (!a) throw new Error(`${source}: missing Adam state '${kind}' for '${n}'`);
      if (a.length !== size) throw new Error(`${source}: Adam state '${kind}' for '${n}' has ${a.length} values, expected ${size}`);
      return a;
    };
    if (this.flat) {
      const { names, sizes } = this.flat;
      for (const [kind, src, dst] of [['m', s.m, this.flat.m], ['v', s.v, this.flat.v]] as const) {
        const all = new Float32Array(dst.size);
        let at = 0;
        names.forEach((n, i) => { all.set(check(kind, src.get(n), n, sizes[i]!), at); at += sizes[i]!; });
        const t = tf.tensor1d(all, 'float32');
        dst.assign(t);
        t.dispose();
      }
      this.step = s.step;
      return;
    }
    for (const [kind, src, dst] of [['m', s.m, this.m], ['v', s.v, this.v]] as const) {
      for (const [n, variable] of dst) {
        const t = tf.tensor(check(kind, src.get(n), n, variable.size), variable.shape, 'float32');
        variable.assign(t);
        t.dispose();
      }
    }
    this.step = s.step;
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
    if (this.flat) { this.flat.m.dispose(); this.flat.v.dispose(); this.flat = undefined; }
    this.m.clear();
    this.v.clear();
  }
}
