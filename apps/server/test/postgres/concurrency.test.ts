/**
 * What only the PostgreSQL store has to get right: many processes (here: many pools, each its own
 * set of connections) claiming and inserting at once.
 */
import { describe, expect, it } from 'vitest';
import { deferred, waitFor } from '../helpers.js';
import { newJob, storesPerTest, T0 } from './storesPerTest.js';
import { announcePostgres } from './testDatabase.js';

const enabled = announcePostgres('PostgreSQL concurrency tests');

describe.skipIf(!enabled)('postgres: concurrency', () => {
  const { openStore, rawClient, backends } = storesPerTest();
  /** Backends of `applicationName` currently waiting on a lock (row or advisory). */
  const waitingOnLocks = (applicationName: string) => backends(applicationName, `wait_event_type = 'Lock'`);

  it('six pools claiming at once never claim one job twice, and together claim every job', async () => {
    const seed = openStore('seed', 4);
    const ids = new Set<string>();
    for (let batch = 0; batch < 10; batch++) {
      const jobs = Array.from({ length: 30 }, () => newJob());
      await Promise.all(jobs.map((j) => seed.insertJob(j)));
      for (const j of jobs) ids.add(j.id);
    }
    const claimers = Array.from({ length: 6 }, (_, i) => openStore(`claimer ${i}`));
    const perClaimer = await Promise.all(
      claimers.map(async (store, i) => {
        const mine: string[] = [];
        for (;;) {
          // An empty answer means every remaining job is taken or being taken (locked) by others.
          const batch = await store.claimJobs({ workerId: `w${i}`, limit: 7, now: T0, leaseMs: 30_000, orgMaxInFlight: 0 });
          if (batch.length === 0) return mine;
          mine.push(...batch.map((c) => c.jobId));
        }
      }),
    );
    const claimed = perClaimer.flat();
    expect(claimed).toHaveLength(ids.size);
    expect(new Set(claimed)).toEqual(ids);
    // Each job once: attempt 1, leased to the claimer that answered it.
    const { rows } = await seed.pool.query<{ id: string; lease_owner: string; attempt_count: number }>(
      `SELECT id, lease_owner, attempt_count FROM jobs WHERE status = 'in_progress'`,
    );
    expect(rows).toHaveLength(ids.size);
    expect(rows.every((r) => r.attempt_count === 1)).toBe(true);
    const ownerOf = new Map(rows.map((r) => [r.id, r.lease_owner]));
    perClaimer.forEach((mine, i) => mine.forEach((id) => expect(ownerOf.get(id)).toBe(`w${i}`)));
    console.log(`[postgres] 300 jobs claimed by 6 pools: ${perClaimer.map((m) => m.length).join(' / ')}`);
  });

  it('a claim skips a job another claim holds locked (SKIP LOCKED) instead of waiting for it', async () => {
    const store = openStore('claimer');
    const first = await store.insertJob(newJob());
    const second = await store.insertJob(newJob());
    // A claim in flight elsewhere: the oldest row is locked by an open transaction.
    const other = await rawClient();
    await other.query('BEGIN');
    await other.query('SELECT id FROM jobs WHERE id = $1 FOR UPDATE', [first.id]);
    const claimed = await store.claimJobs({ workerId: 'w1', limit: 2, now: T0, leaseMs: 30_000, orgMaxInFlight: 0 });
    expect(claimed.map((c) => c.jobId)).toEqual([second.id]);
    await other.query('ROLLBACK');
    expect((await store.claimJobs({ workerId: 'w1', limit: 2, now: T0, leaseMs: 30_000, orgMaxInFlight: 0 })).map((c) => c.jobId)).toEqual([first.id]);
  });

  it('the per-organization cap holds exactly across concurrent claimers', async () => {
    const seed = openStore('seed', 4);
    await Promise.all([
      ...Array.from({ length: 60 }, () => seed.insertJob(newJob())),
      ...Array.from({ length: 20 }, () => seed.insertJob(newJob({ organizationId: 'org_b' }))),
    ]);
    const claimers = Array.from({ length: 5 }, (_, i) => openStore(`claimer ${i}`));
    // Every claimer sees room for 8 at once; only the lock-then-count keeps the total at 10 per organization.
    await Promise.all(
      claimers.map(async (store, i) => {
        for (let round = 0; round < 4; round++) {
          await store.claimJobs({ workerId: `w${i}`, limit: 8, now: T0, leaseMs: 30_000, orgMaxInFlight: 10 });
        }
      }),
    );
    const { rows } = await seed.pool.query<{ organization_id: string; n: number }>(
      `SELECT organization_id, count(*) AS n FROM jobs WHERE status = 'in_progress' GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { organization_id: 'org_a', n: 10 },
      { organization_id: 'org_b', n: 10 },
    ]);
  });

  it('order=asc pages never show a job before an earlier-numbered one that is still committing', async () => {
    const slow = openStore('slow inserter');
    const fast = openStore('fast inserter');
    const reader = openStore('reader');
    // Make insert A stall after it took its seq: its idempotency-key update waits on a row lock.
    await slow.claimIdempotencyKey({ organizationId: 'org_a', key: 'k', requestHash: 'h', now: T0, staleAfterMs: 60_000, ttlMs: 3600_000 });
    const blocker = await rawClient();
    await blocker.query('BEGIN');
    await blocker.query(`SELECT 1 FROM idempotency_keys WHERE key = 'k' FOR UPDATE`);
    const jobA = newJob();
    const insertA = slow.insertJob(jobA, 'k');
    await waitFor(
      () => waitingOnLocks('test slow inserter'),
      (n) => n === 1,
      5000,
      'insert A to stall on the row lock',
    );

    // Insert B (same organization) starts after A took its seq. Without the organization lock it
    // would commit now, and a page read now would show B; a cursor after B would then skip A forever.
    const jobB = newJob();
    const bDone = deferred<void>();
    const insertB = fast.insertJob(jobB).finally(() => bDone.resolve());
    let bSettled = false;
    void bDone.promise.then(() => (bSettled = true));
    await waitFor(
      async () => bSettled || (await waitingOnLocks('test fast inserter')) === 1,
      (done) => done,
      5000,
      'insert B to commit or wait',
    );
    expect(bSettled).toBe(false);
    expect((await reader.listJobs('org_a', { limit: 10, order: 'asc' })).jobs).toEqual([]);

    await blocker.query('COMMIT');
    await Promise.all([insertA, insertB]);
    const page = await reader.listJobs('org_a', { limit: 10, order: 'asc' });
    expect(page.jobs.map((j) => j.id)).toEqual([jobA.id, jobB.id]);
  });

  it('a reader tailing order=asc pages while four pools insert sees every job once, in order', async () => {
    const inserters = Array.from({ length: 4 }, (_, i) => openStore(`inserter ${i}`));
    const reader = openStore('reader');
    let inserting = true;
    const inserted: string[] = [];
    const writes = Promise.all(
      inserters.map(async (store) => {
        for (let i = 0; i < 50; i++) inserted.push((await store.insertJob(newJob())).id);
      }),
    ).finally(() => (inserting = false));
    const seen: string[] = [];
    let cursor: string | undefined;
    // Tail until the writers are done and a page comes back empty.
    for (;;) {
      const wasInserting = inserting;
      const page = await reader.listJobs('org_a', { limit: 7, order: 'asc', after: cursor });
      seen.push(...page.jobs.map((j) => j.id));
      cursor = seen.at(-1) ?? cursor;
      if (!wasInserting && page.jobs.length === 0) break;
    }
    await writes;
    expect(seen).toHaveLength(200);
    expect(new Set(seen)).toEqual(new Set(inserted));
  });
});
