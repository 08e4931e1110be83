/**
 * The engines an HTTP-level suite runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set
 * (a fresh database per suite, dropped afterwards). `setUp` answers the server options to add.
 */
import type { ServerOptions } from '../src/index.js';
import { announcePostgres, createTestDatabase, TEST_DATABASE_URL } from './postgres/testDatabase.js';

export interface ServerEngine {
  name: 'sqlite' | 'postgres';
  setUp(): Promise<{ options: Partial<ServerOptions>; tearDown(): Promise<void> }>;
}

const sqlite: ServerEngine = { name: 'sqlite', setUp: async () => ({ options: {}, tearDown: async () => undefined }) };
const postgres: ServerEngine = {
  name: 'postgres',
  async setUp() {
    const database = await createTestDatabase();
    return { options: { databaseUrl: database.url }, tearDown: () => database.drop() };
  },
};

export function serverEngines(what: string): ServerEngine[] {
  announcePostgres(what);
  return TEST_DATABASE_URL ? [sqlite, postgres] : [sqlite];
}
