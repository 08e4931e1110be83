/**
 * One suite, run unchanged against every store engine (STYLE rule 5: every store method has a test
 * here). Times are driven explicitly through `now` arguments.
 */
import type { JobStatus } from '@jobs-api/api-types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REQUEST_BLOBS, type JobStore, type PageQuery, type StoredJob } from '../../src/interfaces.js';
import { readPage, type PageReader } from '../../src/store/pagination.js';
import { announcePostgres } from '../postgres/testDatabase.js';
import { storeEngines } from './engines.js';
import { HOUR, newJob, T0 } from './fixtures.js';

const claimArgs = (workerId = 'w1', now = T0, limit = 10, orgMaxInFlight = 0) => ({ workerId, limit, now, leaseMs: 30_000, orgMaxInFlight });

// Without TEST_DATABASE_URL: a visible skipped block, "PostgreSQL store suite skipped: …".
announcePostgres('PostgreSQL store suite');

describe.each(storeEngines)('store: $name', (engine) => {
  let store: JobStore;
  let pageReader: PageReader;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ store, pageReader, dispose } = await engine.create());
  });
  afterEach(() => dispose());

  const status = async (id: string, org = 'org_a'): Promise<JobStatus | undefined> => (await store.getJob(org, id))?.status;

  it('migrate is idempotent and ping answers', async () => {
    await store.migrate();
    await store.ping();
  });

  it('insertJob / getJob: scoped by organization, payloads only when asked for', async () => {
    const job = newJob();
    const inserted = await store.insertJob(job);
    expect(inserted).toMatchObject({ id: job.id, status: 'queued', attempt_count: 0, metadata: { k: 'v' }, created_at: T0 / 1000 });
    expect((await store.getJob('org_a', job.id))!.request).toBeNull();
    expect((await store.getJob('org_a', job.id, { request: true }))!.request).toEqual(job.request);
    expect(await store.getJob('org_b', job.id)).toBeUndefined();
    expect(await store.jobSequence('org_a', job.id)).toBeDefined();
    expect(await store.jobSequence('org_b', job.id)).toBeUndefined();
  });

  it('insertJob / getJob / listJobs: the positions of blob refs travel with the request, never into an answer', async () => {
    const ref = `jobs-blob:sha256:${'a'.repeat(64)}#data%3Atext%2Fplain%3Bbase64`;
    const job = newJob({ request: { document: { filename: 'a.txt', url: ref } }, blobHashes: ['a'.repeat(64)], blobPaths: ['/document/url'] });
    await store.insertJob(job);
    const read = (await store.getJob('org_a', job.id, { request: true }))!;
    expect(read[REQUEST_BLOBS]).toEqual({ paths: ['/document/url'] });
    expect(JSON.parse(JSON.stringify(read))).not.toHaveProperty('request_blobs');
    const listed = (await store.listJobs('org_a', { limit: 10, order: 'desc', request: true })).jobs[0]!;
    expect((listed as StoredJob)[REQUEST_BLOBS]).toEqual({ paths: ['/document/url'] });
    expect((await store.getJob('org_a', job.id))![REQUEST_BLOBS]).toBeUndefined();
    const plain = newJob();
    await store.insertJob(plain);
    expect((await store.getJob('org_a', plain.id, { request: true }))![REQUEST_BLOBS]).toBeNull();
  });

  it('claimIdempotencyKey: claimed, in use, replay, mismatch, stale takeover; release forgets it', async () => {
    const args = { organizationId: 'org_a', key: 'k1', requestHash: 'h1', now: T0, staleAfterMs: 60_000, ttlMs: 24 * HOUR };
    expect(await store.claimIdempotencyKey(args)).toEqual({ kind: 'claimed' });
    expect(await store.claimIdempotencyKey(args)).toEqual({ kind: 'in_use' });
    expect(await store.claimIdempotencyKey({ ...args, requestHash: 'h2' })).toEqual({ kind: 'mismatch' });
    expect(await store.claimIdempotencyKey({ ...args, organizationId: 'org_b' })).toEqual({ kind: 'claimed' });
    // A claim that never got its job (a crashed create) is taken over after staleAfterMs.
    expect(await store.claimIdempotencyKey({ ...args, now: T0 + 61_000 })).toEqual({ kind: 'claimed' });
    const job = newJob();
    await store.insertJob(job, 'k1');
    expect(await store.claimIdempotencyKey({ ...args, now: T0 + 62_000 })).toEqual({ kind: 'replay', jobId: job.id });
    // After its TTL the key is free again.
    expect(await store.claimIdempotencyKey({ ...args, requestHash: 'h3', now: T0 + 25 * HOUR })).toEqual({ kind: 'claimed' });
    await store.claimIdempotencyKey({ ...args, key: 'k2' });
    await store.releaseIdempotencyKey('org_a', 'k2');
    expect(await store.claimIdempotencyKey({ ...args, key: 'k2', requestHash: 'other' })).toEqual({ kind: 'claimed' });
  });

  it('claimKeyAndInsertJob: one commit for a fresh key; a taken key answers its claim outcome and stores nothing', async () => {
    const args = { organizationId: 'org_a', key: 'k1', requestHash: 'h1', now: T0, staleAfterMs: 60_000, ttlMs: 24 * HOUR };
    const first = newJob();
    const inserted = await store.claimKeyAndInsertJob(first, args);
    expect(inserted).toMatchObject({ kind: 'inserted', job: { id: first.id, status: 'queued' } });
    expect(await store.claimIdempotencyKey(args)).toEqual({ kind: 'replay', jobId: first.id });

    const refused = async (claim: typeof args, want: unknown) => {
      const job = newJob();
      expect(await store.claimKeyAndInsertJob(job, claim)).toEqual(want);
      expect(await store.getJob(claim.organizationId, job.id)).toBeUndefined();
    };
    await refused(args, { kind: 'replay', jobId: first.id });
    await refused({ ...args, requestHash: 'h2' }, { kind: 'mismatch' });
    await store.claimIdempotencyKey({ ...args, key: 'k2' });
    await refused({ ...args, key: 'k2' }, { kind: 'in_use' });

    // An existing key that is free again (a stale claim, an expired key) is taken by the two-step way.
    const stale = newJob();
    expect(await store.claimKeyAndInsertJob(stale, { ...args, key: 'k2', now: T0 + 61_000 })).toMatchObject({ kind: 'inserted', job: { id: stale.id } });
    expect(await store.claimIdempotencyKey({ ...args, key: 'k2', now: T0 + 62_000 })).toEqual({ kind: 'replay', jobId: stale.id });
    const later = newJob();
    expect(await store.claimKeyAndInsertJob(later, { ...args, requestHash: 'h3', now: T0 + 25 * HOUR })).toMatchObject({ kind: 'inserted' });
    expect(await store.claimIdempotencyKey({ ...args, requestHash: 'h3', now: T0 + 25 * HOUR })).toEqual({ kind: 'replay', jobId: later.id });
    // Keys belong to an organization.
    const other = newJob({ organizationId: 'org_b' });
    expect(await store.claimKeyAndInsertJob(other, { ...args, organizationId: 'org_b' })).toMatchObject({ kind: 'inserted', job: { id: other.id } });
  });

  it('listJobs pages by insertion order with filters', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await store.insertJob(newJob({ metadata: { i: String(i % 2) } }))).id);
    await store.insertJob(newJob({ organizationId: 'org_b' }));
    const page = await store.listJobs('org_a', { limit: 2, order: 'desc' });
    expect(page.jobs.map((j) => j.id)).toEqual([ids[4], ids[3]]);
    expect(page.hasMore).toBe(true);
    const next = await store.listJobs('org_a', { limit: 10, order: 'desc', after: ids[3] });
    expect(next.jobs.map((j) => j.id)).toEqual([ids[2], ids[1], ids[0]]);
    const odd = await store.listJobs('org_a', { limit: 10, order: 'asc', metadata: { i: '1' } });
    expect(odd.jobs.map((j) => j.id)).toEqual([ids[1], ids[3]]);
  });

  // Every list (jobs, templates, projects, documents, events, webhooks) pages through store/pagination.ts:
  // its keyset step, the limit+1 read and the cursor decoding, checked here once on each engine.
  // Cursors and rows are indexes of the five rows inserted, oldest first.
  type PageCase = [name: string, given: Omit<PageQuery, 'after' | 'before'> & { after?: number; before?: number }, want: { data: number[]; hasMore: boolean }];
  const PAGES: PageCase[] = [
    ['desc, first page', { limit: 2, order: 'desc' }, { data: [4, 3], hasMore: true }],
    ['desc, after', { limit: 2, order: 'desc', after: 3 }, { data: [2, 1], hasMore: true }],
    ['desc, after, last page', { limit: 2, order: 'desc', after: 1 }, { data: [0], hasMore: false }],
    ['desc, before', { limit: 2, order: 'desc', before: 1 }, { data: [3, 2], hasMore: true }],
    ['desc, before, first rows', { limit: 2, order: 'desc', before: 3 }, { data: [4], hasMore: false }],
    ['asc, first page', { limit: 2, order: 'asc' }, { data: [0, 1], hasMore: true }],
    ['asc, after, exactly the limit left', { limit: 2, order: 'asc', after: 2 }, { data: [3, 4], hasMore: false }],
    ['asc, before', { limit: 2, order: 'asc', before: 2 }, { data: [0, 1], hasMore: false }],
    ['asc, everything', { limit: 100, order: 'asc' }, { data: [0, 1, 2, 3, 4], hasMore: false }],
  ];

  it('keyset pagination: both orders, both cursors, has_more from one extra row, cursors only within the scope', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await store.insertJob(newJob())).id);
    const foreign = await store.insertJob(newJob({ organizationId: 'org_b' }));
    const jobIds = { source: { columns: 'id', table: 'jobs', scope: [['organization_id', 'org_a']] as const }, convert: (row: { id: string }) => row.id };
    const cursor = (i: number | undefined) => (i === undefined ? undefined : ids[i]);
    for (const [name, given, want] of PAGES) {
      const query = { ...given, after: cursor(given.after), before: cursor(given.before) };
      const page = await readPage(pageReader, jobIds, query);
      expect(page, name).toEqual({ data: want.data.map((i) => ids[i]), hasMore: want.hasMore });
    }
    expect(await readPage(pageReader, jobIds, { limit: 2, order: 'desc', after: foreign.id })).toBeUndefined();
    expect(await readPage(pageReader, jobIds, { limit: 2, order: 'desc', before: 'job_unknown' })).toBeUndefined();
  });

  it('countActiveJobs and queueDepth', async () => {
    await store.insertJob(newJob());
    await store.insertJob(newJob({ createdAt: T0 + 10_000 }));
    await store.insertJob(newJob({ organizationId: 'org_b' }));
    expect(await store.countActiveJobs('org_a')).toBe(2);
    expect(await store.queueDepth(T0)).toBe(2);
    expect(await store.queueDepth(T0 + 10_000)).toBe(3);
  });

  it('claimJobs: oldest first, respects run_at, limit, expiry and the per-organization cap', async () => {
    const a1 = await store.insertJob(newJob());
    const later = await store.insertJob(newJob({ createdAt: T0 + 5000 }));
    const a2 = await store.insertJob(newJob());
    const b1 = await store.insertJob(newJob({ organizationId: 'org_b' }));
    await store.insertJob(newJob({ expiresAt: T0 - 1 }));
    const claimed = await store.claimJobs(claimArgs('w1', T0, 10, 1));
    // org_a is capped at one running job: a1 (oldest); b1 too; `later` is not due; the expired one is never claimed.
    expect(claimed.map((c) => c.jobId).sort()).toEqual([a1.id, b1.id].sort());
    const c = claimed.find((x) => x.jobId === a1.id)!;
    expect(c).toMatchObject({ workerId: 'w1', attempt: 1, organizationId: 'org_a', endpoint: '/v1/documents/parse', maxAttempts: 3 });
    expect(c.request).toEqual(newJob().request);
    const job = await store.getJob('org_a', a1.id);
    expect(job).toMatchObject({ status: 'in_progress', attempt_count: 1, started_at: T0 / 1000, last_attempt_at: T0 / 1000 });
    expect(job!.cloud_task_name).toBe(`${a1.id}-attempt-1`);
    expect(await store.claimJobs(claimArgs('w2', T0 + 5000, 10, 1))).toEqual([]);
    const uncapped = await store.claimJobs(claimArgs('w2', T0 + 5000, 1));
    expect(uncapped.map((x) => x.jobId)).toEqual([a2.id]);
    expect((await store.claimJobs(claimArgs('w2', T0 + 5000, 1))).map((x) => x.jobId)).toEqual([later.id]);
  });

  it('claimJobs: concurrent claimers never get the same job', async () => {
    for (let i = 0; i < 40; i++) await store.insertJob(newJob());
    const batches = await Promise.all(Array.from({ length: 8 }, (_, i) => store.claimJobs(claimArgs(`w${i}`, T0, 10))));
    const ids = batches.flat().map((c) => c.jobId);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });

  it('renewLeases keeps only the leases still held', async () => {
    const j1 = await store.insertJob(newJob());
    const j2 = await store.insertJob(newJob());
    const [c1, c2] = await store.claimJobs(claimArgs());
    await store.cancelJob('org_a', j2.id, T0 + 1);
    expect(await store.renewLeases([c1!, c2!], T0 + 10_000, 30_000)).toEqual([j1.id]);
    expect(await store.renewLeases([{ ...c1!, workerId: 'someone-else' }], T0 + 10_000, 30_000)).toEqual([]);
    // The renewed lease outlives the original expiry.
    expect((await store.requeueExpiredLeases(T0 + 35_000)).requeued).toBe(0);
  });

  it('completeJob is fenced by the lease: wrong worker, old attempt or a cancelled job are refused', async () => {
    const job = await store.insertJob(newJob());
    const [claim] = await store.claimJobs(claimArgs());
    const response = { status_code: 200, body: { ok: true } };
    expect(await store.completeJob({ ...claim!, workerId: 'intruder' }, response, T0 + 1)).toBe(false);
    expect(await store.completeJob({ ...claim!, attempt: 2 }, response, T0 + 1)).toBe(false);
    expect(await store.completeJob(claim!, response, T0 + 2000)).toBe(true);
    expect(await store.completeJob(claim!, response, T0 + 3000)).toBe(false);
    const done = await store.getJob('org_a', job.id, { response: true });
    expect(done).toMatchObject({ status: 'completed', response, completed_at: T0 / 1000 + 2, cloud_task_name: null });

    const other = await store.insertJob(newJob());
    const [claim2] = await store.claimJobs(claimArgs());
    await store.cancelJob('org_a', other.id, T0 + 1);
    expect(await store.completeJob(claim2!, response, T0 + 2)).toBe(false);
    expect(await status(other.id)).toBe('cancelled');
  });

  it('failJob: requeue at retryAt, fail for good, or release with a refunded attempt', async () => {
    const job = await store.insertJob(newJob());
    let [claim] = await store.claimJobs(claimArgs());
    expect(await store.failJob(claim!, { error: { code: 'upstream_error', message: 'x' }, retryAt: T0 + 5000 }, T0)).toBe(true);
    expect(await store.getJob('org_a', job.id)).toMatchObject({ status: 'queued', last_failure_code: 'upstream_error', error: null });
    expect(await store.claimJobs(claimArgs('w1', T0 + 4999))).toEqual([]);
    [claim] = await store.claimJobs(claimArgs('w1', T0 + 5000));
    expect(claim!.attempt).toBe(2);
    expect(await store.failJob(claim!, { error: { code: 'worker_shutdown', message: 'x' }, retryAt: T0 + 5000, refundAttempt: true }, T0 + 5000)).toBe(true);
    [claim] = await store.claimJobs(claimArgs('w1', T0 + 5000));
    expect(claim).toMatchObject({ attempt: 3, maxAttempts: 4 });
    expect(await store.failJob(claim!, { error: { code: 'invalid_document', message: 'bad' } }, T0 + 6000)).toBe(true);
    expect(await store.getJob('org_a', job.id)).toMatchObject({ status: 'failed', error: { code: 'invalid_document' }, completed_at: T0 / 1000 + 6 });
    expect(await store.failJob(claim!, { error: { code: 'x', message: 'x' } }, T0 + 7000)).toBe(false);
  });

  it('cancelJob outcomes', async () => {
    const job = await store.insertJob(newJob());
    expect((await store.cancelJob('org_a', job.id, T0)).kind).toBe('cancelled');
    expect((await store.cancelJob('org_a', job.id, T0)).kind).toBe('already_cancelled');
    expect((await store.cancelJob('org_b', job.id, T0)).kind).toBe('not_found');
    const done = await store.insertJob(newJob());
    const [claim] = await store.claimJobs(claimArgs());
    await store.completeJob(claim!, { status_code: 200, body: {} }, T0);
    expect(await store.cancelJob('org_a', done.id, T0)).toEqual({ kind: 'not_cancellable', status: 'completed' });
  });

  it('retryJob outcomes: queued again with a fresh budget and expiry; refused when running or purged', async () => {
    const job = await store.insertJob(newJob());
    expect(await store.retryJob('org_a', job.id, T0, { maxAttempts: 3, ttlMs: HOUR })).toEqual({ kind: 'not_retryable', status: 'queued' });
    await store.cancelJob('org_a', job.id, T0);
    const retried = await store.retryJob('org_a', job.id, T0 + 1000, { maxAttempts: 3, ttlMs: HOUR });
    expect(retried.kind).toBe('queued');
    if (retried.kind === 'queued')
      expect(retried.job).toMatchObject({ status: 'queued', cancelled: false, completed_at: null, expires_at: (T0 + 1000 + HOUR) / 1000 });
    expect((await store.retryJob('org_b', job.id, T0, { maxAttempts: 3, ttlMs: HOUR })).kind).toBe('not_found');
    // Expire and purge: retry is refused once the payload is gone.
    expect(await store.expireJobs(T0 + 2 * HOUR)).toBe(1);
    const purged = await store.purgeExpiredPayloads(T0 + 2 * HOUR, 0);
    expect(purged.jobs).toBe(1);
    expect(await store.retryJob('org_a', job.id, T0 + 2 * HOUR, { maxAttempts: 3, ttlMs: HOUR })).toEqual({ kind: 'payload_purged' });
  });

  it('requeueExpiredLeases: back to the queue as worker_lost, or failed when out of attempts', async () => {
    const j1 = await store.insertJob(newJob());
    const j2 = await store.insertJob(newJob({ maxAttempts: 1 }));
    await store.claimJobs(claimArgs());
    expect(await store.requeueExpiredLeases(T0 + 29_999)).toEqual({ requeued: 0, failed: 0 });
    expect(await store.requeueExpiredLeases(T0 + 30_001)).toEqual({ requeued: 1, failed: 1 });
    expect(await store.getJob('org_a', j1.id)).toMatchObject({ status: 'queued', last_failure_code: 'worker_lost' });
    expect(await store.getJob('org_a', j2.id)).toMatchObject({ status: 'failed', error: { code: 'worker_lost' } });
  });

  it('a job taken back from a lost lease keeps its place at the head of the queue', async () => {
    const first = await store.insertJob(newJob());
    await store.claimJobs(claimArgs('w1', T0, 1));
    const later = await store.insertJob(newJob({ createdAt: T0 + 1000 }));
    expect((await store.requeueExpiredLeases(T0 + 31_000)).requeued).toBe(1);
    const [next] = await store.claimJobs(claimArgs('w2', T0 + 31_000, 1));
    expect(next!.jobId).toBe(first.id);
    expect(next!.attempt).toBe(2);
    expect((await store.claimJobs(claimArgs('w2', T0 + 31_000, 1)))[0]!.jobId).toBe(later.id);
  });

  it('expireJobs expires only jobs not terminal at expires_at', async () => {
    const queued = await store.insertJob(newJob({ expiresAt: T0 + HOUR }));
    const running = await store.insertJob(newJob({ expiresAt: T0 + HOUR }));
    const done = await store.insertJob(newJob({ expiresAt: T0 + HOUR }));
    const claims = await store.claimJobs(claimArgs());
    await store.completeJob(
      claims.find((c) => c.jobId === done.id)!,
      { status_code: 200, body: {} },
      T0,
    );
    expect(await store.expireJobs(T0 + HOUR - 1000)).toBe(0);
    expect(await store.expireJobs(T0 + HOUR)).toBe(2);
    expect(await status(queued.id)).toBe('expired');
    expect(await status(running.id)).toBe('expired');
    expect(await status(done.id)).toBe('completed');
  });

  it('purgeExpiredPayloads keeps blobs another job still references; deleteExpiredRecords removes old records', async () => {
    const shared = 'a'.repeat(64);
    const own = 'b'.repeat(64);
    const old = await store.insertJob(newJob({ expiresAt: T0 + HOUR, blobHashes: [shared, own] }));
    await store.insertJob(newJob({ expiresAt: T0 + 100 * HOUR, blobHashes: [shared] }));
    await store.cancelJob('org_a', old.id, T0);
    expect((await store.purgeExpiredPayloads(T0 + HOUR, HOUR)).jobs).toBe(0);
    const purged = await store.purgeExpiredPayloads(T0 + 2 * HOUR, HOUR);
    expect(purged).toEqual({ jobs: 1, unreferencedBlobs: [own] });
    expect((await store.getJob('org_a', old.id, { request: true }))!.request).toBeNull();
    expect(await store.deleteExpiredRecords(T0 + 2 * HOUR, 24 * HOUR)).toBe(0);
    expect(await store.deleteExpiredRecords(T0 + 30 * HOUR, 24 * HOUR)).toBe(1);
    expect(await store.getJob('org_a', old.id)).toBeUndefined();
  });

  it('workers: heartbeat, live list, removal', async () => {
    const w = { id: 'wrk_1', hostname: 'h', pid: 1, startedAt: T0, lastSeenAt: T0, concurrency: 4 };
    await store.recordWorkerHeartbeat(w);
    await store.recordWorkerHeartbeat({ ...w, id: 'wrk_2', lastSeenAt: T0 - 60_000 });
    expect((await store.listLiveWorkers(T0 - 15_000)).map((x) => x.id)).toEqual(['wrk_1']);
    await store.recordWorkerHeartbeat({ ...w, lastSeenAt: T0 + 5000 });
    expect((await store.listLiveWorkers(T0 + 1000))[0]).toMatchObject({ id: 'wrk_1', lastSeenAt: T0 + 5000 });
    await store.removeWorker('wrk_1');
    expect(await store.listLiveWorkers(0)).toHaveLength(1);
  });

  it('api keys: insert, find by prefix, list, revoke, hasApiKeys', async () => {
    expect(await store.hasApiKeys()).toBe(false);
    const key = { id: 'key_1', organizationId: 'org_a', prefix: 'sk_abcdefghi', keyHash: 'f'.repeat(64), name: 'n', createdAt: T0, revokedAt: null };
    await store.insertApiKey(key);
    await store.insertApiKey(key); // idempotent (same hash)
    expect(await store.hasApiKeys()).toBe(true);
    expect(await store.findApiKeysByPrefix('sk_abcdefghi')).toEqual([key]);
    expect(await store.listApiKeys()).toEqual([key]);
    expect(await store.revokeApiKeys('sk_abc', T0 + 1)).toBe(1);
    expect((await store.findApiKeysByPrefix('sk_abcdefghi'))[0]!.revokedAt).toBe(T0 + 1);
    expect(await store.revokeApiKeys('sk_abc', T0 + 2)).toBe(0);
  });
});
