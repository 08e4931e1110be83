/**
 * Numbered SQL migrations (`NNN_name.sql`), applied in order, each once, recorded in
 * `schema_migrations`. Landed migrations are never edited: a change is a new file.
 */
import { fileURLToPath } from 'node:url';
import { readMigrationsFrom, type Migration } from '../migrations.js';
import type { PgDatabase } from './db.js';
import { LOCK_CLASS } from './locks.js';
import { systemClock } from '../../clock.js';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

/** This engine's migrations, in version order. */
export function readMigrations(dir = migrationsDir): Migration[] {
  return readMigrationsFrom(dir);
}

/**
 * Applies pending migrations; answers how many. Several processes start at once in a scaled-out
 * deployment and each migrates: the run is one transaction that first takes a transaction-scoped
 * advisory lock, so one process applies the files while the others wait on the lock, then find
 * nothing to do. Even `CREATE TABLE IF NOT EXISTS schema_migrations` runs under the lock (two
 * concurrent ones can both fail on the catalog's unique index). A process that dies mid-run rolls
 * back and releases the lock with its connection: no half-applied migration, no stuck lock, and
 * running it again (as the retry on a lost connection does) is safe.
 */
export async function migrate(db: PgDatabase, migrations = readMigrations()): Promise<number> {
  // Fast path, no lock: every process of a deployment migrates at start, nearly always to find
  // the schema current. Taking the lock anyway would make each start-up wait behind any other
  // process that is starting at the same moment (a restart wave, a crash loop). Only pending
  // migrations are worth the lock, and they are re-checked under it.
  const { rows: current } = await db.query<{ version: number }>('SELECT version FROM schema_migrations').catch((error: { code?: string }) => {
    // 42P01 undefined_table: a database never migrated.
    if (error.code === '42P01') return { rows: [] as { version: number }[] };
    throw error;
  });
  const known = new Set(current.map((r) => r.version));
  if (migrations.every((m) => known.has(m.version))) return 0;

  return db.transaction(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_CLASS.migrate]);
    await sql.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`);
    const { rows } = await sql.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    let count = 0;
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      // No parameters: the simple query protocol runs a file of several statements.
      await sql.query(m.sql);
      await sql.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, systemClock.now()]);
      count++;
    }
    return count;
  });
}
