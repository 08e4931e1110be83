/**
 * Opening the SQLite database and caching prepared statements.
 */
import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import type { PageReader } from '../pagination.js';

export type SqliteDatabase = Database.Database;

/**
 * Opens (creating) the database file. WAL lets readers run while a writer commits and lets several
 * processes share the file; `busy_timeout` makes a writer wait for the lock instead of failing
 * with SQLITE_BUSY when another process holds it (claims are short, so 5 s is ample).
 */
export function openDatabase(file: string): SqliteDatabase {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  // NORMAL is durable across process crashes in WAL mode (an OS crash may lose the last commits).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Calls `fn` (synchronous: better-sqlite3) and answers its result as a promise, a thrown error as
 * a rejection: the SQLite stores implement the same async interfaces as the PostgreSQL ones, and
 * their errors must surface the same way.
 */
export function asPromise<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}

const cache = new WeakMap<SqliteDatabase, Map<string, Statement>>();

/** A prepared statement for `sql`, prepared once per database. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the same constraint as better-sqlite3's own Statement<BindParameters>
export function statement<BindParameters extends unknown[] | {} = unknown[], Result = unknown>(
  db: SqliteDatabase,
  sql: string,
): Statement<BindParameters, Result> {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  let prepared = statements.get(sql);
  if (!prepared) statements.set(sql, (prepared = db.prepare(sql)));
  return prepared as unknown as Statement<BindParameters, Result>;
}

/** `(?, ?, ?)` for an IN list of `n` values. */
/**
 * A SQL list of status literals, `('a', 'b')`, for statements built once from the constants of the
 * transition table (the values are the spec's enum, never user input; checked anyway).
 */
export function statusList(statuses: readonly string[]): string {
  for (const s of statuses) if (!/^[a-z_]+$/.test(s)) throw new Error(`not a status: ${s}`);
  return `(${statuses.map((s) => `'${s}'`).join(', ')})`;
}

export function placeholders(n: number): string {
  return `(${new Array(n).fill('?').join(', ')})`;
}

/** The column list of a job read; the heavy JSON payloads only when asked for. */
export function jobColumns(include: { request?: boolean; response?: boolean } = {}): string {
  return [
    'seq, id, organization_id, status, endpoint, model, filenames, error, warnings, metadata',
    'created_at, started_at, completed_at, expires_at, cancelled, attempt_count, max_attempts',
    'last_attempt_at, last_failure_code, cloud_task_name, run_at, lease_owner, lease_expires_at, payload_purged_at',
    include.request ? 'request, request_blobs' : 'NULL AS request',
    include.response ? 'response' : 'NULL AS response',
  ].join(', ');
}

/** How the shared keyset pagination (store/pagination.ts) reads rows here. */
export function sqlitePageReader(db: SqliteDatabase): PageReader {
  return { placeholder: () => '?', all: <R>(sql: string, params: unknown[]) => statement<unknown[], R>(db, sql).all(...params) };
}
