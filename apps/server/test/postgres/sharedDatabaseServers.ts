/**
 * Servers that share one fresh PostgreSQL database, as scaled-out processes do (here in one test
 * process; test/chaos runs them as separate processes). Two shapes: servers started by each test
 * (`serversPerTest`), or one API-only and one worker-only server for the whole file (`apiAndWorker`).
 * Servers are stopped in reverse order (workers first: an API-only server has nothing to wait for),
 * then the database is dropped, which fails if anything was left connected.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { ServerOptions } from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers.js';
import { createTestDatabase, type TestDatabase } from './testDatabase.js';

async function stopAll(servers: TestServer[], database: TestDatabase | undefined): Promise<void> {
  for (const server of servers.splice(0).reverse()) await server.stop();
  await database?.drop();
}

/** A fresh database per test; `start` starts a server on it, stopped after the test. */
export function serversPerTest(): { start(options: ServerOptions): Promise<TestServer> } {
  let database: TestDatabase | undefined;
  const servers: TestServer[] = [];
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => stopAll(servers, database));
  return {
    async start(options) {
      const server = await startTestServer({ databaseUrl: database!.url, ...options });
      servers.push(server);
      return server;
    },
  };
}

/** One database for the file, an API-only server and a worker-only server on it (read them in tests). */
export function apiAndWorker(timeoutMs: number, worker: ServerOptions = {}): { api(): TestServer; worker(): TestServer } {
  let database: TestDatabase | undefined;
  const servers: TestServer[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    servers.push(await startTestServer({ databaseUrl: database.url, mode: 'api' }));
    servers.push(await startTestServer({ databaseUrl: database.url, mode: 'worker', ...worker }));
  }, timeoutMs);
  afterAll(() => stopAll(servers, database));
  return { api: () => servers[0]!, worker: () => servers[1]! };
}
