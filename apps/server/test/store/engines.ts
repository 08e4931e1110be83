/**
 * The engines the shared store suite runs on. SQLite always; PostgreSQL when TEST_DATABASE_URL is
 * set (and a PostgreSQL store exists). Each `create` gives a fresh, migrated, empty store.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { JobStore } from '../../src/interfaces.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { tempDir } from '../helpers.js';

export interface StoreEngine {
  name: string;
  create(): Promise<{ store: JobStore; dispose(): Promise<void> }>;
}

export const sqliteEngine: StoreEngine = {
  name: 'sqlite',
  async create() {
    const dir = tempDir('jobs-store-');
    const store = createSqliteStore(join(dir, 'jobs.sqlite'));
    await store.migrate();
    return {
      store,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const storeEngines: StoreEngine[] = [sqliteEngine];
