/**
 * Reading an engine's numbered SQL migrations (`NNN_name.sql` in its `migrations/` folder, copied to
 * dist by scripts/copy-migrations.mjs). Each engine applies them its own way (sqlite/migrate.ts,
 * postgres/migrate.ts). Landed migrations are never edited: a change is a new file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations in `dir`, in version order. */
export function readMigrationsFrom(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}
