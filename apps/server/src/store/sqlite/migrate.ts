/**
 * Numbered SQL migrations (`NNN_name.sql`), applied in order, each once, recorded in
 * `schema_migrations`. Landed migrations are never edited: a change is a new file.
 */
import { fileURLToPath } from 'node:url';
import { readMigrationsFrom, type Migration } from '../migrations.js';
import type { SqliteDatabase } from './db.js';
import { systemClock } from '../../clock.js';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

/** This engine's migrations, in version order. */
export function readMigrations(dir = migrationsDir): Migration[] {
  return readMigrationsFrom(dir);
}

/**
 * Applies pending migrations. The whole run is one IMMEDIATE transaction, so when several processes
 * start on the same file at once one applies them and the others wait, then find nothing to do.
 */
export function migrate(db: SqliteDatabase, migrations = readMigrations()): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const apply = db.transaction(() => {
    const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    let count = 0;
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, systemClock.now());
      count++;
    }
    return count;
  });
  return apply.immediate();
}
