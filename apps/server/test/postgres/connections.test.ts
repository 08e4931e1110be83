/**
 * LISTEN/NOTIFY wake-ups and lost connections: what a scaled-out deployment lives through when the
 * database restarts, fails over, or an operator runs pg_terminate_backend.
 */
import { describe, expect, it } from 'vitest';
import type { JobStoreWatchHandlers } from '../../src/interfaces.js';
import { createDatabase, type PgDatabase } from '../../src/store/postgres/db.js';
import { createPostgresStore, type PostgresStore } from '../../src/store/postgres/index.js';
import { completeJob } from '../../src/store/postgres/queries/recordOutcome.js';
import { waitFor } from '../helpers.js';
import { newJob, storesPerTest, T0 } from './storesPerTest.js';
import { announcePostgres } from './testDatabase.js';

const enabled = announcePostgres('PostgreSQL connection tests');

const claim = (store: PostgresStore, workerId = 'w1') => store.claimJobs({ workerId, limit: 10, now: T0, leaseMs: 30_000, orgMaxInFlight: 0 });

/** Records what a watch hears. */
function recorder() {
  const heard = { queued: 0, cancelled: [] as string[], queuedAt: [] as number[] };
  const handlers: JobStoreWatchHandlers = {
    queued: () => {
      heard.queued++;
      heard.queuedAt.push(performance.now());
    },
    cancelled: (id) => heard.cancelled.push(id),
  };
  return { heard, handlers };
}

describe.skipIf(!enabled)('postgres: notifications and lost connections', () => {
  const { database, stores, openStore, rawClient, backends } = storesPerTest();
  /** Terminates every connection of `applicationName` (pool and LISTEN alike); answers how many. */
  const terminate = async (applicationName: string) =>
    (
      await stores[0]!.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [
        applicationName,
      ])
    ).rowCount ?? 0;

  it('a watch hears, within milliseconds, jobs queued and cancelled by another process', async () => {
    const admin = openStore('admin');
    const api = openStore('api');
    const worker = openStore('worker');
    const { heard, handlers } = recorder();
    await worker.watch(handlers);

    const insertedAt = performance.now();
    const job = await api.insertJob(newJob());
    // Deadlines here are generous (a loaded CI machine); the latency is printed, not asserted.
    await waitFor(
      async () => heard.queued,
      (n) => n === 1,
      5000,
      'the queued notification',
    );
    const latencyMs = heard.queuedAt[0]! - insertedAt;

    await api.cancelJob('org_a', job.id, T0);
    await waitFor(
      async () => heard.cancelled,
      (ids) => ids.length === 1,
      5000,
      'the cancelled notification',
    );
    expect(heard.cancelled).toEqual([job.id]);

    // A retry queues again; a validating insert does not (nothing to claim yet).
    await api.retryJob('org_a', job.id, T0, { maxAttempts: 3, ttlMs: 3600_000 });
    await waitFor(
      async () => heard.queued,
      (n) => n === 2,
      5000,
      'the retry notification',
    );
    await api.insertJob(newJob({ status: 'validating' }));
    await api.insertJob(newJob());
    await waitFor(
      async () => heard.queued,
      (n) => n >= 3,
      5000,
      'the next queued notification',
    );
    expect(heard.queued).toBe(3);
    expect(await backends('test worker', `query ILIKE 'LISTEN%'`)).toBe(1);
    void admin;
    console.log(`[postgres] NOTIFY wake-up latency: ${latencyMs.toFixed(1)} ms from insert to the other process's handler`);
  });

  it('the LISTEN connection comes back after pg_terminate_backend, catches up once, and hears again', async () => {
    openStore('admin');
    const api = openStore('api');
    const worker = openStore('worker');
    const { heard, handlers } = recorder();
    await worker.watch(handlers);
    expect(await terminate('test worker')).toBeGreaterThanOrEqual(1);
    // Anything queued while it was deaf is covered by one catch-up `queued` after reconnecting.
    await waitFor(
      async () => heard.queued,
      (n) => n === 1,
      5000,
      'the catch-up after reconnecting',
    );
    await api.insertJob(newJob());
    await waitFor(
      async () => heard.queued,
      (n) => n === 2,
      5000,
      'a notification on the new connection',
    );
    expect(await backends('test worker', `query ILIKE 'LISTEN%'`)).toBe(1);
  });

  it('pooled connections terminated while idle are replaced: the next queries just work', async () => {
    openStore('admin');
    const store = openStore('victim');
    await Promise.all([store.ping(), store.ping(), store.insertJob(newJob())]);
    expect(await terminate('test victim')).toBeGreaterThanOrEqual(1);
    await store.ping();
    expect(await store.queueDepth(T0)).toBe(1);
  });

  it('a fenced write cut by pg_terminate_backend mid-statement is run again, once', async () => {
    openStore('admin');
    const store = openStore('worker');
    const job = await store.insertJob(newJob());
    const [lease] = await claim(store);
    // Hold the job's row so the completion is in flight (waiting on the lock) when its connection dies.
    const holder = await rawClient();
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM jobs WHERE id = $1 FOR UPDATE', [job.id]);
    const completion = store.completeJob(lease!, { status_code: 200, body: { ok: true } }, T0 + 1000);
    await waitFor(
      () => backends('test worker', `wait_event_type = 'Lock'`),
      (n) => n === 1,
      5000,
      'the completion to wait on the row',
    );
    expect(await terminate('test worker')).toBeGreaterThanOrEqual(1);
    await holder.query('COMMIT');
    expect(await completion).toBe(true);
    expect(await store.getJob('org_a', job.id, { response: true })).toMatchObject({ status: 'completed', response: { status_code: 200, body: { ok: true } } });
    // Recorded once: the same lease cannot complete it again.
    expect(await store.completeJob(lease!, { status_code: 200, body: { again: true } }, T0 + 2000)).toBe(false);
  });

  it('after a lost connection, a fence refusal is told apart from "already recorded by the lost run"', async () => {
    const store = openStore('worker');
    await store.insertJob(newJob());
    const [lease] = await claim(store);
    expect(await store.completeJob(lease!, { status_code: 200, body: {} }, T0)).toBe(true);
    // Replays the write as the retry after a lost connection does (`retried` = true).
    const db = createDatabase(store.pool);
    const asRetry: PgDatabase = { ...db, transaction: (fn, options) => db.transaction((sql) => fn(sql, true), options) };
    expect(await completeJob(asRetry, lease!, { status_code: 200, body: {} }, T0)).toBe(true);
    expect(await completeJob(asRetry, { ...lease!, attempt: lease!.attempt + 1 }, { status_code: 200, body: {} }, T0)).toBe(false);
    expect(await completeJob(db, lease!, { status_code: 200, body: {} }, T0)).toBe(false);
  });

  it('close() ends the watches too, so nothing is left connected', async () => {
    const store = createPostgresStore({ url: database().url, applicationName: 'test closing' });
    await store.watch(recorder().handlers);
    await store.ping();
    await store.close();
    // database.drop() in afterEach fails the test if the LISTEN connection were still open.
  });
});
