import { defineConfig } from 'vitest/config';

// End-to-end: the built UI in Debian's Chromium (npm run build first; npm test does).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
    pool: 'forks',
    // A poll waits for what a person waits for (a key generated, a login answered); on a busy 2-core
    // machine that is seconds, not vitest's default 1 s, and a shorter wait only makes the suite flaky.
    expect: { poll: { timeout: 10_000 } },
  },
});
