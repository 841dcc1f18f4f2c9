// `npm run test:browser`: JupyterLab in headless chromium (slow, minutes); kept out of `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 2_400_000,
    pool: 'forks',
    maxWorkers: 1,
    reporters: ['default'],
  },
});
