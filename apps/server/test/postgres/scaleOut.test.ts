/**
 * Scaled out: API-only and worker-only servers sharing one PostgreSQL database (in this process
 * here; test/chaos runs them as separate processes under SIGKILL). What must cross process
 * boundaries: live-worker knowledge (202 dispatch_delayed, /readyz), wake-ups and cancellations
 * (LISTEN/NOTIFY, with polling turned off to prove it), and offloaded documents (blob store).
 */
import type { Job } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerOptions } from '../../src/index.js';
import { startLocalS3, type LocalS3 } from '../blobs/s3Server.js';
import { call, gatedParseHandler, PARSE_BODY, parseJob, waitFor, waitForStatus } from '../helpers.js';
import { serversPerTest } from './sharedDatabaseServers.js';
import { announcePostgres } from './testDatabase.js';

const enabled = announcePostgres('PostgreSQL scale-out tests');
/** Polling slower than any deadline below: whatever happens in time was driven by a NOTIFY. */
const NO_POLLING: Partial<ServerOptions> = { pollIntervalMs: 60_000 };

describe.skipIf(!enabled)('postgres: scaled-out API and worker processes', () => {
  const { start } = serversPerTest();

  it('an API-only process answers 202 dispatch_delayed until a worker process is alive; /readyz lists the workers', async () => {
    // A worker counts as alive for 3 heartbeats: 3 × 2 s, so a busy machine delaying one heartbeat
    // (FAST's 200 ms would allow 600 ms) does not make the worker look dead.
    const heartbeat: Partial<ServerOptions> = { heartbeatIntervalMs: 2000 };
    const api = await start({ mode: 'api', ...heartbeat });
    const delayed = await api.call<Job>('POST', '/v1/jobs', { body: parseJob() });
    expect(delayed.status).toBe(202);
    expect(delayed.body.warnings).toEqual([expect.objectContaining({ code: 'dispatch_delayed' })]);
    expect((await api.call('GET', '/readyz')).body).toMatchObject({ status: 'ready', checks: { database: 'ok', workers: 'failing' }, workers: [] });

    const worker = await start({ mode: 'worker', ...heartbeat });
    const ready = await waitFor(
      async () => (await api.call<{ workers: { id: string; pid: number }[] }>('GET', '/readyz')).body,
      (body) => body.workers.length === 1,
      5000,
      'the worker in /readyz',
    );
    expect(ready.workers[0]).toMatchObject({ id: worker.worker!.id, pid: process.pid });
    // The delayed job was stored, not lost: the worker runs it.
    expect((await waitForStatus(api, delayed.body.id, ['completed'])).status).toBe('completed');
    const now = await api.call<Job>('POST', '/v1/jobs', { body: parseJob() });
    expect(now.status).toBe(200);
    expect(now.body.warnings).toBeNull();
  });

  it('a job created on one API process runs at once on a worker process woken by NOTIFY (polling off)', async () => {
    const worker = await start({ mode: 'worker', ...NO_POLLING });
    const api = await start({ mode: 'api' });
    // Wait until the worker's start-up claim is behind it: from now on only a NOTIFY can wake it.
    await worker.worker!.idle();
    const createdAt = performance.now();
    const { body: job } = await api.call<Job>('POST', '/v1/jobs', { body: parseJob() });
    const done = await waitForStatus(api, job.id, ['completed', 'failed'], 15_000);
    expect(done.status).toBe('completed');
    console.log(
      `[postgres] create on the API process → completed on the worker process: ${(performance.now() - createdAt).toFixed(0)} ms (poll interval 60 s)`,
    );
  });

  it('a cancel on the API process aborts the handler running on a worker process at once', async () => {
    const handler = gatedParseHandler();
    // Lease renewal (the fallback that would also notice the cancel) runs every 20 s here.
    await start({ mode: 'worker', ...NO_POLLING, leaseMs: 60_000, endpointOverrides: { '/v1/documents/parse': handler.definition } });
    const api = await start({ mode: 'api' });
    const { body: job } = await api.call<Job>('POST', '/v1/jobs', { body: parseJob() });
    await handler.started;
    const cancelledAt = performance.now();
    expect((await api.call<Job>('POST', `/v1/jobs/${job.id}/cancel`, { body: {} })).body.status).toBe('cancelled');
    await waitFor(
      async () => handler.calls[0]!.aborted,
      (aborted) => aborted,
      10_000,
      'the worker to abort the handler',
    );
    console.log(`[postgres] cancel on the API process → handler aborted on the worker: ${(performance.now() - cancelledAt).toFixed(0)} ms`);
    // A result arriving after the cancel is discarded: the job stays cancelled.
    handler.release(PARSE_BODY);
    expect((await api.call<Job>('GET', `/v1/jobs/${job.id}`)).body.status).toBe('cancelled');
  });

  describe('offloaded documents are read by the worker process', () => {
    let s3: LocalS3;
    beforeAll(async () => {
      s3 = await startLocalS3('scale-out');
    });
    afterAll(() => s3.close());

    const text = `Invoice number: 12398982\n${'line item\n'.repeat(40)}Total: 561`;
    const stores: [string, () => Partial<ServerOptions>][] = [
      ['the PostgreSQL blobs table (default)', () => ({})],
      ['S3 (BLOB_URL=s3://…)', () => ({ blobUrl: `s3://${s3.bucket}/jobs`, s3: s3.settings })],
    ];
    it.each(stores)('%s', async (_name, blobOptions) => {
      const api = await start({ mode: 'api', offloadThresholdBytes: 64, ...blobOptions() });
      await start({ mode: 'worker', ...blobOptions() });
      const body = parseJob(text);
      const created = await api.call<Job>('POST', '/v1/jobs', { body });
      expect(created.status).toBe(200);
      const done = await waitForStatus(api, created.body.id, ['completed', 'failed']);
      expect(done.status, JSON.stringify(done.error)).toBe('completed');
      expect((done.response!.body as { text: string }).text).toContain('Total: 561');
      // Stored as a blob ref, answered as submitted.
      const withRequest = await api.call<Job>('GET', `/v1/jobs/${created.body.id}?include_request=true`);
      expect(withRequest.body.request).toEqual(body.request);
      const stored = await api.store.getJob('org_default', created.body.id, { request: true });
      expect(JSON.stringify(stored!.request)).toMatch(/jobs-blob:sha256:[0-9a-f]{64}/);
    });
  });

  it('/readyz on an API process reports the database failing when it cannot reach it', async () => {
    const api = await start({ mode: 'api' });
    await api.store.close();
    const answer = await call<{ status: string; checks: Record<string, string> }>(api.url, 'GET', '/readyz');
    expect(answer.status).toBe(503);
    expect(answer.body.checks.database).toBe('failing');
  });
});
