/**
 * The client against a real server: real HTTP on an ephemeral port, a fresh temporary data
 * directory, the worker running in-process. Skipped (with the reason printed) only while
 * @jobs-api/server cannot be imported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  createJobsClient,
  NotFoundError,
  UnprocessableEntityError,
  WaitTimeoutError,
  type FetchLike,
  type Job,
  type JobsClient,
} from '../src/index.js';
import { serverUnavailable, startTestServer, textDataUrl, type TestServer } from './support/server.js';

const WAIT = { pollIntervalMs: 50, timeoutMs: 30_000 } as const;

function parseJob(text: string, metadata?: Record<string, string>) {
  return {
    endpoint: '/v1/documents/parse',
    request: {
      document: { filename: 'note.txt', url: textDataUrl(text) },
      table_parsing_format: 'markdown',
      image_resolution_dpi: 192,
    },
    ...(metadata ? { metadata } : {}),
  } as const;
}

describe.skipIf(serverUnavailable !== undefined)(`against a real server${serverUnavailable ? ` (SKIPPED: ${serverUnavailable})` : ''}`, () => {
  let server: TestServer;
  let client: JobsClient;
  /** Every request the client sent. */
  const sent: { method: string; url: URL }[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const recording: FetchLike = (request) => {
      sent.push({ method: request.method, url: new URL(request.url) });
      return fetch(request);
    };
    client = createJobsClient({ baseUrl: server.url, apiKey: server.apiKey, fetch: recording });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates a parse job and waits for it: a light read, long-polls, then one fetch with the response', async () => {
    const created = await client.jobs.create(parseJob('Hello from the client tests'));
    expect(created).toMatchObject({ object: 'job', endpoint: '/v1/documents/parse' });
    expect(['validating', 'queued', 'in_progress', 'completed']).toContain(created.status);
    sent.length = 0;

    const done = await client.jobs.waitForCompletion(created, WAIT);

    expect(done).toMatchObject({ id: created.id, status: 'completed', error: null });
    expect(done.response?.status_code).toBe(200);
    expect(done.response?.body.text).toContain('Hello from the client tests');
    const requests = sent.map(({ method, url }) => ({ method, path: url.pathname, query: Object.fromEntries(url.searchParams) }));
    const poll = { method: 'GET', path: `/v1/jobs/${created.id}`, query: {} };
    expect(requests.length).toBeGreaterThanOrEqual(2);
    // A light read first, then long-polls (`wait`: the server answers as soon as the job is terminal).
    expect(requests[0]).toEqual(poll);
    expect(requests.slice(1, -1)).toEqual(requests.slice(1, -1).map(() => ({ ...poll, query: { wait: expect.stringMatching(/^\d+$/) } })));
    expect(requests.at(-1)).toEqual({ ...poll, query: { include_response: 'true', include_request: 'false' } });
  });

  it('createAndWait resolves with the completed, typed job', async () => {
    const done = await client.jobs.createAndWait(parseJob('second document'), WAIT);
    expect(done.status).toBe('completed');
    expect(done.response?.body.pages.join('\n')).toContain('second document');
  });

  it('replays a create with the same Idempotency-Key and body instead of making a second job', async () => {
    const body = parseJob('idempotent', { run: crypto.randomUUID() });
    const key = `key-${crypto.randomUUID()}`;
    const first = await client.jobs.create(body, { idempotencyKey: key });
    const replay = await client.api.POST('/v1/jobs', { body, params: { header: { 'Idempotency-Key': key } } });

    expect(replay.response.status).toBe(200);
    expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.data?.id).toBe(first.id);
    const listed = await client.jobs.list({ metadata: body.metadata });
    expect(listed.data.map((j) => j.id)).toEqual([first.id]);
  });

  it('rejects the same Idempotency-Key with another body: UnprocessableEntityError idempotency_key_mismatch', async () => {
    const key = `key-${crypto.randomUUID()}`;
    await client.jobs.create(parseJob('one body'), { idempotencyKey: key });
    const error = await client.jobs.create(parseJob('another body'), { idempotencyKey: key }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error).toMatchObject({ status: 422, code: 'idempotency_key_mismatch' });
  });

  it('lists every job with for await, across pages, with a metadata filter', async () => {
    const batch = crypto.randomUUID();
    const created: Job[] = [];
    for (let i = 0; i < 5; i++) created.push(await client.jobs.create(parseJob(`page item ${i}`, { batch })));
    sent.length = 0;

    const seen: string[] = [];
    for await (const job of client.jobs.iterate({ metadata: { batch }, limit: 2, order: 'asc' })) seen.push(job.id);

    expect(seen).toEqual(created.map((j) => j.id));
    expect(sent.filter(({ method, url }) => method === 'GET' && url.pathname === '/v1/jobs')).toHaveLength(3);
  });

  it('filters by several statuses (repeated parameters)', async () => {
    const batch = crypto.randomUUID();
    const done = await client.jobs.createAndWait(parseJob('status filter', { batch }), WAIT);
    const finished = await client.jobs.list({ metadata: { batch }, status: ['failed', 'completed'] });
    expect(finished.data.map((j) => j.id)).toEqual([done.id]);
    const stopped = await client.jobs.list({ metadata: { batch }, status: ['cancelled', 'expired'] });
    expect(stopped.data).toEqual([]);
  });

  it('retrieve: payloads only when asked for', async () => {
    const done = await client.jobs.createAndWait(parseJob('payloads'), WAIT);
    const light = await client.jobs.retrieve(done.id);
    expect(light).toMatchObject({ request: null, response: null, request_gcs_paths: null });
    const full = await client.jobs.retrieve(done.id, { includeRequest: true, includeResponse: true });
    expect(full.request).toMatchObject({ document: { filename: 'note.txt' } });
    expect(full.response).toMatchObject({ status_code: 200 });
  });

  it('cancel: a finished job is a ConflictError job_not_cancellable', async () => {
    const done = await client.jobs.createAndWait(parseJob('already done'), WAIT);
    const error = await client.jobs.cancel(done.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'job_not_cancellable' });
  });

  it('retry: a completed job is not retryable (ConflictError job_not_retryable)', async () => {
    const done = await client.jobs.createAndWait(parseJob('completed once'), WAIT);
    const error = await client.jobs.retry(done.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'job_not_retryable' });
  });

  it('retry: a failed job goes back to the queue under the same id', async () => {
    // Not a PDF although it says so: the parse handler fails the job (a 4xx from the handler).
    const failed = await client.jobs.createAndWait(
      {
        endpoint: '/v1/documents/parse',
        request: {
          document: { filename: 'broken.pdf', url: 'data:application/pdf;base64,bm90IGEgcGRm' },
          table_parsing_format: 'markdown',
          image_resolution_dpi: 192,
        },
      },
      WAIT,
    );
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toEqual(expect.any(String));

    const retried = await client.jobs.retry(failed.id);
    expect(retried).toMatchObject({ id: failed.id });
    expect(['queued', 'in_progress', 'failed']).toContain(retried.status);
    const again = await client.jobs.waitForCompletion(failed.id, WAIT);
    expect(again).toMatchObject({ id: failed.id, status: 'failed' });
    expect(again.attempt_count).toBeGreaterThan(failed.attempt_count);
  });

  it('maps an unknown job to NotFoundError with the request id', async () => {
    const error = await client.jobs.retrieve('job_000000000000000000000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
    expect((error as NotFoundError).requestId).toEqual(expect.any(String));
  });

  it('maps a wrong key to AuthenticationError, without retrying', async () => {
    let attempts = 0;
    const counting: FetchLike = (request) => {
      attempts += 1;
      return fetch(request);
    };
    const wrongKey = createJobsClient({ baseUrl: server.url, apiKey: 'sk_wrong', fetch: counting });
    await expect(wrongKey.jobs.list()).rejects.toBeInstanceOf(AuthenticationError);
    expect(attempts).toBe(1);
  });

  it('maps a body that fails the schema to UnprocessableEntityError listing the failing paths', async () => {
    const error = await client.jobs
      // @ts-expect-error: deliberately invalid (no document)
      .create({ endpoint: '/v1/documents/parse', request: { table_parsing_format: 'markdown', image_resolution_dpi: 192 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error).toMatchObject({ status: 422, code: 'validation_error' });
    expect(JSON.stringify((error as UnprocessableEntityError).details)).toContain('document');
  });
});

describe.skipIf(serverUnavailable !== undefined)(`against a real server without a worker${serverUnavailable ? ` (SKIPPED: ${serverUnavailable})` : ''}`, () => {
  // mode 'api': no worker in the process, so a created job stays queued until the test moves it.
  let server: TestServer;
  let client: JobsClient;

  beforeAll(async () => {
    server = await startTestServer({ mode: 'api' });
    client = createJobsClient({ baseUrl: server.url, apiKey: server.apiKey });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('create resolves with a queued job carrying the dispatch_delayed warning (202)', async () => {
    const job = await client.jobs.create(parseJob('no worker'));
    expect(job.status).toBe('queued');
    expect(job.warnings).toEqual([expect.objectContaining({ code: 'dispatch_delayed' })]);
  });

  it('cancel makes a queued job cancelled; cancelling again answers it unchanged; retry queues it again', async () => {
    const job = await client.jobs.create(parseJob('cancel me'));

    const cancelled = await client.jobs.cancel(job.id);
    expect(cancelled).toMatchObject({ id: job.id, status: 'cancelled', cancelled: true });
    expect(cancelled.completed_at).toEqual(expect.any(Number));
    await expect(client.jobs.cancel(job.id)).resolves.toMatchObject({ status: 'cancelled', completed_at: cancelled.completed_at });
    await expect(client.jobs.waitForCompletion(job.id, WAIT)).resolves.toMatchObject({ status: 'cancelled' });

    await expect(client.jobs.retry(job.id)).resolves.toMatchObject({ id: job.id, status: 'queued' });
  });

  it('waitForCompletion rejects with WaitTimeoutError while the job stays queued', async () => {
    const job = await client.jobs.create(parseJob('never runs'));
    const error = await client.jobs.waitForCompletion(job.id, { pollIntervalMs: 20, timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ jobId: job.id, lastStatus: 'queued' });
  });
});
