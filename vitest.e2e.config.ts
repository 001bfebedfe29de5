import { defineConfig } from 'vitest/config';

// End-to-end: the built UI in Debian's Chromium (npm run build first; npm test does).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
