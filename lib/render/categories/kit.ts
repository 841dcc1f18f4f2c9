// Shared helpers for the object families: a seeded parameter source (one per identity) and palettes.
import type { Part, RGB } from '../mesh.js';
import { type Random, renderRandom } from '../../random/index.js';
import { hex } from '../textures.js';

export type Build = (k: Kit) => Part[];

export interface CategoryDef {
  name: string;
  build: Build;
}

/** The parameter draw of one identity: every call is deterministic given (category, identity). */
export class Kit {
  readonly rng: Random;
  constructor(seed: number, readonly identity: number) {
    this.rng = renderRandom(seed);
  }
  /** uniform in [a, b] */
  u(a: number, b: number): number {
    return this.rng.between(a, b);
  }
  /** integer in [a, b] */
  i(a: number, b: number): number {
    return a + this.rng.int(b - a + 1);
  }
  pick<T>(xs: readonly T[]): T {
    return this.rng.pick(xs);
  }
  chance(p: number): boolean {
    return this.rng.chance(p);
  }
  /** a colour from a palette with a small brightness jitter */
  col(p: readonly RGB[]): RGB {
    const c = this.pick(p), k = this.u(0.85, 1.12);
    return [Math.min(1, c[0] * k), Math.min(1, c[1] * k), Math.min(1, c[2] * k)];
  }
}

const H = (xs: string[]): RGB[] => xs.map(hex);
export const WOOD = H(['#8b5a2b', '#a0522d', '#c19a6b', '#6f4e37', '#deb887', '#5c4033']);
export const METAL = H(['#b0b4b8', '#8a8d91', '#d4d7da', '#6e7073', '#c9b037', '#b87333']);
export const BRIGHT = H(['#d62828', '#f77f00', '#fcbf49', '#2a9d8f', '#264653', '#e76f51', '#457b9d', '#8338ec', '#3a86ff', '#06d6a0', '#ef476f', '#118ab2']);
export const CERAMIC = H(['#f5f5f0', '#e9d8a6', '#94d2bd', '#ee9b00', '#ae2012', '#0a9396', '#cdb4db', '#f4a261', '#5e60ce']);
export const FABRIC = H(['#6d597a', '#b56576', '#355070', '#e56b6f', '#2b9348', '#9c6644', '#495057', '#a3b18a']);
export const DARK = H(['#222222', '#333640', '#1b263b', '#3c2f2f', '#2f3e46']);
export const LEAF = H(['#2d6a4f', '#40916c', '#52b788', '#386641', '#6a994e', '#7f9c3a']);
export const STONE = H(['#8d8d8d', '#a39e93', '#6b705c', '#b7b7a4', '#7d6e5d']);
export const FUR = H(['#8d5524', '#c68642', '#e0ac69', '#4b3621', '#f1c27d', '#2e2e2e', '#d9d9d9']);
export const GLASS = H(['#a8dadc', '#cfe8ef', '#b7d7c4', '#9fc5e8', '#d0e1f9']);
export const RED = hex('#c1121f');
export const WHITE = hex('#f2f2f2');
export const BLACK = hex('#1a1a1a');
export const GOLD = hex('#d4af37');
export const GREY = hex('#808080');
export const TIRE = hex('#202020');
