// A small, seeded run of the key-file fuzzer inside npm test (npm run fuzz runs many more cases).
import { expect, it } from 'vitest';
import { fuzz } from '../../scripts/fuzz.js';

it('300 mutated fixtures (600 calls): no crash, no hang, no untyped error, no file bytes in a message', async () => {
  const report = await fuzz({ seed: 20261123, count: 300, timeLimitMs: 5000 });
  expect(report.cases).toBe(600);
  expect(report.crashes).toEqual([]);
  expect(report.hangs).toEqual([]);
  expect(report.unanticipated).toEqual([]);
  expect(report.leaks).toEqual([]);
  // Mutations reach past the first checks: several kinds of typed answer, and some files still load.
  expect(Object.keys(report.codes).length).toBeGreaterThan(5);
  expect(report.succeeded).toBeGreaterThan(0);
}, 60_000);
