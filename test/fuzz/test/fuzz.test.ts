/**
 * The short seeded fuzz run inside `npm test` (the full one is `npm run test:fuzz`): 2,000
 * requests over every operation of the spec against a real server process, every invariant held.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatFigures, runFuzz, violations } from '../src/run.js';
import { startFuzzServer, type FuzzServer } from '../src/server.js';

let server: FuzzServer;
beforeAll(async () => {
  server = await startFuzzServer();
});
afterAll(() => server?.stop());

// 2,000 requests take ~11 s on a quiet 2-core machine; the timeout leaves room for a loaded one.
it('answers 2,000 generated and hostile requests within the spec, storing nothing it refused', { timeout: 300_000 }, async () => {
  const figures = await runFuzz(server, { seed: 20261204, requests: 2_000, concurrency: 8 });
  console.log(formatFigures(figures));
  expect(figures.requests).toBe(2_000);
  expect(violations(figures, 1536)).toEqual([]);
});
