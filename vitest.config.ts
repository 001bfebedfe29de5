import { defineConfig } from 'vitest/config';

// `npx vitest run` runs both folders; `npm run test:unit` only the fast, in-process tests/unit/, and
// `npm run test:integration` the tests that start the emulator, child processes, proxies and servers.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
