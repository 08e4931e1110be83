/**
 * The engines the shared store suite runs on. SQLite always; PostgreSQL when TEST_DATABASE_URL is
 * set (otherwise the suite shows a skipped "PostgreSQL store suite skipped: …" block). Each `create`
 * gives a fresh, migrated, empty store: SQLite in a new temp directory, PostgreSQL in a new database
 * cloned from the migrated template, dropped (and checked for leaked connections) by `dispose`.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { JobStore } from '../../src/interfaces.js';
import type { PageReader } from '../../src/store/pagination.js';
import { createDatabase, pgPageReader } from '../../src/store/postgres/db.js';
import { createPostgresStore } from '../../src/store/postgres/index.js';
import { sqlitePageReader } from '../../src/store/sqlite/db.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { tempDir } from '../helpers.js';
import { createTestDatabase, TEST_DATABASE_URL } from '../postgres/testDatabase.js';

export interface StoreEngine {
  name: 'sqlite' | 'postgres';
  /** `pageReader`: how the shared pagination reads rows on this engine's connection. */
  create(): Promise<{ store: JobStore; pageReader: PageReader; dispose(): Promise<void> }>;
}

export const sqliteEngine: StoreEngine = {
  name: 'sqlite',
  async create() {
    const dir = tempDir('jobs-store-');
    const store = createSqliteStore(join(dir, 'jobs.sqlite'));
    await store.migrate();
    return {
      store,
      pageReader: sqlitePageReader(store.db),
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const postgresEngine: StoreEngine | undefined = TEST_DATABASE_URL
  ? {
      name: 'postgres',
      async create() {
        const database = await createTestDatabase();
        // A small pool still gives the concurrency cases several connections to race on.
        const store = createPostgresStore({ url: database.url, applicationName: 'jobs-api store suite', max: 4 });
        await store.migrate();
        return {
          store,
          pageReader: pgPageReader(createDatabase(store.pool)),
          async dispose() {
            await store.close();
            await database.drop();
          },
        };
      },
    }
  : undefined;

export const storeEngines: StoreEngine[] = [sqliteEngine, ...(postgresEngine ? [postgresEngine] : [])];
