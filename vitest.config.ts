import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', '**/node_modules/**'],   // npm run test:browser (vitest.browser.config.ts)
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // tfjs keeps one global engine per process: isolate test files in forked processes.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
