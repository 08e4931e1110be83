/**
 * `jobs.waitForCompletion` and `jobs.createAndWait`: light polls on a growing interval, one final
 * fetch with the payloads, a deadline and an abort signal. Fake timers: `at` is virtual time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createJobsClient, NotFoundError, WaitTimeoutError, type JobStatus } from '../src/index.js';
import { job, parseBody } from './support/fixtures.js';
import { apiError, hangingReply, json, scriptedFetch, type Reply } from './support/scripted-fetch.js';

const ID = 'job_waiting';
const polled = (status: JobStatus) => json(200, job({ id: ID, status }));
const withResponse = (status: JobStatus) => json(200, job({ id: ID, status, response: { status_code: 200, body: { text: 'Hello', pages: ['Hello'] } } }));

function clientWith(replies: Reply[]) {
  const fetch = scriptedFetch(replies);
  return { client: createJobsClient({ baseUrl: 'http://jobs.test', apiKey: 'sk_test', fetch }), fetch };
}

async function run<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  await vi.runAllTimersAsync();
  return promise;
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);
const flags = (url: URL) => [url.searchParams.get('include_response'), url.searchParams.get('include_request')];

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('jobs.waitForCompletion', () => {
  it('polls without payloads on a growing interval, then fetches the terminal job with its response', async () => {
    const { client, fetch } = clientWith([polled('queued'), polled('in_progress'), polled('in_progress'), polled('completed'), withResponse('completed')]);

    const done = await run(client.jobs.waitForCompletion(ID, { strategy: 'poll' }));

    expect(done).toMatchObject({ id: ID, status: 'completed', response: { status_code: 200 } });
    expect(fetch.requests.map((r) => flags(r.url))).toEqual([
      [null, null],
      [null, null],
      [null, null],
      [null, null],
      ['true', 'false'],
    ]);
    // 500 ms, then ×1.5 each time; the final fetch follows the terminal poll at once.
    expect(gaps(fetch.requests.map((r) => r.at))).toEqual([500, 750, 1125, 0]);
    // No deadline or attempt timer outlives the call (it would keep a Node script alive for 10 minutes).
    expect(vi.getTimerCount()).toBe(0);
  });

  it('long-polls after a first light read, and polls once the server answers a long-poll at once (it ignores `wait`)', async () => {
    const { client, fetch } = clientWith([polled('queued'), polled('queued'), polled('queued'), polled('completed'), withResponse('completed')]);
    await run(client.jobs.waitForCompletion(ID));
    expect(fetch.requests.map((r) => r.url.searchParams.get('wait'))).toEqual([null, '60', null, null, null]);
    // The long-poll follows the first read at once; once it came back at once, polling resumes at 500 ms.
    expect(gaps(fetch.requests.map((r) => r.at))).toEqual([0, 500, 750, 0]);
  });

  it('falls back to polling when the server refuses `wait` (400)', async () => {
    const { client, fetch } = clientWith([polled('queued'), apiError(400, 'invalid_request'), polled('completed'), withResponse('completed')]);
    await expect(run(client.jobs.waitForCompletion(ID))).resolves.toMatchObject({ status: 'completed' });
    expect(fetch.requests.map((r) => r.url.searchParams.get('wait'))).toEqual([null, '60', null, null]);
  });

  it('caps the interval at 5 s', async () => {
    const replies: Reply[] = Array.from({ length: 9 }, () => polled('queued'));
    const { client, fetch } = clientWith([...replies, polled('failed'), withResponse('failed')]);
    await run(client.jobs.waitForCompletion(ID, { pollIntervalMs: 1000, timeoutMs: 120_000, strategy: 'poll' }));
    expect(gaps(fetch.requests.map((r) => r.at)).slice(0, 9)).toEqual([1000, 1500, 2250, 3375, 5000, 5000, 5000, 5000, 5000]);
  });

  it.each(['completed', 'failed', 'cancelled', 'expired'] as const)('resolves (does not throw) for a %s job', async (status) => {
    const { client, fetch } = clientWith([polled(status), withResponse(status)]);
    await expect(run(client.jobs.waitForCompletion(ID))).resolves.toMatchObject({ status });
    expect(fetch.requests).toHaveLength(2);
  });

  it('skips the final fetch when no payload is wanted', async () => {
    const { client, fetch } = clientWith([polled('queued'), polled('completed')]);
    await expect(run(client.jobs.waitForCompletion(ID, { includeResponse: false }))).resolves.toMatchObject({ status: 'completed', response: null });
    expect(fetch.requests).toHaveLength(2);
  });

  it('can fetch the request too', async () => {
    const { client, fetch } = clientWith([polled('completed'), withResponse('completed')]);
    await run(client.jobs.waitForCompletion(ID, { includeRequest: true }));
    expect(flags(fetch.requests[1]!.url)).toEqual(['true', 'true']);
  });

  it('rejects with WaitTimeoutError (job id and last status) at the deadline, and stops polling', async () => {
    const { client, fetch } = scriptedClientRepeating(polled('in_progress'));

    const error = await run(client.jobs.waitForCompletion(ID, { timeoutMs: 3000 })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ code: 'wait_timeout', jobId: ID, lastStatus: 'in_progress' });
    expect(Date.now()).toBe(3000);
    const sent = fetch.requests.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch.requests).toHaveLength(sent);
  });

  it('the deadline also cuts a poll in flight', async () => {
    const { client, fetch } = clientWith([hangingReply]);
    const error = await run(client.jobs.waitForCompletion(ID, { timeoutMs: 2000 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ lastStatus: undefined });
    expect(Date.now()).toBe(2000);
    expect(fetch.requests[0]!.signal.aborted).toBe(true);
  });

  it('rejects with the signal’s reason when aborted between polls', async () => {
    const { client, fetch } = scriptedClientRepeating(polled('queued'));
    const controller = new AbortController();
    const promise = client.jobs.waitForCompletion(ID, { signal: controller.signal });
    promise.catch(() => {});
    await vi.advanceTimersByTimeAsync(1000);
    const sent = fetch.requests.length;
    controller.abort(new Error('stop waiting'));

    await expect(promise).rejects.toThrow('stop waiting');
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch.requests).toHaveLength(sent);
  });

  it('rejects with a poll’s typed error', async () => {
    const { client } = clientWith([polled('queued'), apiError(404, 'not_found')]);
    await expect(run(client.jobs.waitForCompletion(ID))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a transient poll failure is retried like any call', async () => {
    const { client, fetch } = clientWith([polled('queued'), apiError(503, 'internal_error'), polled('completed'), withResponse('completed')]);
    await expect(run(client.jobs.waitForCompletion(ID))).resolves.toMatchObject({ status: 'completed' });
    expect(fetch.requests).toHaveLength(4);
  });
});

describe('jobs.createAndWait', () => {
  it('creates with an idempotency key, then waits for the created job', async () => {
    const created = job({ id: ID, status: 'queued' });
    const { client, fetch } = clientWith([json(200, created), polled('completed'), withResponse('completed')]);

    const done = await run(client.jobs.createAndWait(parseBody, { idempotencyKey: 'k-1', pollIntervalMs: 100 }));

    expect(done.status).toBe('completed');
    expect(done.response?.body.text).toBe('Hello');
    expect(fetch.requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual(['POST /v1/jobs', `GET /v1/jobs/${ID}`, `GET /v1/jobs/${ID}`]);
    expect(fetch.requests[0]!.headers.get('idempotency-key')).toBe('k-1');
  });

  it('bounds the wait by timeoutMs', async () => {
    const { client } = scriptedClientRepeating(polled('queued'), json(200, job({ id: ID })));
    await expect(run(client.jobs.createAndWait(parseBody, { timeoutMs: 1000 }))).rejects.toBeInstanceOf(WaitTimeoutError);
  });
});

/** A client whose fetch answers `first` once (when given) and then `repeated` forever. */
function scriptedClientRepeating(repeated: Response, first?: Response) {
  const fetch = scriptedFetch(first ? [first, repeated] : [repeated], { repeatLast: true });
  return { client: createJobsClient({ baseUrl: 'http://jobs.test', apiKey: 'sk_test', fetch }), fetch };
}
