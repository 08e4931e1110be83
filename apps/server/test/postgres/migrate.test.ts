/**
 * Migrations when a scaled-out deployment starts: several processes migrate the same database at
 * the same moment. Real processes (`jobs-api migrate`, the built CLI) on an empty database.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_CLASS } from '../../src/store/postgres/locks.js';
import { createPostgresStore } from '../../src/store/postgres/index.js';
import { readMigrations } from '../../src/store/postgres/migrate.js';
import { waitFor } from '../helpers.js';
import { announcePostgres, createTestDatabase, type TestDatabase } from './testDatabase.js';

const cli = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/migrate-process.mjs', import.meta.url));
const enabled = announcePostgres('PostgreSQL migration tests');

describe.skipIf(!enabled)('postgres: migrations', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase({ migrated: false });
  });
  afterEach(() => database.drop());

  const query = async <R extends pg.QueryResultRow>(sql: string) => {
    const client = new pg.Client({ connectionString: database.url, application_name: 'test inspect' });
    await client.connect();
    try {
      return (await client.query<R>(sql)).rows;
    } finally {
      await client.end();
    }
  };

  it('six processes migrating one empty database at the same instant: all succeed, each migration applied once', async () => {
    // Each process connects first and migrates on cue, so the migrations really overlap (process
    // start-up alone spreads them hundreds of milliseconds apart, which would hide a missing lock).
    const children = Array.from({ length: 6 }, () => {
      const child = spawn(process.execPath, [fixture], { env: { ...process.env, DATABASE_URL: database.url }, stdio: ['pipe', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      return { child, output: () => output, exit: once(child, 'exit') };
    });
    try {
      await waitFor(
        async () => children.filter((c) => c.output().includes('ready')).length,
        (n) => n === 6,
        60_000,
        'every process to connect',
      );
      for (const c of children) c.child.stdin.write('go\n');
      const codes = await Promise.all(children.map((c) => c.exit.then(([code]) => code)));
      children.forEach((c, i) => expect(codes[i], c.output()).toBe(0));
    } finally {
      for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
    }
    const applied = await query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(applied).toEqual(readMigrations().map((m) => ({ version: m.version, name: m.name })));
    const tables = await query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(['blobs', 'idempotency_keys', 'job_blobs', 'jobs', 'schema_migrations', 'workers']));
  }, 90_000);

  it('`jobs-api migrate` with DATABASE_URL applies the migrations, and a second run finds nothing to do', async () => {
    const migrate = async () => {
      const child = spawn(process.execPath, [cli, 'migrate'], { env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' } });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      const [code] = await once(child, 'exit');
      return { code, output };
    };
    for (const run of [await migrate(), await migrate()]) {
      expect(run.code, run.output).toBe(0);
      expect(run.output).toContain('migrations applied');
    }
    expect(await query('SELECT version FROM schema_migrations')).toHaveLength(readMigrations().length);
  }, 90_000);

  it('migrate waits for the migration lock another process holds, then finds its work done or does it', async () => {
    const holder = new pg.Client({ connectionString: database.url, application_name: 'test lock holder' });
    await holder.connect();
    const store = createPostgresStore({ url: database.url, applicationName: 'test migrator', max: 1 });
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_CLASS.migrate]);
      const migrating = store.migrate();
      // Asked on a fresh connection: inside the holder's transaction pg_stat_activity is a snapshot.
      const waiting = async () =>
        (
          await query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE datname = current_database() AND application_name = 'test migrator' AND wait_event = 'advisory'`,
          )
        )[0]!.n;
      await waitFor(waiting, (n) => n === 1, 5000, 'migrate to wait on the advisory lock');
      // Nothing was created while it waited (not even schema_migrations).
      expect((await holder.query(`SELECT to_regclass('schema_migrations') AS t`)).rows[0].t).toBeNull();
      await holder.query('COMMIT');
      await migrating;
      expect((await holder.query('SELECT count(*)::int AS n FROM schema_migrations')).rows[0].n).toBe(readMigrations().length);
    } finally {
      await store.close();
      await holder.end();
    }
  });
});
