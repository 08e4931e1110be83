/**
 * For tests of what many processes do to one PostgreSQL database (concurrency, lost connections):
 * a fresh database per test, stores each with its own pool (a process, as far as PostgreSQL can
 * tell) and raw connections the test drives by hand (to hold locks), all closed after the test,
 * then the database dropped, which fails the test if anything was left connected.
 */
import pg from 'pg';
import { afterEach, beforeEach } from 'vitest';
import type { NewJob } from '../../src/interfaces.js';
import { createPostgresStore, type PostgresStore } from '../../src/store/postgres/index.js';
import { HOUR, newJob as baseJob, T0 } from '../store/fixtures.js';
import { createTestDatabase, type TestDatabase } from './testDatabase.js';

export { T0 };

/** The store suite's job (test/store/fixtures.ts) without metadata or model, expiring an hour after T0. */
export const newJob = (overrides: Partial<NewJob> = {}): NewJob => baseJob({ metadata: {}, model: null, expiresAt: T0 + HOUR, ...overrides });

export interface StoresPerTest {
  /** This test's database. */
  database(): TestDatabase;
  /** The stores opened in this test, in order (the first one answers `backends`). */
  readonly stores: readonly PostgresStore[];
  /** A store with its own pool, its application_name `test <name>` so pg_stat_activity tells them apart. */
  openStore(name: string, max?: number): PostgresStore;
  /** A raw connection the test drives by hand (application_name `test raw`). */
  rawClient(): Promise<pg.Client>;
  /** How many backends of `applicationName` on this test's database match the SQL condition `where`. */
  backends(applicationName: string, where?: string): Promise<number>;
}

/** Registers the per-test database and clean-up (beforeEach/afterEach) in the calling describe block. */
export function storesPerTest(): StoresPerTest {
  let database: TestDatabase | undefined;
  const stores: PostgresStore[] = [];
  const clients: pg.Client[] = [];
  const currentDatabase = () => {
    if (!database) throw new Error('no test database outside a test');
    return database;
  };

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end()));
    // Closing a store also ends its watches: a forgotten LISTEN connection would fail database.drop().
    await Promise.all(stores.splice(0).map((s) => s.close()));
    const dropping = currentDatabase();
    database = undefined;
    await dropping.drop();
  });

  return {
    database: currentDatabase,
    stores,
    openStore(name, max = 2) {
      const store = createPostgresStore({ url: currentDatabase().url, applicationName: `test ${name}`, max });
      stores.push(store);
      return store;
    },
    async rawClient() {
      const client = new pg.Client({ connectionString: currentDatabase().url, application_name: 'test raw' });
      await client.connect();
      clients.push(client);
      return client;
    },
    async backends(applicationName, where = 'true') {
      const { rows } = await stores[0]!.pool.query(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND ${where}`,
        [applicationName],
      );
      return Number(rows[0].n);
    },
  };
}
