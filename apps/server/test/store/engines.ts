/**
 * The engines the shared store suites run on. SQLite always; PostgreSQL when TEST_DATABASE_URL is
 * set (otherwise the suite shows a skipped "PostgreSQL store suite skipped: …" block). Each `create`
 * opens a fresh, migrated, empty database and every store on it (as a server does at start-up:
 * store/persistence.ts): SQLite in a new temp directory, PostgreSQL in a new database cloned from
 * the migrated template, dropped (and checked for leaked connections) by `dispose`.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { JobStore } from '../../src/interfaces.js';
import type { ProjectStore } from '../../src/projects/store.js';
import type { PageReader } from '../../src/store/pagination.js';
import type { Persistence } from '../../src/store/persistence.js';
import { pgPageReader } from '../../src/store/postgres/db.js';
import { openPostgres } from '../../src/store/postgres/index.js';
import { sqlitePageReader } from '../../src/store/sqlite/db.js';
import { openSqlite } from '../../src/store/sqlite/index.js';
import type { TemplateStore } from '../../src/templates/store.js';
import { tempDir } from '../helpers.js';
import { createTestDatabase, TEST_DATABASE_URL } from '../postgres/testDatabase.js';

/** Every store of one fresh database, and `dispose` to close and remove it. */
export interface StoreSet {
  store: JobStore;
  templates: TemplateStore;
  projects: ProjectStore;
  /** How the shared pagination reads rows on this engine's handle. */
  pageReader: PageReader;
  dispose(): Promise<void>;
}

export interface StoreEngine {
  name: 'sqlite' | 'postgres';
  create(): Promise<StoreSet>;
}

/** The stores of an opened (and migrated) persistence, and `dispose` to close it and clean up. */
function storesOf(database: Persistence, pageReader: PageReader, cleanUp: () => unknown): StoreSet {
  const { jobs: store, templates, projects } = database;
  return {
    store,
    templates,
    projects,
    pageReader,
    async dispose() {
      await database.close();
      await cleanUp();
    },
  };
}

export const sqliteEngine: StoreEngine = {
  name: 'sqlite',
  async create() {
    const dir = tempDir('jobs-store-');
    const database = openSqlite(join(dir, 'jobs.sqlite'));
    await database.migrate();
    return storesOf(database, sqlitePageReader(database.db), () => rmSync(dir, { recursive: true, force: true }));
  },
};

export const postgresEngine: StoreEngine | undefined = TEST_DATABASE_URL
  ? {
      name: 'postgres',
      async create() {
        const testDatabase = await createTestDatabase();
        // A small pool still gives the concurrency cases several connections to race on.
        const database = openPostgres({ url: testDatabase.url, applicationName: 'jobs-api store suite', max: 4 });
        await database.migrate();
        return storesOf(database, pgPageReader(database.db), () => testDatabase.drop());
      },
    }
  : undefined;

export const storeEngines: StoreEngine[] = [sqliteEngine, ...(postgresEngine ? [postgresEngine] : [])];
