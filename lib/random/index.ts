// The project's own random numbers (numpy's MT19937 for Brain-Score parity stays in lib/alignment/random.ts).
export { Random, type DrawRules, renderRandom, initRandom, analysisRandom } from './random.js';
export { hashSeed, mix32, streamKey } from './seed.js';
