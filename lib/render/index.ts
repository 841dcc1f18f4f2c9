// lib/render: the synthetic TDW-117 stand-in. A seeded software rasterizer, 117 procedural object
// categories with 548 identities, 10 background scenes, and the sampler that turns (seed, index) into
// an image with its camera-frame latents.
export { CATEGORIES, NUM_CATEGORIES, NUM_IDENTITIES, identityMesh, identityTable, identityCount, firstIdentity, categoryOfIdentity } from './categories/index.js';
export { DEFAULT_SAMPLING, LATENT_COLUMNS, SampleRenderer, sampleSeed, type Latents, type SamplingConfig } from './sample.js';
export { eulerToMatrix, matrixToEuler, randomRotation, type Euler } from './rotation.js';
export { FrameBuffer, Rasterizer, focalFromFov, type Light, type Pose } from './raster.js';
export { SCENE_NAMES, scenes } from './scenes.js';
export { portrait } from './catalogue.js';
export { encodePng } from './png.js';
export type { Mesh } from './mesh.js';
