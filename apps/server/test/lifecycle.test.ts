/**
 * Every lifecycle path of docs/architecture.md, "Job lifecycle" through the real HTTP API and the in-process worker on SQLite.
 */
import type { Job } from '@jobs-api/api-types';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../src/observability/metrics.js';
import { ApiProblem, type EndpointDefinition } from '../src/index.js';
import { gatedParseHandler, manualClock, PARSE_BODY, parseJob, startTestServer, waitFor, waitForStatus, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function failingParse(errors: (Error | undefined)[]): EndpointDefinition<'/v1/documents/parse'> & { calls: number } {
  const definition = {
    endpoint: '/v1/documents/parse' as const,
    calls: 0,
    async handle() {
      const error = errors[definition.calls++];
      if (error) throw error;
      return PARSE_BODY;
    },
  };
  return definition;
}

describe('job lifecycle', () => {
  it('runs a parse job: queued → in_progress → completed, with the text in response.body', async () => {
    const gated = gatedParseHandler();
    server = await startTestServer({ endpointOverrides: { '/v1/documents/parse': gated.definition } });
    const created = await server.call<Job>('POST', '/v1/jobs', { body: parseJob() });
    expect(created.status).toBe(200);
    expect(created.body.status).toBe('queued');
    expect(created.body.attempt_count).toBe(0);

    await gated.started;
    const running = await waitForStatus(server, created.body.id, ['in_progress']);
    expect(running.attempt_count).toBe(1);
    expect(running.started_at).toBeGreaterThanOrEqual(running.created_at);
    expect(running.cloud_task_name).toBe(`${created.body.id}-attempt-1`);

    gated.release(PARSE_BODY);
    const done = await waitForStatus(server, created.body.id, ['completed']);
    expect(done.response).toEqual({ status_code: 200, body: PARSE_BODY });
    expect(done.completed_at).toBeGreaterThanOrEqual(done.started_at!);
    expect(done.cloud_task_name).toBeNull();
    expect(done.error).toBeNull();
  });

  it('runs the real parse handler on an inline text document', async () => {
    server = await startTestServer();
    const created = await server.call<Job>('POST', '/v1/jobs', { body: parseJob('Hello from a job') });
    const done = await waitForStatus(server, created.body.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect(done.response?.status_code).toBe(200);
    expect((done.response?.body as { text: string }).text).toContain('Hello from a job');
  });

  it('fails a job at once when the handler answers 4xx (the input is wrong)', async () => {
    const handler = failingParse([new ApiProblem(422, 'corrupt_document', 'The document is not readable.')]);
    server = await startTestServer({ endpointOverrides: { '/v1/documents/parse': handler } });
    const created = await server.call<Job>('POST', '/v1/jobs', { body: parseJob() });
    const failed = await waitForStatus(server, created.body.id, ['failed', 'completed']);
    expect(failed.status).toBe('failed');
    expect(failed.attempt_count).toBe(1);
    expect(handler.calls).toBe(1);
    expect(failed.error).toMatchObject({ code: 'corrupt_document', details: { status_code: 422 } });
    expect(failed.last_failure_code).toBe('corrupt_document');
  });

  it('retries transient failures with backoff, then completes', async () => {
    const handler = failingParse([new ApiProblem(503, 'model_provider_error', 'provider down'), new ApiProblem(429, 'rate_limited', 'slow down', {}, true)]);
    server = await startTestServer({ endpointOverrides: { '/v1/documents/parse': handler }, maxAttempts: 3 });
    const created = await server.call<Job>('POST', '/v1/jobs', { body: parseJob() });
    const done = await waitForStatus(server, created.body.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect(done.attempt_count).toBe(3);
    expect(done.last_failure_code).toBe('rate_limited');
    expect(handler.calls).toBe(3);
  });

  it('fails a job after JOB_MAX_ATTEMPTS transient failures', async () => {
    const handler = failingParse([new Error('boom 1'), new Error('boom 2'), new Error('boom 3'), new Error('never reached')]);
    server = await startTestServer({ endpointOverrides: { '/v1/documents/parse': handler }, maxAttempts: 3 });
    const created = await server.call<Job>('POST', '/v1/jobs', { body: parseJob() });
    const failed = await waitForStatus(server, created.body.id, ['failed', 'completed']);
    expect(failed.status).toBe('failed');
    expect(handler.calls).toBe(3);
    expect(failed.attempt_count).toBe(3);
    expect(failed.error).toMatchObject({ code: 'internal_error', details: { attempts: 3, status_code: 500 } });
  });

  it('cancels a queued job (no worker: it never runs)', async () => {
    const handler = failingParse([]);
    server = await startTestServer({ mode: 'api', endpointOverrides: { '/v1/documents/parse': handler } });
    const created = await server.call<Job>('POST', '/v1/jobs', { body: parseJob() });
    expect(created.status).toBe(202);
    const cancelled = await server.call<Job>('POST', `/v1/jobs/${created.body.id}/cancel`, { body: {} });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelled: true });
    expect(cancelled.body.completed_at).not.toBeNull();
    // Cancelling again answers it unchanged.
    const again = await server.call<Job>('POST', `/v1/jobs/${created.body.id}/cancel`, { body: {} });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(cancelled.body);
    expect(handler.calls).toBe(0);
  });

  it('cancelling a running job aborts its handler and discards the late result', async () => {
    const gated = gatedParseHandler();
    // The handler ignores the abort for a while and returns a result afterwards: it must be discarded.
    const stubborn: EndpointDefinition<'/v1/documents/parse'> = {
      endpoint: '/v1/documents/parse',
      async handle(request, ctx) {
        await gated.definition.handle(request, ctx).catch(() => undefined);
        return PARSE_BODY;
      },
    };
    server = await startTestServer({ endpointOverrides: { '/v1/documents/parse': stubborn } });
    const created = await server.call<Job>('POST', '/v1/jobs', { body: parseJob() });
    await gated.started;
    await waitForStatus(server, created.body.id, ['in_progress']);
    const cancelled = await server.call<Job>('POST', `/v1/jobs/${created.body.id}/cancel`, { body: {} });
    expect(cancelled.body.status).toBe('cancelled');
    await waitFor(async () => gated.calls[0]!.aborted, Boolean, 30_000, 'the handler to see the abort');
    await waitFor(
      async () => server!.worker!.runningJobIds.length,
      (n) => n === 0,
      30_000,
      'the attempt to end',
    );
    const after = await server.call<Job>('GET', `/v1/jobs/${created.body.id}?include_response=true`);
    expect(after.body.status).toBe('cancelled');
    expect(after.body.response).toBeNull();
  });

  it('refuses to cancel a completed job (409) and to retry a running one (409)', async () => {
    const gated = gatedParseHandler();
    server = await startTestServer({ endpointOverrides: { '/v1/documents/parse': gated.definition } });
    const created = await server.call<Job>('POST', '/v1/jobs', { body: parseJob() });
    await gated.started;
    await waitForStatus(server, created.body.id, ['in_progress']);
    const retry = await server.call('POST', `/v1/jobs/${created.body.id}/retry`, { body: {} });
    expect(retry.status).toBe(409);
    expect(retry.body.error.code).toBe('job_not_retryable');
    gated.release(PARSE_BODY);
    await waitForStatus(server, created.body.id, ['completed']);
    const cancel = await server.call('POST', `/v1/jobs/${created.body.id}/cancel`, { body: {} });
    expect(cancel.status).toBe(409);
    expect(cancel.body.error.code).toBe('job_not_cancellable');
  });

  it('retries failed and cancelled jobs under the same id', async () => {
    const handler = failingParse([new ApiProblem(422, 'corrupt_document', 'bad')]);
    server = await startTestServer({ endpointOverrides: { '/v1/documents/parse': handler } });
    const failedJob = await server.call<Job>('POST', '/v1/jobs', { body: parseJob() });
    await waitForStatus(server, failedJob.body.id, ['failed']);
    const retried = await server.call<Job>('POST', `/v1/jobs/${failedJob.body.id}/retry`, { body: {} });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: failedJob.body.id, status: 'queued', error: null, completed_at: null });
    const done = await waitForStatus(server, failedJob.body.id, ['completed']);
    expect(done.attempt_count).toBe(2);

    await server.worker!.stop();
    const queued = await server.call<Job>('POST', '/v1/jobs', { body: parseJob('other') });
    await server.call('POST', `/v1/jobs/${queued.body.id}/cancel`, { body: {} });
    const again = await server.call<Job>('POST', `/v1/jobs/${queued.body.id}/retry`, { body: {} });
    expect(again.body).toMatchObject({ id: queued.body.id, status: 'queued', cancelled: false });
  });

  it('expires a job not terminal at expires_at, lets it be retried, then purges its payload', async () => {
    const clock = manualClock();
    server = await startTestServer({ mode: 'api', clock, ttlMs: 60_000, payloadGraceMs: 3_600_000 });
    const created = await server.call<Job>('POST', '/v1/jobs', { body: parseJob() });
    expect(created.body.expires_at - created.body.created_at).toBe(60);
    // The API process runs no worker here, so drive maintenance with a worker bound to the same clock.
    const { createWorker } = await import('../src/worker/worker.js');
    const maintenance = createWorker({ ...workerDeps(server), clock });

    clock.advance(59_000);
    await maintenance.runMaintenance({ purge: true });
    expect((await server.call<Job>('GET', `/v1/jobs/${created.body.id}`)).body.status).toBe('queued');

    clock.advance(2_000);
    await maintenance.runMaintenance({ purge: true });
    const expired = await server.call<Job>('GET', `/v1/jobs/${created.body.id}?include_request=true`);
    expect(expired.body).toMatchObject({ status: 'expired', error: { code: 'job_expired' } });
    expect(expired.body.request).not.toBeNull();

    const retried = await server.call<Job>('POST', `/v1/jobs/${created.body.id}/retry`, { body: {} });
    expect(retried.body.status).toBe('queued');
    expect(retried.body.expires_at).toBeGreaterThan(expired.body.expires_at);

    // Past the new expiry plus the payload grace, the payload is deleted and retry is refused.
    clock.advance(61_000);
    await maintenance.runMaintenance({ purge: true });
    clock.advance(3_600_000);
    await maintenance.runMaintenance({ purge: true });
    const purged = await server.call<Job>('GET', `/v1/jobs/${created.body.id}?include_request=true`);
    expect(purged.body.status).toBe('expired');
    expect(purged.body.request).toBeNull();
    const refused = await server.call('POST', `/v1/jobs/${created.body.id}/retry`, { body: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'job_not_retryable', details: { reason: 'payload_purged' } });
  });
});

function workerDeps(s: TestServer) {
  return {
    store: s.store,
    blobs: s.blobs,
    endpoints: {} as never,
    config: s.config,
    events: s.events,
    metrics: createMetrics(),
    logger: pino({ level: 'silent' }),
  };
}
