import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
    // Processed by Vite so that a test's stand-in `electron` module reaches electron-store too.
    server: { deps: { inline: ['electron-store'] } },
  },
});
