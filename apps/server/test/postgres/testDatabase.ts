/**
 * Fresh PostgreSQL databases for tests (graphile-worker's habit): the migrations run once into a
 * template database, and each test gets its own clone (`CREATE DATABASE … TEMPLATE`, ~50 ms), dropped
 * afterwards. Dropping fails the test if any connection to the clone is still open: a store, pool
 * or LISTEN connection that a test forgot to close is a leak a long-running process would have too.
 *
 * Everything here is skipped, visibly, when TEST_DATABASE_URL is not set.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';
import { readMigrations } from '../../src/store/postgres/migrate.js';
import { createPostgresStore } from '../../src/store/postgres/index.js';
import { LOCK_CLASS } from '../../src/store/postgres/locks.js';

/** postgres://… of a database the tests may create databases from (CI: postgres@127.0.0.1/test). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** Text of the skip notice: `<what> skipped: TEST_DATABASE_URL is not set`. */
export function skippedWithoutPostgres(what: string): string {
  return `${what} skipped: TEST_DATABASE_URL is not set`;
}

/**
 * When TEST_DATABASE_URL is unset, registers a skipped `describe` titled with the notice (so the
 * skip shows in every report) and prints it; answers whether PostgreSQL tests can run.
 */
export function announcePostgres(what: string): boolean {
  if (TEST_DATABASE_URL) return true;
  const notice = skippedWithoutPostgres(what);
  console.log(`[postgres] ${notice}`);
  describe.skip(notice, () => {
    it(`${what} (needs TEST_DATABASE_URL=postgres://…)`, () => undefined);
  });
  return false;
}

/** The URL of database `name` on the TEST_DATABASE_URL server. */
export function databaseUrl(name: string): string {
  const url = new URL(requireUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

function requireUrl(): string {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  return TEST_DATABASE_URL;
}

/** Runs `fn` on a short-lived connection to the TEST_DATABASE_URL database. */
export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: requireUrl(), application_name: 'jobs-api test admin' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
// Database names derive from the migrations, so a changed migration gets a new template.
const templateName = () =>
  `jobs_api_tpl_${createHash('sha256')
    .update(
      readMigrations()
        .map((m) => `${m.name}\n${m.sql}`)
        .join('\n'),
    )
    .digest('hex')
    .slice(0, 16)}`;
// Test processes agree on this key (builds of the template); it is in the registry so no store lock reuses it.
const TEMPLATE_LOCK = [LOCK_CLASS.buildTestTemplate, 1] as const;

let templateReady: Promise<string> | undefined;

/** The migrated template (built once per template name, under a lock shared by concurrent test files). */
function migratedTemplate(): Promise<string> {
  return (templateReady ??= withAdmin(async (admin) => {
    const name = templateName();
    await admin.query('SELECT pg_advisory_lock($1, $2)', [...TEMPLATE_LOCK]);
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount === 0) {
        // Built under another name and renamed when complete: a crash mid-build never leaves a
        // half-migrated database under the template's name.
        const building = `${name}_build_${randomBytes(4).toString('hex')}`;
        await admin.query(`CREATE DATABASE ${quote(building)}`);
        const store = createPostgresStore({ url: databaseUrl(building), applicationName: 'jobs-api test template', max: 1 });
        try {
          await store.migrate();
        } finally {
          await store.close();
        }
        await retryWhileInUse(() => admin.query(`ALTER DATABASE ${quote(building)} RENAME TO ${quote(name)}`));
      }
      return name;
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1, $2)', [...TEMPLATE_LOCK]);
    }
  }));
}

/**
 * A just-closed connection can linger in the server for a few milliseconds, and CREATE DATABASE
 * … TEMPLATE and RENAME refuse while any session is attached (55006 object_in_use): retry briefly.
 */
async function retryWhileInUse<T>(fn: () => Promise<T>, deadlineMs = 5000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    try {
      return await fn();
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database; rejects (after dropping it anyway) if connections to it were left open. */
  drop(): Promise<void>;
}

/**
 * A fresh database: a clone of the migrated template (default), or an empty one (`migrated: false`,
 * for migration tests).
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const template = options.migrated === false ? undefined : await migratedTemplate();
  const name = `jobs_api_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => retryWhileInUse(() => admin.query(`CREATE DATABASE ${quote(name)}${template ? ` TEMPLATE ${quote(template)}` : ''}`)));
  return { name, url: databaseUrl(name), drop: () => dropTestDatabase(name) };
}

/** How long closed connections may take to leave pg_stat_activity before they count as leaked. */
const LEAK_GRACE_MS = 3000;

async function dropTestDatabase(name: string): Promise<void> {
  await withAdmin(async (admin) => {
    const deadline = Date.now() + LEAK_GRACE_MS;
    let open: { application_name: string; state: string | null }[] = [];
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      open = (await admin.query('SELECT application_name, state FROM pg_stat_activity WHERE datname = $1', [name])).rows;
      if (open.length === 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, delay));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`);
    if (open.length > 0) {
      const who = open.map((c) => `${c.application_name || '(no application_name)'} [${c.state}]`).join(', ');
      throw new Error(`${open.length} connection(s) to ${name} were left open (a store, pool or listener not closed): ${who}`);
    }
  });
}
