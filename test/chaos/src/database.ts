/**
 * The chaos run's database: a new, empty database on the TEST_DATABASE_URL server (the cluster's
 * processes migrate it themselves, all at once, as a real deployment starting up would), the side
 * tables the run records into, and the queries the figures come from.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, application_name: 'chaos admin' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface ChaosDatabase {
  url: string;
  /** A pool for the test's own queries (application_name "chaos observer"). */
  pool: pg.Pool;
  drop(): Promise<void>;
}

export async function createChaosDatabase(): Promise<ChaosDatabase> {
  const name = `jobs_api_chaos_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${quote(name)}`));
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), application_name: 'chaos observer', max: 3 });
  pool.on('error', () => undefined);
  return {
    url: url.toString(),
    pool,
    async drop() {
      await pool.end();
      // FORCE: after a failed run, processes may still hold connections for an instant.
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`));
    },
  };
}

/**
 * The side tables (created once the processes have migrated the database):
 *   chaos_executions   one row per handler run (written by the handler itself)
 *   chaos_outcomes     one row per write of a terminal status to a job, by a trigger on `jobs`:
 *                      two rows for one job would mean an outcome recorded twice.
 *   chaos_requeues     one row per lease taken back from a worker (in_progress → queued/failed as
 *                      `worker_lost`), with the worker that held it: when a lost lease was recovered.
 */
export async function createSideTables(pool: pg.Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE chaos_executions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      job_id text NOT NULL,
      pid integer NOT NULL,
      started_at bigint NOT NULL,
      finished_at bigint
    );
    CREATE INDEX chaos_executions_job ON chaos_executions (job_id, started_at);
    CREATE TABLE chaos_outcomes (
      job_id text NOT NULL,
      status text NOT NULL,
      attempt integer NOT NULL,
      response json,
      at timestamptz NOT NULL DEFAULT clock_timestamp()
    );
    CREATE FUNCTION chaos_record_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO chaos_outcomes (job_id, status, attempt, response) VALUES (NEW.id, NEW.status, NEW.attempt_count, NEW.response);
      RETURN NEW;
    END $$;
    -- Every UPDATE that writes a terminal status, even over the same status: a second completion
    -- of a completed job would show up here.
    CREATE TRIGGER chaos_outcome AFTER UPDATE OF status ON jobs FOR EACH ROW
      WHEN (NEW.status IN ('completed', 'failed', 'cancelled', 'expired'))
      EXECUTE FUNCTION chaos_record_outcome();
    CREATE TABLE chaos_requeues (
      job_id text NOT NULL,
      worker_id text NOT NULL,
      at bigint NOT NULL
    );
    CREATE FUNCTION chaos_record_requeue() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO chaos_requeues (job_id, worker_id, at)
      VALUES (NEW.id, OLD.lease_owner, (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
      RETURN NEW;
    END $$;
    CREATE TRIGGER chaos_requeue AFTER UPDATE OF status ON jobs FOR EACH ROW
      WHEN (OLD.status = 'in_progress' AND NEW.last_failure_code = 'worker_lost' AND NEW.status IN ('queued', 'failed'))
      EXECUTE FUNCTION chaos_record_requeue();
  `);
}

/** Jobs by status. */
export async function statusCounts(pool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM jobs GROUP BY status');
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Terminates every database connection of the worker processes (pool and LISTEN); answers per pid. */
export async function terminateWorkerConnections(pool: pg.Pool): Promise<Map<number, number>> {
  // The victims are chosen first (MATERIALIZED): in one WHERE, nothing would stop the planner from
  // calling pg_terminate_backend before the filters.
  const { rows } = await pool.query<{ application_name: string }>(
    `WITH victims AS MATERIALIZED (
       SELECT pid, application_name FROM pg_stat_activity
       WHERE datname = current_database() AND application_name LIKE 'jobs-api worker %')
     SELECT application_name FROM victims WHERE pg_terminate_backend(pid)`,
  );
  const perPid = new Map<number, number>();
  for (const r of rows) {
    const pid = Number(r.application_name.split(' ').at(-1));
    perPid.set(pid, (perPid.get(pid) ?? 0) + 1);
  }
  return perPid;
}
