import type { Job } from '@jobs-api/api-types';
import { afterEach, describe, expect, it } from 'vitest';
import { gatedParseHandler, PARSE_BODY, parseJob, startTestServer, waitForStatus, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('dispatch', () => {
  it('answers 202 dispatch_delayed when no live worker is registered; the job runs once one starts', async () => {
    server = await startTestServer({ mode: 'api' });
    const created = await server.call<Job>('POST', '/v1/jobs', { body: parseJob() });
    expect(created.status).toBe(202);
    expect(created.body.status).toBe('queued');
    expect(created.body.warnings).toEqual([{ code: 'dispatch_delayed', message: expect.any(String) }]);
    // The warning is part of the stored job.
    expect((await server.call<Job>('GET', `/v1/jobs/${created.body.id}`)).body.warnings).toEqual(created.body.warnings);
    const worker = await startTestServer({ mode: 'worker', dataDir: server.dataDir });
    try {
      const done = await waitForStatus(server, created.body.id, ['completed', 'failed']);
      expect(done.status).toBe('completed');
    } finally {
      await worker.close();
    }
  });

  it("answers 202 when the organization's in-flight limit is reached; the job runs when capacity frees", async () => {
    const gated = gatedParseHandler();
    server = await startTestServer({ orgMaxInFlight: 1, endpointOverrides: { '/v1/documents/parse': gated.definition } });
    const first = await server.call<Job>('POST', '/v1/jobs', { body: parseJob('1') });
    expect(first.status).toBe(200);
    await gated.started;
    await waitForStatus(server, first.body.id, ['in_progress']);
    const second = await server.call<Job>('POST', '/v1/jobs', { body: parseJob('2') });
    expect(second.status).toBe(202);
    expect(second.body.warnings?.[0]?.code).toBe('dispatch_delayed');
    // The worker does not start the second while the first runs (the limit holds for claims too).
    expect((await server.call<Job>('GET', `/v1/jobs/${second.body.id}`)).body.status).toBe('queued');
    gated.release(PARSE_BODY);
    await waitForStatus(server, first.body.id, ['completed']);
    await waitForStatus(server, second.body.id, ['in_progress', 'completed']);
    gated.release(PARSE_BODY);
    await waitForStatus(server, second.body.id, ['completed']);
  });
});
