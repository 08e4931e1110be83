/**
 * Push in the client: `jobs.stream` (SSE, resumed after a dropped connection without repeats or
 * gaps), `waitForCompletion` over long-poll, and `webhooks.unwrap` (Standard Webhooks verify).
 * The stream and long-poll run against a real server (API-only: jobs stay queued until the test
 * cancels them, so every step is driven, never slept for).
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobsClient, unwrapWebhook, WebhookVerificationError, type Event, type FetchLike, type JobsClient } from '../src/index.js';
import { serverUnavailable, startTestServer, textDataUrl, type TestServer } from './support/server.js';

const parseJob = (text: string) => ({ endpoint: '/v1/documents/parse', request: { document: { filename: 'n.txt', url: textDataUrl(text) } } }) as const;

describe.skipIf(serverUnavailable !== undefined)(`push against a real server${serverUnavailable ? ` (SKIPPED: ${serverUnavailable})` : ''}`, () => {
  let server: TestServer;
  let client: JobsClient;
  const sent: Request[] = [];
  /** How many stream connections to cut after their first event. */
  let cutStreams = 0;

  beforeAll(async () => {
    server = await startTestServer({ mode: 'api' });
    const fetchWithCuts: FetchLike = async (request) => {
      sent.push(request.clone());
      const response = await fetch(request);
      if (!request.url.endsWith('/events') || cutStreams === 0 || !response.body) return response;
      cutStreams--;
      // Pass the first frame on, then fail the body as a dropped connection would.
      const reader = response.body.getReader();
      let passed = '';
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (passed.includes('\n\n')) {
            await reader.cancel();
            controller.error(new TypeError('terminated'));
            return;
          }
          const { done, value } = await reader.read();
          if (done) return controller.close();
          passed += new TextDecoder().decode(value);
          controller.enqueue(value);
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    };
    client = createJobsClient({ baseUrl: server.url, apiKey: server.apiKey, fetch: fetchWithCuts });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('jobs.stream yields the current state then each change, and ends after the terminal event', async () => {
    const job = await client.jobs.create(parseJob('stream'));
    const seen: Event[] = [];
    for await (const event of client.jobs.stream(job.id)) {
      seen.push(event);
      if (event.type === 'job.queued') await client.jobs.cancel(job.id);
    }
    expect(seen.map((e) => e.type)).toEqual(['job.queued', 'job.cancelled']);
    expect(seen.every((e) => e.data.id === job.id)).toBe(true);
  });

  it('resumes a dropped stream with Last-Event-ID: no event repeated, none skipped', async () => {
    const job = await client.jobs.create(parseJob('resume'));
    cutStreams = 1;
    const before = sent.length;
    const seen: Event[] = [];
    for await (const event of client.jobs.stream(job.id)) {
      seen.push(event);
      if (event.type === 'job.queued') await client.jobs.cancel(job.id);
    }
    expect(seen.map((e) => e.type)).toEqual(['job.queued', 'job.cancelled']);
    const connections = sent.slice(before).filter((r) => r.url.endsWith('/events'));
    expect(connections.map((r) => r.headers.get('last-event-id'))).toEqual([null, '1']);
  });

  it('waitForCompletion long-polls: one held request instead of a poll loop', async () => {
    const job = await client.jobs.create(parseJob('long-poll'));
    const before = sent.length;
    const waiting = client.jobs.waitForCompletion(job.id, { pollIntervalMs: 20, timeoutMs: 30_000 });
    // Cancel once the long-poll is on the server.
    const t0 = Date.now();
    while (!sent.slice(before).some((r) => new URL(r.url).searchParams.has('wait')) && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 300));
    await client.jobs.cancel(job.id);
    expect(await waiting).toMatchObject({ id: job.id, status: 'cancelled' });
    const gets = sent.slice(before).filter((r) => r.method === 'GET' && new URL(r.url).pathname === `/v1/jobs/${job.id}`);
    // A light read, the held long-poll, then the final fetch with the response: a 20 ms poll loop
    // would have sent ~15.
    expect(gets.length).toBeLessThanOrEqual(3);
    expect(new URL(gets[1]!.url).searchParams.get('wait')).toMatch(/^(29|30)$/);
  });
});

describe('webhooks.unwrap', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const event = { id: 'evt_5f0c2a9d81b34e67a0c1d2e3', object: 'event', type: 'job.completed', created_at: 1764457202, data: { id: 'job_1' } };
  const body = JSON.stringify(event);
  const sign = (at: Date, withSecret = secret) => ({
    'webhook-id': event.id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(withSecret).sign(event.id, at, body),
  });

  it('answers the typed event of a delivery that verifies (plain object or Headers; any of several signatures)', () => {
    const headers = sign(new Date());
    expect(unwrapWebhook(body, headers, secret)).toEqual(event);
    expect(createJobsClient({ baseUrl: 'http://x', apiKey: 'k' }).webhooks.unwrap(body, new Headers(headers), secret)).toEqual(event);
    const other = sign(new Date(), 'whsec_b2xkb2xkb2xkb2xkb2xkb2xkb2xkb2xk')['webhook-signature'];
    expect(unwrapWebhook(body, { ...headers, 'webhook-signature': `${other} ${headers['webhook-signature']}` }, secret)).toEqual(event);
  });

  it.each([
    ['a tampered body', () => [body.replace('completed', 'failed'), sign(new Date())] as const, 'webhook_invalid_signature'],
    ['another secret', () => [body, sign(new Date(), 'whsec_b2xkb2xkb2xkb2xkb2xkb2xkb2xkb2xk')] as const, 'webhook_invalid_signature'],
    ['a timestamp 10 minutes old', () => [body, sign(new Date(Date.now() - 600_000))] as const, 'webhook_timestamp_out_of_range'],
    ['a missing header', () => [body, { 'webhook-id': event.id }] as const, 'webhook_missing_header'],
  ])('throws a WebhookVerificationError for %s', (_name, given, code) => {
    const [payload, headers] = given();
    const error = (() => {
      try {
        unwrapWebhook(payload, headers as Record<string, string>, secret);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect((error as WebhookVerificationError).code).toBe(code);
  });
});
