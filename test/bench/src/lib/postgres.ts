/**
 * PostgreSQL for the peers: one fresh database per peer on the server of TEST_DATABASE_URL (same
 * server, same run), named `jobs_bench_<pid>_<label>` and dropped afterwards. Nothing else on the
 * server is touched: the only other objects this module ever drops are `jobs_bench_<pid>_*`
 * databases whose <pid> is no longer running (left by an interrupted run of this script).
 */
import pg from 'pg';
import { onCleanup } from './cleanup.js';

export interface PostgresAvailability {
  /** The server's URL (TEST_DATABASE_URL), when it answers. */
  url?: string;
  /** Why PostgreSQL rows print "not available". */
  reason?: string;
  version?: string;
}

export async function checkPostgres(): Promise<PostgresAvailability> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return { reason: 'TEST_DATABASE_URL is not set' };
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    await dropStaleDatabases(client);
    return { url, version: rows[0]?.v };
  } catch (error) {
    return { reason: `cannot reach TEST_DATABASE_URL: ${(error as Error).message}` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function dropStaleDatabases(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'jobs\\_bench\\_%'");
  for (const { datname } of rows) {
    const pid = Number(/^jobs_bench_(\d+)_/.exec(datname)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && !isRunning(pid)) {
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    }
  }
}

export interface FreshDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database for one peer; dropped (with FORCE: stray connections included) on cleanup. */
export async function freshDatabase(serverUrl: string, label: string): Promise<FreshDatabase> {
  const name = `jobs_bench_${process.pid}_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  await adminQuery(serverUrl, `CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = onCleanup(`drop database ${name}`, () => dropDatabase(serverUrl, name));
  return { name, url: url.toString(), drop };
}

/** Gives the peer's connections up to 5 s to close by themselves, then drops (FORCE ends the rest). */
async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    for (let i = 0; i < 50; i++) {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
      if (rows[0]!.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
