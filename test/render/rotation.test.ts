import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderRandom } from '../../lib/random/index.js';
import { eulerToMatrix, matMul, matrixToEuler, randomRotation } from '../../lib/render/rotation.js';

const fixture = JSON.parse(readFileSync('data/fixtures/data/rotation.json', 'utf8')) as {
  cases: { rxy: number; ryz: number; rzx: number; matrix: number[] }[];
};

describe('Euler angles (R = Ry(rzx) Rx(ryz) Rz(rxy))', () => {
  it('matches scipy Rotation.from_euler("YXZ") on 40 random angles', () => {
    for (const c of fixture.cases) {
      const m = eulerToMatrix(c);
      for (let k = 0; k < 9; k++) expect(m[k]).toBeCloseTo(c.matrix[k], 12);
    }
  });

  it('round-trips matrix -> angles -> matrix for uniform random rotations', () => {
    const rng = renderRandom(5);
    for (let i = 0; i < 500; i++) {
      const R = randomRotation(rng);
      const e = matrixToEuler(R);
      expect(Math.abs(e.ryz)).toBeLessThanOrEqual(Math.PI / 2);
      const back = eulerToMatrix(e);
      for (let k = 0; k < 9; k++) expect(back[k]).toBeCloseTo(R[k], 10);
    }
  });

  it('recovers the angles themselves inside the principal range', () => {
    for (const c of fixture.cases) {
      const e = matrixToEuler(c.matrix);
      expect(e.rxy).toBeCloseTo(c.rxy, 9);
      expect(e.ryz).toBeCloseTo(c.ryz, 9);
      expect(e.rzx).toBeCloseTo(c.rzx, 9);
    }
  });

  it('handles gimbal lock (ryz = ±90°) by folding rxy into rzx', () => {
    const R = eulerToMatrix({ rxy: 0.3, ryz: Math.PI / 2, rzx: 0.5 });
    const back = eulerToMatrix(matrixToEuler(R));
    for (let k = 0; k < 9; k++) expect(back[k]).toBeCloseTo(R[k], 9);
  });

  it('random rotations are orthonormal with det +1, and a reduced range stays within its angle', () => {
    const rng = renderRandom(9);
    for (let i = 0; i < 100; i++) {
      const R = randomRotation(rng, (30 * Math.PI) / 180);
      const RtR = matMul([R[0], R[3], R[6], R[1], R[4], R[7], R[2], R[5], R[8]], R);
      for (let k = 0; k < 9; k++) expect(RtR[k]).toBeCloseTo(k % 4 === 0 ? 1 : 0, 10);
      const angle = Math.acos(Math.max(-1, Math.min(1, (R[0] + R[4] + R[8] - 1) / 2)));
      expect(angle).toBeLessThanOrEqual((30 * Math.PI) / 180 + 1e-9);
    }
  });
});
