/**
 * A revoked API key stops working within a second, on both engines: authenticated keys are cached
 * for a second (API_KEY_CACHE_TTL_MS), and a revocation written by another process (the CLI's
 * `keys revoke`, here a second store on the same database) is seen once the entry is older than
 * that. The server's clock is driven by hand, so the test needs no sleep and no timing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, loadConfig, storeApiKey } from '../src/index.js';
import { manualClock, startTestServer, type TestServer } from './helpers.js';
import { announcePostgres, createTestDatabase, type TestDatabase } from './postgres/testDatabase.js';

const KEY = 'sk_test_revocation_0123456789abcdef';
const withPostgres = announcePostgres('API key revocation on PostgreSQL');

const engines = [{ name: 'sqlite', postgres: false }, ...(withPostgres ? [{ name: 'postgres', postgres: true }] : [])];

describe.each(engines)('API key revocation ($name)', ({ postgres }) => {
  const clock = manualClock();
  let server: TestServer;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = postgres ? await createTestDatabase() : undefined;
    server = await startTestServer({ mode: 'api', clock, databaseUrl: database?.url });
    await storeApiKey(server.store, KEY, 'org_revoked', clock.now());
  });
  afterAll(async () => {
    await server.stop();
    await database?.drop();
  });

  it('is honoured within a second', async () => {
    expect((await server.call('GET', '/v1/jobs', { key: KEY })).status).toBe(200);
    // The CLI revokes from a process of its own: a second store on the same database.
    const cli = await createStore({ ...loadConfig({}), dataDir: server.dataDir, databaseUrl: database?.url });
    try {
      expect(await cli.revokeApiKeys(KEY.slice(0, 12), clock.now())).toBe(1);
    } finally {
      await cli.close();
    }
    // Still cached 999 ms later (the cache is what spares a key look-up per request)…
    clock.advance(999);
    expect((await server.call('GET', '/v1/jobs', { key: KEY })).status).toBe(200);
    // …and refused once the entry is a second old.
    clock.advance(1);
    const refused = await server.call('GET', '/v1/jobs', { key: KEY });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('unauthorized');
  });
});
