/**
 * Node's built-in `node:sqlite` (DatabaseSync) behind the part of better-sqlite3's API the SQLite
 * store calls: `prepare` → `get`/`all`/`run`, `transaction(fn)` with `.immediate()`, `exec`,
 * `pragma`, `open`, `close`. With it the store's own query functions (apps/server/src/store/sqlite)
 * run unchanged on either driver, so the comparison measures the drivers on the store's real SQL.
 *
 * What node:sqlite lacks and this adds: a transaction helper (better-sqlite3's `db.transaction`:
 * BEGIN [IMMEDIATE] … COMMIT, ROLLBACK on a throw, a SAVEPOINT when nested) and `pragma()`.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';

type Params = Parameters<StatementSync['all']>;

export interface StatementLike {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
}

type Transaction<F extends (...args: never[]) => unknown> = F & { deferred: F; immediate: F; exclusive: F };

export interface BetterSqliteLike {
  readonly open: boolean;
  prepare(sql: string): StatementLike;
  exec(sql: string): void;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F>;
  close(): void;
}

/**
 * Opens `file` with node:sqlite, set up as the store's openDatabase sets up better-sqlite3: WAL,
 * a 5 s busy timeout (here the constructor's `timeout`), synchronous NORMAL, foreign keys on.
 * better-sqlite3 is also compiled with a 16 MB page cache (SQLITE_DEFAULT_CACHE_SIZE=-16000) where
 * Node's SQLite keeps SQLite's 2 MB: without the same cache_size here, node:sqlite took 11× as
 * long on the list's metadata case and 2.7× as long to seed 100,000 rows (4 Dec 2026).
 */
export function openNodeSqlite(file: string): BetterSqliteLike {
  const db = new DatabaseSync(file, { timeout: 5000, enableForeignKeyConstraints: true });
  const adapter = asBetterSqlite(db);
  adapter.pragma('journal_mode = WAL');
  adapter.pragma('synchronous = NORMAL');
  adapter.pragma('cache_size = -16000');
  return adapter;
}

export function asBetterSqlite(db: DatabaseSync): BetterSqliteLike {
  let depth = 0;
  let savepoints = 0;

  const wrap = <F extends (...args: never[]) => unknown>(fn: F, begin: string): F =>
    ((...args: Parameters<F>) => {
      const nested = depth > 0;
      const savepoint = `bench_sp_${++savepoints}`;
      db.exec(nested ? `SAVEPOINT ${savepoint}` : begin);
      depth++;
      try {
        const result = fn(...args);
        db.exec(nested ? `RELEASE ${savepoint}` : 'COMMIT');
        return result;
      } catch (error) {
        if (nested) db.exec(`ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
        else if (db.isTransaction) db.exec('ROLLBACK');
        throw error;
      } finally {
        depth--;
      }
    }) as F;

  return {
    get open() {
      return db.isOpen;
    },
    prepare(sql) {
      const statement = db.prepare(sql);
      return {
        get: (...params) => statement.get(...(params as Params)),
        all: (...params) => statement.all(...(params as Params)),
        run: (...params) => statement.run(...(params as Params)),
      };
    },
    exec: (sql) => db.exec(sql),
    pragma(source, options = {}) {
      const rows = db.prepare(`PRAGMA ${source}`).all() as Record<string, unknown>[];
      return options.simple ? (rows[0] ? Object.values(rows[0])[0] : undefined) : rows;
    },
    transaction(fn) {
      const deferred = wrap(fn, 'BEGIN');
      return Object.assign(deferred, {
        deferred,
        immediate: wrap(fn, 'BEGIN IMMEDIATE'),
        exclusive: wrap(fn, 'BEGIN EXCLUSIVE'),
      });
    },
    close: () => db.close(),
  };
}
