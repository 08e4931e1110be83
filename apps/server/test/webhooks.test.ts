/**
 * Webhook endpoints and deliveries end to end (SQLite; the store behaviour is also covered on
 * PostgreSQL by store/eventStore.test.ts): a real server, a real receiver on loopback, signatures
 * checked with the `standardwebhooks` package's own verify, retries on an injected fast schedule.
 */
import type { Event, EventList, Job, WebhookDeliveryList, WebhookEndpoint } from '@jobs-api/api-types';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverEngines } from './serverEngines.js';
import { storeApiKey, type ServerOptions } from '../src/index.js';
import { parseJob, startTestServer, waitFor, waitForStatus, type TestServer } from './helpers.js';
import { startReceiver, type ReceivedRequest, type WebhookReceiver } from './webhookReceiver.js';

const OTHER_KEY = 'sk_test_webhooks_other_org_key';
describe.each(serverEngines('PostgreSQL webhook tests'))('$name', (engine) => {
  let engineOptions: Partial<ServerOptions> = {};
  let tearDown: (() => Promise<void>) | undefined;
  let server: TestServer;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    ({ options: engineOptions, tearDown } = await engine.setUp());
    receiver = await startReceiver();
    server = await startTestServer({
      ...engineOptions,
      fetchAllowHttp: true,
      // Only the receiver's exact address is let through the SSRF guard: every other private or
      // loopback address (a redirect target, another URL) is still refused.
      webhookAllowedAddresses: ['127.0.0.1'],
      // The Standard Webhooks schedule, compressed: immediately, then 50 ms between tries.
      webhookRetryDelaysMs: [0, 50, 50, 50],
    });
    await storeApiKey(server.store, OTHER_KEY, 'org_other', Date.now());
  });
  afterAll(async () => {
    await server?.stop();
    await tearDown?.();
    await receiver?.close();
  });

  async function createEndpoint(path: string, extra: Record<string, unknown> = {}): Promise<WebhookEndpoint> {
    const res = await server.call<WebhookEndpoint>('POST', '/v1/webhook_endpoints', { body: { url: receiver.url(path), ...extra } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }

  const on = (path: string) => receiver.received.filter((r) => r.path === path);
  const headersOf = (r: ReceivedRequest) => ({
    'webhook-id': String(r.headers['webhook-id']),
    'webhook-timestamp': String(r.headers['webhook-timestamp']),
    'webhook-signature': String(r.headers['webhook-signature']),
  });

  describe('webhook endpoints', () => {
    it('create answers the secret once; get and list do not show it', async () => {
      const created = await createEndpoint('/created', { description: 'd', enabled_events: ['job.completed'] });
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(Buffer.from(created.secret!.slice('whsec_'.length), 'base64').length).toBeGreaterThanOrEqual(24);
      const got = await server.call<WebhookEndpoint>('GET', `/v1/webhook_endpoints/${created.id}`);
      expect(got.body).toEqual({ ...created, secret: undefined });
      expect('secret' in got.body).toBe(false);
      const list = await server.call<{ data: WebhookEndpoint[] }>('GET', '/v1/webhook_endpoints');
      expect(list.body.data.map((e) => e.id)).toContain(created.id);
      expect(list.body.data.every((e) => !('secret' in e))).toBe(true);
    });

    it('a URL the SSRF guard refuses is a 422 at creation and at update, and nothing is stored', async () => {
      const before = (await server.call<{ data: unknown[] }>('GET', '/v1/webhook_endpoints?limit=100')).body.data.length;
      for (const url of ['http://127.0.0.2:9/hook', 'http://10.1.2.3/hook', 'http://169.254.169.254/latest', 'ftp://example.com/x', 'http://[::1]:9/x']) {
        const res = await server.call('POST', '/v1/webhook_endpoints', { body: { url } });
        expect(res.status, url).toBe(422);
        expect(res.body.error.code).toMatch(/url_refused|validation_error/);
      }
      expect((await server.call<{ data: unknown[] }>('GET', '/v1/webhook_endpoints?limit=100')).body.data.length).toBe(before);
      const endpoint = await createEndpoint('/patched');
      const patched = await server.call('PATCH', `/v1/webhook_endpoints/${endpoint.id}`, { body: { url: 'http://127.0.0.2:9/x' } });
      expect(patched.status).toBe(422);
      expect((await server.call<WebhookEndpoint>('GET', `/v1/webhook_endpoints/${endpoint.id}`)).body.url).toBe(endpoint.url);
    });
  });

  describe('deliveries', () => {
    it('a receiver answering 500 twice gets the event a third time with the same webhook-id, each signed (standardwebhooks verify)', async () => {
      const endpoint = await createEndpoint('/flaky', { enabled_events: ['job.completed'], metadata: { run: 'flaky' } });
      receiver.script('/flaky', [{ status: 500 }, { status: 500 }]);
      const job = (await server.call<Job>('POST', '/v1/jobs', { body: parseJob('flaky', { metadata: { run: 'flaky' } }) })).body;
      await waitForStatus(server, job.id, ['completed']);
      const tries = await waitFor(
        async () => on('/flaky'),
        (r) => r.length >= 3,
        30_000,
        'three tries',
      );
      expect(tries).toHaveLength(3);
      const ids = tries.map((r) => r.headers['webhook-id']);
      expect(new Set(ids).size).toBe(1);
      const wh = new Webhook(endpoint.secret!);
      for (const t of tries) {
        const event = wh.verify(t.body, headersOf(t)) as Event;
        expect(event).toMatchObject({ id: ids[0], object: 'event', type: 'job.completed', data: { id: job.id, status: 'completed' } });
      }
      // A tampered body does not verify.
      expect(() => wh.verify(tries[0]!.body.replace('completed', 'failed'), headersOf(tries[0]!))).toThrow();
      // The log: three attempts, the last one delivered, and the event is listed.
      const log = await waitFor(
        async () => (await server.call<WebhookDeliveryList>('GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries?order=asc`)).body,
        (l) => l.data.length >= 3,
      );
      expect(log.data.map((a) => [a.attempt, a.status_code, a.error, a.succeeded])).toEqual([
        [1, 500, 'http_500', false],
        [2, 500, 'http_500', false],
        [3, 200, null, true],
      ]);
      expect(log.data[0]!.next_attempt_at).not.toBeNull();
      const events = (await server.call<EventList>('GET', `/v1/events?job_id=${job.id}&order=asc`)).body;
      expect(events.data.map((e) => e.type)).toEqual(['job.queued', 'job.started', 'job.completed']);
      expect(events.data.at(-1)!.id).toBe(ids[0]);
    });

    it('410 Gone disables the endpoint; nothing more is sent to it', async () => {
      const endpoint = await createEndpoint('/gone', { enabled_events: ['job.completed'], metadata: { run: 'gone' } });
      receiver.script('/gone', [{ status: 410 }]);
      const first = (await server.call<Job>('POST', '/v1/jobs', { body: parseJob('gone 1', { metadata: { run: 'gone' } }) })).body;
      await waitForStatus(server, first.id, ['completed']);
      const disabled = await waitFor(
        async () => (await server.call<WebhookEndpoint>('GET', `/v1/webhook_endpoints/${endpoint.id}`)).body,
        (e) => e.status === 'disabled',
      );
      expect(disabled.disabled_reason).toBe('gone');
      const second = (await server.call<Job>('POST', '/v1/jobs', { body: parseJob('gone 2', { metadata: { run: 'gone' } }) })).body;
      await waitForStatus(server, second.id, ['completed']);
      // One more full pass (fan-out, claim, attempts) after the second job's events exist: it must send nothing.
      await server.deliveries!.runOnce();
      const log = (await server.call<WebhookDeliveryList>('GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries`)).body;
      expect(on('/gone')).toHaveLength(1);
      expect(log.data.map((a) => a.status_code)).toEqual([410]);
    });

    it('a redirect to a private address is refused by the guard, never followed', async () => {
      const endpoint = await createEndpoint('/redirect', { enabled_events: ['job.completed'], metadata: { run: 'redirect' } });
      // 127.0.0.2 is loopback like the receiver's address, but not the one address let through.
      receiver.script('/redirect', [{ status: 307, headers: { location: `http://127.0.0.2:${receiver.port}/stolen` } }]);
      const job = (await server.call<Job>('POST', '/v1/jobs', { body: parseJob('redirect', { metadata: { run: 'redirect' } }) })).body;
      await waitForStatus(server, job.id, ['completed']);
      const log = await waitFor(
        async () => (await server.call<WebhookDeliveryList>('GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries?order=asc`)).body,
        (l) => l.data.length >= 1,
      );
      expect(log.data[0]).toMatchObject({ attempt: 1, status_code: null, error: 'blocked_address', succeeded: false });
      expect(on('/stolen')).toEqual([]);
    });

    it('during a secret rotation each delivery carries two signatures, one per secret; redeliver sends the same webhook-id', async () => {
      const endpoint = await createEndpoint('/rotated', { enabled_events: ['job.completed'], metadata: { run: 'rotated' } });
      const rotated = (await server.call<WebhookEndpoint>('POST', `/v1/webhook_endpoints/${endpoint.id}/rotate_secret`)).body;
      expect(rotated.secret).toMatch(/^whsec_/);
      expect(rotated.secret).not.toBe(endpoint.secret);
      await server.call<Job>('POST', '/v1/jobs', { body: parseJob('rotated', { metadata: { run: 'rotated' } }) });
      const [first] = await waitFor(
        async () => on('/rotated'),
        (r) => r.length >= 1,
      );
      expect(String(first!.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(new Webhook(endpoint.secret!).verify(first!.body, headersOf(first!))).toMatchObject({ type: 'job.completed' });
      expect(new Webhook(rotated.secret!).verify(first!.body, headersOf(first!))).toMatchObject({ type: 'job.completed' });

      const eventId = String(first!.headers['webhook-id']);
      const redelivered = await server.call('POST', `/v1/events/${eventId}/redeliver`, { body: { webhook_endpoint_id: endpoint.id } });
      expect(redelivered.status).toBe(202);
      expect(redelivered.body).toEqual({ object: 'event_redelivery', event_id: eventId, webhook_endpoint_ids: [endpoint.id] });
      const again = await waitFor(
        async () => on('/rotated'),
        (r) => r.length >= 2,
      );
      expect(again[1]!.headers['webhook-id']).toBe(eventId);
    });
  });

  describe('organization isolation', () => {
    it('another organization sees none of the events, endpoints or deliveries (404)', async () => {
      const endpoint = await createEndpoint('/isolated');
      const job = (await server.call<Job>('POST', '/v1/jobs', { body: parseJob('isolated') })).body;
      await waitForStatus(server, job.id, ['completed']);
      const event = (await server.call<EventList>('GET', `/v1/events?job_id=${job.id}`)).body.data[0]!;
      await waitFor(
        async () => on('/isolated'),
        (r) => r.length >= 1,
      );
      for (const [method, path, body] of [
        ['GET', `/v1/webhook_endpoints/${endpoint.id}`],
        ['PATCH', `/v1/webhook_endpoints/${endpoint.id}`, { status: 'disabled' }],
        ['POST', `/v1/webhook_endpoints/${endpoint.id}/rotate_secret`],
        ['GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries`],
        ['DELETE', `/v1/webhook_endpoints/${endpoint.id}`],
        ['GET', `/v1/events/${event.id}`],
        ['POST', `/v1/events/${event.id}/redeliver`, {}],
        ['GET', `/v1/jobs/${job.id}/events`],
      ] as const) {
        const res = await server.call(method, path, { key: OTHER_KEY, body });
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.body.error.code).toBe('not_found');
      }
      expect((await server.call<EventList>('GET', '/v1/events', { key: OTHER_KEY })).body.data).toEqual([]);
      expect((await server.call<EventList>('GET', `/v1/events?job_id=${job.id}`, { key: OTHER_KEY })).body.data).toEqual([]);
      expect((await server.call<{ data: unknown[] }>('GET', '/v1/webhook_endpoints', { key: OTHER_KEY })).body.data).toEqual([]);
      expect((await server.call('GET', `/v1/events?after=${event.id}`, { key: OTHER_KEY })).status).toBe(400);
      // And our endpoint is untouched.
      expect((await server.call<WebhookEndpoint>('GET', `/v1/webhook_endpoints/${endpoint.id}`)).body.status).toBe('enabled');
    });
  });
});
