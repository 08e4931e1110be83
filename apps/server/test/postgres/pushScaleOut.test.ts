/**
 * Push across processes on PostgreSQL: a job run by a worker process is streamed and long-polled
 * through another (API-only) process, with the fallback re-read slower than any deadline here, so
 * what arrives in time was carried by the trigger's NOTIFY (`jobs_api_events`).
 */
import type { Job } from '@jobs-api/api-types';
import { describe, expect, it } from 'vitest';
import type { ServerOptions } from '../../src/index.js';
import { gatedParseHandler, PARSE_BODY, parseJob, TEST_KEY, waitForStatus } from '../helpers.js';
import { serversPerTest } from './sharedDatabaseServers.js';
import { announcePostgres } from './testDatabase.js';

const enabled = announcePostgres('PostgreSQL push scale-out tests');
const NOTIFY_ONLY: Partial<ServerOptions> = { streamFallbackReadMs: 60_000 };

describe.skipIf(!enabled)('postgres: streams and long-polls through any API process', () => {
  const { start } = serversPerTest();

  it('the stream and a long-poll on an API process follow a job run by a worker process', async () => {
    const gated = gatedParseHandler();
    const api = await start({ mode: 'api', ...NOTIFY_ONLY });
    await start({ mode: 'worker', endpointOverrides: { '/v1/documents/parse': gated.definition } });
    const job = (await api.call<Job>('POST', '/v1/jobs', { body: parseJob() })).body;
    await waitForStatus(api, job.id, ['in_progress']);

    const stream = await fetch(`${api.url}/v1/jobs/${job.id}/events`, { headers: { 'Api-Key': TEST_KEY, 'Last-Event-ID': '0' } });
    const longPoll = api.call<Job>('GET', `/v1/jobs/${job.id}?wait=30`);
    const releasedAt = Date.now();
    gated.release({ status_code: 200, body: PARSE_BODY });
    const polled = await longPoll;
    expect(polled.body.status).toBe('completed');
    expect(Date.now() - releasedAt).toBeLessThan(10_000);
    // The stream closes after the terminal event: reading it to the end must not wait for the 60 s fallback.
    const text = await stream.text();
    expect(Date.now() - releasedAt).toBeLessThan(10_000);
    expect([...text.matchAll(/^event: (.+)$/gm)].map((m) => m[1])).toEqual(['job.queued', 'job.started', 'job.completed']);
    expect([...text.matchAll(/^id: (.+)$/gm)].map((m) => m[1])).toEqual(['1', '2', '3']);
  });
});
