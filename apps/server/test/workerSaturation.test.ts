/**
 * A job created while every worker slot is busy must run once a slot frees. (Regression: the claim
 * loop finished synchronously when no slot was free, its `finally` cleared `claiming` before the
 * assignment set it, and the settled promise left there stopped every later claim.)
 */
import type { Job } from '@jobs-api/api-types';
import { afterEach, describe, expect, it } from 'vitest';
import { gatedParseHandler, PARSE_BODY, parseJob, startTestServer, waitForStatus, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('a saturated worker', () => {
  it('runs a job created while every slot was busy once a slot frees', async () => {
    const gated = gatedParseHandler();
    server = await startTestServer({ workerConcurrency: 1, endpointOverrides: { '/v1/documents/parse': gated.definition } });
    const first = await server.call<Job>('POST', '/v1/jobs', { body: parseJob('1') });
    await gated.started;
    await waitForStatus(server, first.body.id, ['in_progress']);
    // Created with the only slot taken: the worker is woken, finds no free slot and claims nothing.
    const second = await server.call<Job>('POST', '/v1/jobs', { body: parseJob('2') });
    expect(second.status).toBe(200);
    expect((await server.call<Job>('GET', `/v1/jobs/${second.body.id}`)).body.status).toBe('queued');

    gated.release(PARSE_BODY);
    await waitForStatus(server, first.body.id, ['completed']);
    await waitForStatus(server, second.body.id, ['in_progress', 'completed'], 5_000);
    gated.release(PARSE_BODY);
    await waitForStatus(server, second.body.id, ['completed']);
  });
});
