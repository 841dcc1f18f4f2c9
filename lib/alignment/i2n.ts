// Behavioural consistency i2n (Rajalingham et al. 2018 as Brain-Score implements it,
// metrics/i1i2/metric.py, the "only verified" variant): per image x distractor normalised d',
// correlated with the same quantity from half of the human trials; ceiling = the correlation of
// two human halves; ceiled score per split = score / sqrt(ceiling); 2 splits from RandomState(0),
// the same halves for score and ceiling; center = mean, error = std over splits.
import { pearsonR } from '../analysis/stats.js';
import { RandomState } from './random.js';

export const I2N_DEFAULTS = { splits: 2, seed: 0, dprimeCap: 5 } as const;

/** Human (or monkey) trials: the image, its object, the distractor offered, the object chosen. */
export interface Trials {
  stimulus: string[];
  truth: string[];
  distractor: string[];
  choice: string[];
}

/** An image x choice matrix; rows = sorted image ids, cols = sorted objects; NaN where undefined. */
export interface ResponseMatrix {
  ids: string[];
  truths: string[];
  choices: string[];
  values: Float64Array;
}

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** From trials: p(image, c) = #(chose c) / #(c was one of the two options); NaN for c = truth. */
export function responseMatrixFromTrials(t: Trials, subset: readonly number[]): ResponseMatrix {
  const chose = new Map<string, number>();
  const offered = new Map<string, number>();
  const truthOf = new Map<string, string>();
  const inc = (m: Map<string, number>, k: string): void => { m.set(k, (m.get(k) ?? 0) + 1); };
  for (const i of subset) {
    const s = t.stimulus[i];
    if (!truthOf.has(s)) truthOf.set(s, t.truth[i]);
    inc(chose, `${s}\u0000${t.choice[i]}`);
    inc(offered, `${s}\u0000${t.truth[i]}`);
    inc(offered, `${s}\u0000${t.distractor[i]}`);
  }
  const ids = sorted(subset.map((i) => t.stimulus[i]));
  const choices = sorted(subset.map((i) => t.choice[i]));
  const truths = ids.map((s) => truthOf.get(s)!);
  const values = new Float64Array(ids.length * choices.length);
  ids.forEach((s, a) => choices.forEach((c, b) => {
    const o = offered.get(`${s}\u0000${c}`) ?? 0;
    values[a * choices.length + b] = truths[a] === c || o === 0 ? NaN : (chose.get(`${s}\u0000${c}`) ?? 0) / o;
  }));
  return { ids, truths, choices, values };
}

/** From model probabilities (rows `ids`, columns `classes`): p(c) / (p(c) + p(truth)). */
export function responseMatrixFromProbabilities(ids: readonly string[], truths: readonly string[], classes: readonly string[],
  proba: ArrayLike<number>): ResponseMatrix {
  const K = classes.length;
  const order = ids.map((_, i) => i).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  const choices = sorted(classes);
  const col = choices.map((c) => classes.indexOf(c));
  const values = new Float64Array(ids.length * choices.length);
  order.forEach((r, a) => {
    const ti = classes.indexOf(truths[r]);
    if (ti < 0) throw new Error(`i2n: image ${ids[r]} has object '${truths[r]}', which the readout does not know (classes: ${classes.join(', ')})`);
    choices.forEach((c, b) => {
      const pc = proba[r * K + col[b]];
      values[a * choices.length + b] = c === truths[r] ? NaN : pc / (pc + proba[r * K + ti]);
    });
  });
  return { ids: order.map((r) => ids[r]), truths: order.map((r) => truths[r]), choices, values };
}

/** Inverse standard normal CDF (scipy.stats.norm.ppf), Acklam's rational approximation refined by
 * one Halley step (|error| ~ 1e-15). ppf(0) = -inf, ppf(1) = +inf. */
export function normPpf(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  let x: number;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - pl) {
    const q = p - 0.5, r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // Halley refinement with an accurate erfc-based CDF.
  const e = 0.5 * erfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Complementary error function: Taylor series of erf for |x| < 2.5, Lentz continued fraction
 * of erfc beyond (both ~1e-15 relative here). */
function erfc(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let term = ax, sum = ax;
    for (let n = 1; n < 200; n++) {
      term *= (-ax * ax) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    const erf = (2 / Math.sqrt(Math.PI)) * sum;
    return x < 0 ? 1 + erf : 1 - erf;
  }
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
  const tiny = 1e-300;
  let f = ax, C = ax, D = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    D = ax + an * D; D = Math.abs(D) < tiny ? tiny : D; D = 1 / D;
    C = ax + an / C; C = Math.abs(C) < tiny ? tiny : C;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const r = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return x < 0 ? 2 - r : r;
}

function nanMean(xs: number[]): number {
  let s = 0, c = 0;
  for (const x of xs) if (!Number.isNaN(x)) { s += x; c++; }
  return c ? s / c : NaN;
}

/** d'(image, c) = z(1 - FA(image, c)) - z(mean FA of images of object c towards the image's object),
 * clipped to +-cap; normalised (i2n) by subtracting the mean over images of the same object per c. */
export function dprimes(m: ResponseMatrix, normalize = true, cap: number = I2N_DEFAULTS.dprimeCap): Float64Array {
  const { ids, truths, choices, values } = m;
  const K = choices.length;
  const colOf = new Map(choices.map((c, i) => [c, i]));
  const rowsOf = new Map<string, number[]>();
  truths.forEach((t, a) => { if (!rowsOf.has(t)) rowsOf.set(t, []); rowsOf.get(t)!.push(a); });
  const D = new Float64Array(values.length);
  for (let a = 0; a < ids.length; a++) {
    const tcol = colOf.get(truths[a]);
    for (let b = 0; b < K; b++) {
      const fa = values[a * K + b];
      const inverse = tcol === undefined ? [] : (rowsOf.get(choices[b]) ?? []).map((r) => values[r * K + tcol]);
      const d = normPpf(1 - fa) - normPpf(nanMean(inverse));
      D[a * K + b] = Number.isNaN(d) ? NaN : Math.max(-cap, Math.min(cap, d));
    }
  }
  if (normalize) {
    for (const rows of rowsOf.values()) {
      for (let b = 0; b < K; b++) {
        const mu = nanMean(rows.map((r) => D[r * K + b]));
        for (const r of rows) D[r * K + b] -= mu;
      }
    }
  }
  return D;
}

/** Pearson r over the cells where the target (and, with skipna, the source) is defined, after
 * aligning both matrices by image id and choice. */
export function correlateMatrices(source: ResponseMatrix, sourceD: Float64Array, target: ResponseMatrix, targetD: Float64Array, skipna: boolean): number {
  const srow = new Map(source.ids.map((s, i) => [s, i]));
  const scol = new Map(source.choices.map((c, i) => [c, i]));
  const xs: number[] = [], ys: number[] = [];
  const Ks = source.choices.length, Kt = target.choices.length;
  target.ids.forEach((s, a) => {
    const r = srow.get(s);
    if (r === undefined) throw new Error(`i2n: image ${s} has human trials but no model response`);
    target.choices.forEach((c, b) => {
      const t = targetD[a * Kt + b];
      if (Number.isNaN(t)) return;
      const ci = scol.get(c);
      const v = ci === undefined ? NaN : sourceD[r * Ks + ci];
      if (Number.isNaN(v)) { if (skipna) return; throw new Error(`i2n: model d' undefined for image ${s}, choice ${c} where humans have one`); }
      xs.push(v); ys.push(t);
    });
  });
  // scipy.stats.pearsonr as Brain-Score calls it; no shared cell or no variance leaves r undefined (NaN).
  return xs.length === 0 ? Number.NaN : pearsonR(xs, ys, 'nan');
}

export interface I2nResult {
  /** Per split: model vs first human half. */
  scores: number[];
  /** Per split: human half vs human half. */
  ceilings: number[];
  /** Per split: score / sqrt(ceiling). */
  ceiled: number[];
  center: number;
  error: number;
  raw: number;
  ceiling: number;
}

/** Split the trials in halves like Brain-Score generate_halves (shuffle indices, first floor(n/2)). */
export function trialHalves(n: number, rs: RandomState): [number[], number[]] {
  const idx = Array.from({ length: n }, (_, i) => i);
  rs.shuffle(idx);
  const h = Math.floor(n / 2);
  return [idx.slice(0, h), idx.slice(h)];
}

export function i2n(model: ResponseMatrix, trials: Trials, opts: { splits?: number; seed?: number; skipnaCeiling?: boolean } = {}): I2nResult {
  const modelD = dprimes(model);
  const rs = new RandomState(opts.seed ?? I2N_DEFAULTS.seed);
  const scores: number[] = [], ceilings: number[] = [];
  for (let s = 0; s < (opts.splits ?? I2N_DEFAULTS.splits); s++) {
    const [h1, h2] = trialHalves(trials.stimulus.length, rs);
    const m1 = responseMatrixFromTrials(trials, h1);
    const m2 = responseMatrixFromTrials(trials, h2);
    const d1 = dprimes(m1), d2 = dprimes(m2);
    scores.push(correlateMatrices(model, modelD, m1, d1, false));
    ceilings.push(correlateMatrices(m1, d1, m2, d2, opts.skipnaCeiling ?? true));
  }
  const ceiled = scores.map((v, i) => v / Math.sqrt(ceilings[i]));
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const center = mean(ceiled);
  const error = Math.sqrt(ceiled.reduce((a, b) => a + (b - center) ** 2, 0) / ceiled.length);
  return { scores, ceilings, ceiled, center, error, raw: mean(scores), ceiling: mean(ceilings) };
}
