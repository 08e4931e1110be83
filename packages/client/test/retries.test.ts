/**
 * Retries, backoff, Retry-After, timeouts and aborts, observed through the public client with an
 * injected fetch. Fake timers make every wait virtual: `at` in the recorded requests is the
 * virtual clock, so the gaps between attempts are the client's sleeps, exactly.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ConflictError,
  ConnectionError,
  ConnectionTimeoutError,
  createJobsClient,
  InternalServerError,
  JobsApiError,
  RateLimitError,
  UnprocessableEntityError,
  type JobsClientOptions,
} from '../src/index.js';
import { job, parseBody } from './support/fixtures.js';
import { apiError, hangingReply, json, scriptedFetch, type Reply } from './support/scripted-fetch.js';

const BASE_URL = 'http://jobs.test';

function clientWith(replies: Reply[], options: Partial<JobsClientOptions> = {}) {
  const fetch = scriptedFetch(replies);
  const client = createJobsClient({ baseUrl: BASE_URL, apiKey: 'sk_test', fetch, ...options });
  return { client, fetch };
}

/** Runs every pending (virtual) timer until `promise` settles, then resolves or rejects like it. */
async function run<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {}); // awaited below; this only avoids an "unhandled rejection" meanwhile
  await vi.runAllTimersAsync();
  return promise;
}

/** Like {@link run}, for a call that must reject: resolves with the error. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await run(promise);
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to reject, but it resolved');
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  vi.spyOn(Math, 'random').mockReturnValue(0); // no jitter: the schedule is exact
});
afterEach(() => {
  vi.useRealTimers();
});

describe('retries', () => {
  it('retries a 5xx twice by default, with exponential backoff, then succeeds', async () => {
    const done = job({ status: 'completed' });
    const { client, fetch } = clientWith([apiError(503, 'internal_error'), apiError(500, 'internal_error'), json(200, done)]);

    await expect(await run(client.jobs.retrieve(done.id))).toEqual(done);

    expect(fetch.requests).toHaveLength(3);
    expect(gaps(fetch.requests.map((r) => r.at))).toEqual([500, 1000]);
    expect(vi.getTimerCount()).toBe(0); // every attempt's timeout timer was cleared
  });

  it('applies jitter: up to 25 % shorter waits', async () => {
    vi.mocked(Math.random).mockReturnValue(1);
    const { client, fetch } = clientWith([apiError(500, 'internal_error'), apiError(500, 'internal_error'), json(200, job())]);

    await run(client.jobs.retrieve('job_x'));

    expect(gaps(fetch.requests.map((r) => r.at))).toEqual([375, 750]);
  });

  it('gives up after maxRetries and throws the last answer as a typed error', async () => {
    const { client, fetch } = clientWith([
      apiError(500, 'internal_error'),
      apiError(502, 'upstream_error'),
      apiError(503, 'internal_error', { request_id: 'req_last' }),
    ]);

    const error = await failure(client.jobs.retrieve('job_x'));

    expect(fetch.requests).toHaveLength(3);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 503, requestId: 'req_last' });
  });

  it('honours maxRetries from the client and per call', async () => {
    const replies = () => [
      apiError(500, 'internal_error'),
      apiError(500, 'internal_error'),
      apiError(500, 'internal_error'),
      apiError(500, 'internal_error'),
      apiError(500, 'internal_error'),
    ];
    const none = clientWith(replies(), { maxRetries: 0 });
    expect(await failure(none.client.jobs.retrieve('job_x'))).toBeInstanceOf(InternalServerError);
    expect(none.fetch.requests).toHaveLength(1);

    const four = clientWith(replies());
    expect(await failure(four.client.jobs.retrieve('job_x', { maxRetries: 4 }))).toBeInstanceOf(InternalServerError);
    expect(four.fetch.requests).toHaveLength(5);
    expect(gaps(four.fetch.requests.map((r) => r.at))).toEqual([500, 1000, 2000, 4000]);
  });

  it.each([
    ['400', apiError(400, 'invalid_request')],
    ['401', apiError(401, 'unauthorized')],
    ['404', apiError(404, 'not_found')],
    ['409 job_not_cancellable', apiError(409, 'job_not_cancellable')],
    ['422 idempotency_key_mismatch', apiError(422, 'idempotency_key_mismatch')],
    ['501 not_implemented', apiError(501, 'not_implemented')],
  ])('does not retry %s', async (_name, reply) => {
    const { client, fetch } = clientWith([reply, json(200, job())]);
    expect(await failure(client.jobs.retrieve('job_x'))).toBeInstanceOf(JobsApiError);
    expect(fetch.requests).toHaveLength(1);
  });

  it('retries 408', async () => {
    const { client, fetch } = clientWith([json(408, { error: { code: 'request_timeout', message: 'slow' } }), json(200, job())]);
    await run(client.jobs.retrieve('job_x'));
    expect(fetch.requests).toHaveLength(2);
  });

  it('retries connection errors and keeps the cause when they persist', async () => {
    const cause = new TypeError('fetch failed');
    const { client, fetch } = clientWith([cause, cause, cause]);

    const error = await failure(client.jobs.list());

    expect(fetch.requests).toHaveLength(3);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toBeInstanceOf(JobsApiError);
    expect(error).toMatchObject({ code: 'connection_error', status: undefined, cause });
  });

  it('recovers when the connection comes back', async () => {
    const { client, fetch } = clientWith([new TypeError('fetch failed'), json(200, job({ id: 'job_back' }))]);
    expect(await run(client.jobs.retrieve('job_back'))).toMatchObject({ id: 'job_back' });
    expect(fetch.requests).toHaveLength(2);
  });
});

describe('idempotency keys across retries', () => {
  it('sends one generated key on every attempt of a create', async () => {
    const created = job();
    const { client, fetch } = clientWith([new TypeError('fetch failed'), apiError(500, 'internal_error'), json(200, created)]);

    expect(await run(client.jobs.create(parseBody))).toEqual(created);

    const keys = fetch.requests.map((r) => r.headers.get('idempotency-key'));
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys)).toEqual(new Set([keys[0]]));
    expect(fetch.requests.map((r) => r.body)).toEqual([parseBody, parseBody, parseBody]);
  });

  it('sends the caller’s key on every attempt', async () => {
    const { client, fetch } = clientWith([apiError(429, 'rate_limited'), json(200, job())]);
    await run(client.jobs.create(parseBody, { idempotencyKey: 'order-42' }));
    expect(fetch.requests.map((r) => r.headers.get('idempotency-key'))).toEqual(['order-42', 'order-42']);
  });

  it('uses a new key for each create call', async () => {
    const { client, fetch } = clientWith([json(200, job()), json(200, job())]);
    await run(client.jobs.create(parseBody));
    await run(client.jobs.create(parseBody));
    const [first, second] = fetch.requests.map((r) => r.headers.get('idempotency-key'));
    expect(first).toBeTruthy();
    expect(second).toBeTruthy();
    expect(first).not.toBe(second);
  });

  it('gives raw-client creates a key too', async () => {
    const { client, fetch } = clientWith([apiError(503, 'internal_error'), json(200, job())]);
    const { data } = await run(client.api.POST('/v1/jobs', { body: parseBody }));
    expect(data?.status).toBe('queued');
    const keys = fetch.requests.map((r) => r.headers.get('idempotency-key'));
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
  });

  it('retries 409 idempotency_key_in_use (the first request is still in flight) until the job is answered', async () => {
    const created = job();
    const { client, fetch } = clientWith([apiError(409, 'idempotency_key_in_use'), json(200, created, { 'idempotent-replayed': 'true' })]);
    expect(await run(client.jobs.create(parseBody))).toEqual(created);
    expect(fetch.requests).toHaveLength(2);
  });

  it('throws ConflictError when the key stays in use', async () => {
    const inUse = () => apiError(409, 'idempotency_key_in_use');
    const { client, fetch } = clientWith([inUse(), inUse(), inUse()]);
    expect(await failure(client.jobs.create(parseBody))).toMatchObject({ name: 'ConflictError', code: 'idempotency_key_in_use' });
    expect(fetch.requests).toHaveLength(3);
  });

  it('throws UnprocessableEntityError at once for idempotency_key_mismatch', async () => {
    const { client, fetch } = clientWith([apiError(422, 'idempotency_key_mismatch'), json(200, job())]);
    const error = await failure(client.jobs.create(parseBody, { idempotencyKey: 'reused' }));
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error).toMatchObject({ code: 'idempotency_key_mismatch', status: 422 });
    expect(fetch.requests).toHaveLength(1);
  });
});

describe('Retry-After', () => {
  it('waits exactly the seconds a 429 asks for, instead of the backoff schedule', async () => {
    const { client, fetch } = clientWith([
      apiError(429, 'rate_limited', {}, { 'retry-after': '3' }),
      apiError(429, 'rate_limited', {}, { 'retry-after': '7' }),
      json(200, job()),
    ]);
    await run(client.jobs.list());
    expect(gaps(fetch.requests.map((r) => r.at))).toEqual([3000, 7000]);
  });

  it('reads an HTTP date', async () => {
    const at = new Date(Date.now() + 4000).toUTCString();
    const { client, fetch } = clientWith([apiError(503, 'internal_error', {}, { 'retry-after': at }), json(200, job())]);
    await run(client.jobs.list());
    expect(gaps(fetch.requests.map((r) => r.at))).toEqual([4000]);
  });

  it('does not sleep through a Retry-After longer than a minute: it throws RateLimitError with retryAfterMs', async () => {
    const { client, fetch } = clientWith([apiError(429, 'rate_limited', {}, { 'retry-after': '120' }), json(200, job())]);
    const error = await failure(client.jobs.list());
    expect(fetch.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
  });

  it('throws RateLimitError with retryAfterMs once the retries are spent', async () => {
    const limited = () => apiError(429, 'rate_limited', {}, { 'retry-after': '1' });
    const { client, fetch } = clientWith([limited(), limited(), limited()]);
    const error = await failure(client.jobs.list());
    expect(fetch.requests).toHaveLength(3);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfterMs: 1000 });
  });
});

describe('timeouts', () => {
  it('aborts an attempt after timeoutMs, retries, and throws ConnectionTimeoutError when every attempt times out', async () => {
    const { client, fetch } = clientWith([hangingReply, hangingReply, hangingReply], { timeoutMs: 1000 });

    const error = await failure(client.jobs.retrieve('job_x'));

    expect(error).toBeInstanceOf(ConnectionTimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'timeout', status: undefined });
    expect(fetch.requests).toHaveLength(3);
    // 1000 ms attempt + 500 ms backoff, then 1000 ms + 1000 ms.
    expect(gaps(fetch.requests.map((r) => r.at))).toEqual([1500, 2000]);
    expect(fetch.requests.every((r) => r.signal.aborted)).toBe(true);
  });

  it('succeeds when a later attempt answers in time', async () => {
    const { client } = clientWith([hangingReply, json(200, job({ id: 'job_ok' }))], { timeoutMs: 1000 });
    expect(await run(client.jobs.retrieve('job_ok'))).toMatchObject({ id: 'job_ok' });
  });

  it('counts the time to read the answer body', async () => {
    // Headers arrive at once, the body never does.
    const stalledBody = (request: Request) =>
      new Response(
        new ReadableStream({
          start(controller) {
            request.signal.addEventListener('abort', () => controller.error(request.signal.reason), { once: true });
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    const { client, fetch } = clientWith([stalledBody], { timeoutMs: 2000, maxRetries: 0 });
    expect(await failure(client.jobs.retrieve('job_x'))).toBeInstanceOf(ConnectionTimeoutError);
    expect(fetch.requests).toHaveLength(1);
    expect(Date.now()).toBe(2000);
  });

  it('takes a per-call timeoutMs', async () => {
    const { client } = clientWith([hangingReply], { maxRetries: 0 });
    expect(await failure(client.jobs.retrieve('job_x', { timeoutMs: 50 }))).toBeInstanceOf(ConnectionTimeoutError);
    expect(Date.now()).toBe(50);
  });
});

describe('abort signal', () => {
  it('rejects with the signal’s reason during an attempt, without retrying', async () => {
    const { client, fetch } = clientWith([hangingReply, json(200, job())]);
    const controller = new AbortController();
    const reason = new Error('user navigated away');

    const promise = client.jobs.retrieve('job_x', { signal: controller.signal });
    promise.catch(() => {});
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(reason);

    await expect(promise).rejects.toBe(reason);
    await vi.runAllTimersAsync();
    expect(fetch.requests).toHaveLength(1);
  });

  it('rejects during a backoff sleep, and sends nothing more', async () => {
    const { client, fetch } = clientWith([apiError(500, 'internal_error'), json(200, job())]);
    const controller = new AbortController();

    const promise = client.jobs.retrieve('job_x', { signal: controller.signal });
    promise.catch(() => {});
    await vi.advanceTimersByTimeAsync(100); // inside the 500 ms backoff
    expect(fetch.requests).toHaveLength(1);
    controller.abort();

    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    await vi.runAllTimersAsync();
    expect(fetch.requests).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { client, fetch } = clientWith([json(200, job())]);
    await expect(client.jobs.retrieve('job_x', { signal: AbortSignal.abort(new Error('too late')) })).rejects.toThrow('too late');
    expect(fetch.requests).toHaveLength(0);
  });

  it('aborting is not a ConflictError or any API error', async () => {
    const { client } = clientWith([hangingReply]);
    const controller = new AbortController();
    const promise = client.jobs.cancel('job_x', { signal: controller.signal });
    promise.catch(() => {});
    controller.abort();
    const error = await promise.catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(JobsApiError);
    expect(error).not.toBeInstanceOf(ConflictError);
  });
});
