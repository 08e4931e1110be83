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

// Since the engine runs in sandboxes (two on two cores), requests that parse documents queue for them:
// 2,000 requests took over 180 s alongside the server suite on a quiet 2-core machine.
it('answers 2,000 generated and hostile requests within the spec, storing nothing it refused', { timeout: 600_000 }, async () => {
  const figures = await runFuzz(server, { seed: 20261204, requests: 2_000, concurrency: 8 });
  console.log(formatFigures(figures));
  expect(figures.requests).toBe(2_000);
  expect(violations(figures, 1536)).toEqual([]);
});
