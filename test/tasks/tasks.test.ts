// lib/tasks against torch losses and scikit-learn/scipy metrics (data/fixtures/tasks/losses.json,
// from scripts/fixtures/tasks.py), plus task-set parsing and head layout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '../../lib/engine/index.js';
import {
  metricKeys, parseTaskSet, targetTensors, targetsFrom, taskLosses, taskMetrics, totalLoss, type LatentColumns,
} from '../../lib/tasks/index.js';

const fx = JSON.parse(readFileSync(join(process.cwd(), 'data/fixtures/tasks/losses.json'), 'utf8')) as {
  n: number; output: number[]; latents: Record<string, number[]>; category: number[]; identity: number[];
  zscore: { x: { mean: number; std: number }; y: { mean: number; std: number }; z: { mean: number; std: number } };
  expected: Record<string, number>; distanceTranslation: number;
};

function latents(): LatentColumns {
  const f = (k: string) => Float32Array.from(fx.latents[k]!);
  return { x: f('x'), y: f('y'), z: f('z'), rxy: f('rxy'), ryz: f('ryz'), rzx: f('rzx'),
    category: Int32Array.from(fx.category), identity: Int32Array.from(fx.identity), scene: new Int32Array(fx.n) };
}

beforeAll(async () => { await initEngine(); });

describe('task sets', () => {
  it('parses names into a canonical order and head layout', () => {
    const all = parseTaskSet('all');
    expect(all.outputs).toBe(674);
    expect(all.slices).toEqual({ distance: { start: 0, size: 1 }, translation: { start: 1, size: 2 },
      rotation: { start: 3, size: 6 }, category: { start: 9, size: 117 }, identity: { start: 126, size: 548 } });
    expect(parseTaskSet('translation+distance').name).toBe('distance+translation');
    expect(parseTaskSet('rotation+translation+distance+identity+category').name).toBe('all');
    expect(parseTaskSet('rotation').outputs).toBe(6);
    expect(() => parseTaskSet('depth')).toThrow(/unknown task 'depth'; expected distance, translation, rotation, category, identity/);
    expect(() => parseTaskSet('untrained')).toThrow(/is a model, not a task/);
    expect(() => parseTaskSet('distance+distance')).toThrow(/appears twice/);
  });

  it('refuses labels outside the paper class space', () => {
    const l = latents();
    l.category[3] = 117;
    expect(() => targetsFrom(l, fx)).toThrow(/latents.category\[3\] = 117: expected a class index in \[0, 117\)/);
  });
});

describe('losses (eqs. 1-13) match torch', () => {
  it('every task loss and the all-task mean, on the device', () => {
    const set = parseTaskSet('all');
    const t = targetsFrom(latents(), fx);
    const got = tf.tidy(() => {
      const out = tf.tensor2d(fx.output, [fx.n, 674]);
      const losses = taskLosses(out, targetTensors(t, set), set);
      const r: Record<string, number> = { loss: totalLoss(losses).dataSync()[0]! };
      for (const [k, v] of Object.entries(losses)) r[`loss_${k}`] = v.dataSync()[0]!;
      return r;
    });
    for (const k of ['loss', 'loss_distance', 'loss_translation', 'loss_rotation', 'loss_category', 'loss_identity']) {
      expect(got[k], k).toBeCloseTo(fx.expected[k]!, 5);
    }
  });

  it('a combined task is the mean of its task losses (eq. 11), reading its own head layout', () => {
    const all = parseTaskSet('all');
    const pair = parseTaskSet('distance+translation');
    const t = targetsFrom(latents(), fx);
    const v = tf.tidy(() => {
      const out = tf.slice(tf.tensor2d(fx.output, [fx.n, 674]), [0, 0], [-1, 3]) as tf.Tensor2D; // its head is units 0..2
      return totalLoss(taskLosses(out, targetTensors(t, pair), pair)).dataSync()[0]!;
    });
    expect(all.slices.translation).toEqual(pair.slices.translation);
    expect(v).toBeCloseTo(fx.distanceTranslation, 5);
  });

  it('gradients flow to every head unit the task uses and nowhere else', () => {
    const set = parseTaskSet('rotation+category');
    const t = targetsFrom(latents(), fx);
    const g = tf.tidy(() => {
      const out = tf.tensor2d(fx.output.slice(0, fx.n * set.outputs), [fx.n, set.outputs]);
      const tt = targetTensors(t, set);
      return tf.grad((o: tf.Tensor) => totalLoss(taskLosses(o as tf.Tensor2D, tt, set)))(out).abs().sum(0).dataSync();
    });
    expect(Array.from(g).every((v) => v > 0)).toBe(true);
  });
});

describe('held-out metrics match scikit-learn / scipy', () => {
  it('losses, accuracy, R^2 and Pearson r per latent', () => {
    const set = parseTaskSet('all');
    const m = taskMetrics(Float32Array.from(fx.output), targetsFrom(latents(), fx), set);
    for (const [k, v] of Object.entries(fx.expected)) expect(m[k], k).toBeCloseTo(v, 6);
    expect(Object.keys(m)).toEqual(metricKeys(set));
    expect(m.angle_err_deg_rxy).toBeGreaterThan(0);
    expect(m.angle_err_deg_rxy).toBeLessThanOrEqual(180);
  });

  it('a perfect rotation prediction has zero loss and zero angle error', () => {
    const set = parseTaskSet('rotation');
    const t = targetsFrom(latents(), fx);
    const m = taskMetrics(t.rotation, t, set);
    expect(m.loss).toBe(0);
    expect(m.angle_err_deg_ryz).toBeLessThan(1e-4);
    expect(m.r2_cos_rzx).toBe(1);
  });
});
