/**
 * The PostgreSQL connection pool and the two ways the store's queries use it: one statement, or one
 * transaction on one pooled connection. Both survive a lost connection (a restarted server, a
 * `pg_terminate_backend`, a network cut): the broken client is destroyed, not returned to the pool,
 * and the operation runs again on a fresh connection when that cannot duplicate work:
 *   - a failure to *get* a connection is always retried (nothing was sent);
 *   - a failure while the statement ran is retried only for operations marked idempotent. Every
 *     worker write is fenced by its lease (re-running a committed one matches no row), inserts are
 *     keyed by the job id, reads are reads. Client-driven transitions whose second run would answer
 *     differently (retryJob, claimIdempotencyKey) are not retried: the client sees a 500 and retries
 *     itself (with its Idempotency-Key for creates).
 */
import pg from 'pg';
import type { PageReader } from '../pagination.js';

/** What a query module needs: a pool, a pooled client, or a client inside a transaction. */
export interface Sql {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface RunOptions {
  /** Safe to run again after the connection died mid-statement (default true; see the module comment). */
  idempotent?: boolean;
}

/** The pool plus the retrying helpers every store method goes through. */
export interface PgDatabase {
  readonly pool: pg.Pool;
  /** One statement in its own (implicit) transaction. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[], options?: RunOptions): Promise<pg.QueryResult<R>>;
  /**
   * `fn` inside BEGIN … COMMIT on one connection (rolled back if it throws). `retried` is true when
   * an earlier run was cut by a lost connection and may have committed (fenced writes use it to tell
   * "already recorded by my lost try" from "someone else's write").
   */
  transaction<T>(fn: (sql: Sql, retried: boolean) => Promise<T>, options?: RunOptions): Promise<T>;
}

export interface PgPoolOptions {
  url: string;
  /** Shown in pg_stat_activity (operators, and the tests that terminate one process's connections). */
  applicationName?: string;
  /** Connections per process (DATABASE_POOL_MAX). */
  max?: number;
  /** An idle pooled connection failed (the pool already dropped it); for logging. */
  onError?: (error: Error) => void;
}

const INT8_OID = 20;

/**
 * bigint columns (seq, ms and s timestamps, counts) as JS numbers rather than pg's default strings:
 * every value stored here is far below 2^53 (ms timestamps are ~1.8e12).
 */
export const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** Connection settings shared by the pool and the LISTEN connection. */
export function clientConfig(options: PgPoolOptions): pg.ClientConfig {
  return {
    connectionString: options.url,
    application_name: options.applicationName,
    types: pgTypes,
    // A connection whose peer vanished without a FIN (a network cut) is noticed by TCP keepalive
    // instead of hanging until the OS gives up; a refused/unreachable server fails fast.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    connectionTimeoutMillis: 10_000,
  };
}

export function createPool(options: PgPoolOptions): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(options), max: options.max ?? 10, idleTimeoutMillis: 30_000 });
  // An idle client whose connection is terminated emits 'error' through the pool; without a
  // listener that would crash the process. The pool has already removed the client.
  pool.on('error', (error) => options.onError?.(error));
  // pg-pool takes its own 'error' listener off a new client as it hands it out, in the same turn
  // as the connection's first ReadyForQuery. A FATAL read from that same TCP chunk (the connection
  // cut as it opened: pg_terminate_backend, a restart) was an 'error' event with no listener, and
  // the process died (the chaos test's worker, once). This listener lives as long as the client;
  // the error still reaches the caller, whose query then fails as "not queryable" (a connection
  // error: `run` destroys the client and tries again).
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

// SQLSTATEs and socket errors that mean "the connection is gone", not "the statement is wrong".
const CONNECTION_LOST = new Set([
  '57P01', // admin_shutdown (pg_terminate_backend, a fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (the server is starting up)
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '08007',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTCONN',
]);
const CONNECTION_LOST_MESSAGE = /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect/i;
/** A deadlock victim is rolled back whole; running it again is safe for idempotent operations. */
const DEADLOCK_DETECTED = '40P01';

export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && CONNECTION_LOST.has(e.code)) return true;
  return typeof e?.message === 'string' && CONNECTION_LOST_MESSAGE.test(e.message);
}

/**
 * Pauses between runs of one operation. ~1.9 s in all: long enough to ride out a terminated
 * connection or a quick server restart, short enough that a request or a worker loop fails visibly
 * (and retries on its own schedule) when the database is really down.
 */
const RETRY_DELAYS_MS = [25, 100, 250, 500, 1000];

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createDatabase(pool: pg.Pool): PgDatabase {
  async function run<T>(fn: (client: pg.PoolClient, retried: boolean) => Promise<T>, idempotent: boolean): Promise<T> {
    let cutMidStatement = false;
    for (let attempt = 0; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        if (attempt < RETRY_DELAYS_MS.length && isConnectionError(error)) {
          await pause(RETRY_DELAYS_MS[attempt]!);
          continue;
        }
        throw error;
      }
      // While checked out, a client has no 'error' listener of the pool's: a connection that dies
      // now (its socket closing after the FATAL message) would be an uncaught 'error' event and
      // crash the process. Listen for it, and destroy such a client rather than return it.
      let broken: Error | undefined;
      const onError = (error: Error) => (broken ??= error);
      client.on('error', onError);
      const release = (error?: Error) => {
        client.release(error ?? broken);
        client.removeListener('error', onError);
      };
      try {
        const result = await fn(client, cutMidStatement);
        release();
        return result;
      } catch (error) {
        const lost = isConnectionError(error) || broken !== undefined;
        // A broken client must be destroyed: returned to the pool it would fail the next caller.
        release(lost ? (error as Error) : undefined);
        const again = lost || (error as { code?: string }).code === DEADLOCK_DETECTED;
        if (again && idempotent && attempt < RETRY_DELAYS_MS.length) {
          cutMidStatement ||= lost;
          await pause(RETRY_DELAYS_MS[attempt]!);
          continue;
        }
        throw error;
      }
    }
  }

  return {
    pool,
    query: (text, values, options = {}) => run((client) => client.query(text, values), options.idempotent ?? true),
    transaction: (fn, options = {}) =>
      run(async (client, retried) => {
        await client.query('BEGIN');
        try {
          const result = await fn(client, retried);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          // If ROLLBACK fails too, the connection is gone: report the original error, which `run`
          // classifies (a lost connection also surfaces as the original error's code or message).
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }, options.idempotent ?? true),
  };
}

// Every column of a job read but the two heavy JSON payloads (rows.ts converts them).
const JOB_COLUMNS = [
  'seq',
  'id',
  'organization_id',
  'status',
  'endpoint',
  'model',
  'filenames',
  'error',
  'warnings',
  'metadata',
  'created_at',
  'started_at',
  'completed_at',
  'expires_at',
  'cancelled',
  'attempt_count',
  'max_attempts',
  'last_attempt_at',
  'last_failure_code',
  'cloud_task_name',
  'run_at',
  'lease_owner',
  'lease_expires_at',
  'payload_purged_at',
];

/** The column list of a job read, qualified by `table`; request/response only when asked for. */
export function jobColumns(include: { request?: boolean; response?: boolean } = {}, table = 'jobs'): string {
  return [
    ...JOB_COLUMNS.map((c) => `${table}.${c}`),
    include.request ? `${table}.request, ${table}.request_blobs` : 'NULL AS request',
    include.response ? `${table}.response` : 'NULL AS response',
  ].join(', ');
}

/** PostgreSQL text cannot hold NUL; filter columns (model, file names) drop it rather than fail the insert. */
export function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}

/** How the shared keyset pagination (store/pagination.ts) reads rows here. */
export function pgPageReader(db: PgDatabase): PageReader {
  return { placeholder: (n) => `$${n}`, all: async <R>(sql: string, params: unknown[]) => (await db.query(sql, params)).rows as R[] };
}
