/**
 * Events, webhook endpoints and deliveries in the store, run unchanged against every engine like the
 * store suite. Times are driven through `now` arguments.
 */
import type { Event, EventType } from '@jobs-api/api-types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClaimedDelivery, JobStore, NewJob, NewWebhookEndpoint } from '../../src/interfaces.js';
import { newWebhookEndpointId } from '../../src/jobs/ids.js';
import { announcePostgres } from '../postgres/testDatabase.js';
import { storeEngines } from './engines.js';
import { HOUR, newJob as baseJob, T0 } from './fixtures.js';

/** The store suite's job, with the metadata the endpoint filters here match on. */
const newJob = (overrides: Partial<NewJob> = {}): NewJob => baseJob({ metadata: { batch: 'b1' }, ...overrides });

function newEndpoint(overrides: Partial<NewWebhookEndpoint> = {}): NewWebhookEndpoint {
  return {
    id: newWebhookEndpointId(),
    organizationId: 'org_a',
    url: 'https://hooks.example.com/a',
    description: null,
    enabledEvents: ['*'],
    metadata: {},
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    createdAt: T0,
    ...overrides,
  };
}

const claimArgs = (workerId = 'w1', now = T0) => ({ workerId, limit: 10, now, leaseMs: 30_000, orgMaxInFlight: 0 });
const deliveryArgs = (workerId = 'd1', now = T0) => ({ workerId, limit: 10, now, leaseMs: 30_000 });

announcePostgres('PostgreSQL event store suite');

describe.each(storeEngines)('event store: $name', (engine) => {
  let store: JobStore;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ store, dispose } = await engine.create());
  });
  afterEach(() => dispose());

  const typesOf = async (jobId: string, org = 'org_a'): Promise<EventType[]> => (await store.listJobEvents(org, jobId, 0)).map((e) => e.event.type);

  it('every status change, whichever statement makes it, stores exactly one event, in order', async () => {
    const job = await store.insertJob(newJob());
    let [claim] = await store.claimJobs(claimArgs());
    await store.renewLeases([claim!], T0 + 1000, 30_000); // not a status change: no event
    await store.failJob(claim!, { error: { code: 'upstream_error', message: 'x' }, retryAt: T0 }, T0 + 1000);
    [claim] = await store.claimJobs(claimArgs('w1', T0 + 2000));
    await store.requeueExpiredLeases(T0 + 40_000); // lost lease → queued again
    [claim] = await store.claimJobs(claimArgs('w2', T0 + 41_000));
    expect(await store.completeJob(claim!, { status_code: 200, body: {} }, T0 + 42_000)).toBe(true);
    await store.cancelJob('org_a', job.id, T0 + 43_000); // not cancellable: no event
    const entries = await store.listJobEvents('org_a', job.id, 0);
    expect(entries.map((e) => e.event.type)).toEqual([
      'job.queued',
      'job.started',
      'job.retrying',
      'job.started',
      'job.retrying',
      'job.started',
      'job.completed',
    ]);
    expect(entries.map((e) => e.jobSeq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Each event's data is the job right after its change, as GET answers it (without payloads).
    expect(entries.map((e) => e.event.data.status)).toEqual(['queued', 'in_progress', 'queued', 'in_progress', 'queued', 'in_progress', 'completed']);
    const last = entries.at(-1)!.event;
    expect(last).toMatchObject({ object: 'event', type: 'job.completed', created_at: (T0 + 42_000) / 1000 });
    expect(last.id).toMatch(/^evt_[0-9a-f]{24}$/);
    expect(last.data).toEqual(await store.getJob('org_a', job.id));
    expect(new Set(entries.map((e) => e.event.id)).size).toBe(7);
  });

  it('cancel, expire, fail and retry: one event each; a validating insert waits for its queueing', async () => {
    const cancelled = await store.insertJob(newJob());
    await store.cancelJob('org_a', cancelled.id, T0);
    await store.cancelJob('org_a', cancelled.id, T0); // already cancelled: no event
    await store.retryJob('org_a', cancelled.id, T0 + 1000, { maxAttempts: 3, ttlMs: HOUR });
    expect(await typesOf(cancelled.id)).toEqual(['job.queued', 'job.cancelled', 'job.queued']);

    const expiring = await store.insertJob(newJob({ expiresAt: T0 + HOUR }));
    await store.expireJobs(T0 + HOUR);
    expect(await typesOf(expiring.id)).toEqual(['job.queued', 'job.expired']);

    const failing = await store.insertJob(newJob({ maxAttempts: 1 }));
    const claims = await store.claimJobs(claimArgs('w1', T0 + 2 * HOUR));
    await store.failJob(
      claims.find((c) => c.jobId === failing.id)!,
      { error: { code: 'invalid_document', message: 'bad' } },
      T0 + 2 * HOUR,
    );
    expect(await typesOf(failing.id)).toEqual(['job.queued', 'job.started', 'job.failed']);

    const validating = await store.insertJob(newJob({ status: 'validating' }));
    expect(await typesOf(validating.id)).toEqual([]);
    await store.cancelJob('org_a', validating.id, T0);
    expect(await typesOf(validating.id)).toEqual(['job.cancelled']);
  });

  it('events are scoped to the organization, paged by cursor, and deleted with their job record', async () => {
    const jobs = [];
    for (let i = 0; i < 3; i++) jobs.push(await store.insertJob(newJob({ expiresAt: T0 + HOUR })));
    for (const j of jobs) await store.cancelJob('org_a', j.id, T0);
    const all = (await store.listEvents('org_a', { limit: 100, order: 'asc' }))!;
    expect(all.data).toHaveLength(6);
    const page1 = (await store.listEvents('org_a', { limit: 4, order: 'desc' }))!;
    expect(page1.hasMore).toBe(true);
    const page2 = (await store.listEvents('org_a', { limit: 4, order: 'desc', after: page1.data.at(-1)!.id }))!;
    expect([...page1.data, ...page2.data].map((e) => e.id)).toEqual(all.data.map((e) => e.id).reverse());
    const onlyCancelled = (await store.listEvents('org_a', { limit: 100, order: 'asc', types: ['job.cancelled'], jobId: jobs[1]!.id }))!;
    expect(onlyCancelled.data.map((e) => [e.type, e.data.id])).toEqual([['job.cancelled', jobs[1]!.id]]);
    expect(await store.listEvents('org_a', { limit: 10, order: 'asc', after: 'evt_nope' })).toBeUndefined();
    // Another organization sees none of them.
    expect((await store.listEvents('org_b', { limit: 100, order: 'asc' }))!.data).toEqual([]);
    expect(await store.getEvent('org_b', all.data[0]!.id)).toBeUndefined();
    expect(await store.getEvent('org_a', all.data[0]!.id)).toEqual(all.data[0]);
    expect(await store.listJobEvents('org_b', jobs[0]!.id, 0)).toEqual([]);
    expect(await store.listEvents('org_b', { limit: 10, order: 'asc', after: all.data[0]!.id })).toBeUndefined();
    // Purged with the job.
    await store.purgeExpiredPayloads(T0 + 2 * HOUR, 0);
    expect(await store.deleteExpiredRecords(T0 + 30 * HOUR, HOUR)).toBe(3);
    expect((await store.listEvents('org_a', { limit: 100, order: 'asc' }))!.data).toEqual([]);
  });

  it('webhook endpoints: insert answers the secret once, get/list/update/rotate/delete scoped to the organization', async () => {
    const created = await store.insertWebhookEndpoint(newEndpoint({ enabledEvents: ['job.completed'], metadata: { batch: 'b1' }, description: 'd' }));
    expect(created).toMatchObject({
      object: 'webhook_endpoint',
      status: 'enabled',
      disabled_reason: null,
      enabled_events: ['job.completed'],
      metadata: { batch: 'b1' },
      secret: expect.stringMatching(/^whsec_/),
    });
    const { secret: _secret, ...withoutSecret } = created;
    expect(await store.getWebhookEndpoint('org_a', created.id)).toEqual(withoutSecret);
    expect(await store.getWebhookEndpoint('org_b', created.id)).toBeUndefined();
    const second = await store.insertWebhookEndpoint(newEndpoint());
    expect((await store.listWebhookEndpoints('org_a', { limit: 1, order: 'desc' }))!).toMatchObject({ data: [{ id: second.id }], hasMore: true });
    expect((await store.listWebhookEndpoints('org_a', { limit: 1, order: 'desc', after: second.id }))!.data[0]!.id).toBe(created.id);
    expect((await store.listWebhookEndpoints('org_b', { limit: 10, order: 'desc' }))!.data).toEqual([]);

    expect(await store.updateWebhookEndpoint('org_b', created.id, { status: 'disabled' })).toBeUndefined();
    expect(await store.updateWebhookEndpoint('org_a', created.id, { status: 'disabled' })).toMatchObject({
      status: 'disabled',
      disabled_reason: 'disabled_by_user',
      description: 'd',
    });
    expect(await store.updateWebhookEndpoint('org_a', created.id, { status: 'enabled', description: null, enabledEvents: ['*'] })).toMatchObject({
      status: 'enabled',
      disabled_reason: null,
      description: null,
      enabled_events: ['*'],
    });
    const rotated = await store.rotateWebhookSecret('org_a', created.id, 'whsec_bmV3bmV3bmV3bmV3bmV3bmV3bmV3bmV3', T0 + 24 * HOUR);
    expect(rotated!.secret).toBe('whsec_bmV3bmV3bmV3bmV3bmV3bmV3bmV3bmV3');
    expect(await store.rotateWebhookSecret('org_b', created.id, 'whsec_x', T0)).toBeUndefined();
    expect(await store.deleteWebhookEndpoint('org_b', created.id)).toBe(false);
    expect(await store.deleteWebhookEndpoint('org_a', created.id)).toBe(true);
    expect(await store.getWebhookEndpoint('org_a', created.id)).toBeUndefined();
  });

  it('fan-out: one delivery per subscribed endpoint (type and metadata filter), each event once', async () => {
    const all = await store.insertWebhookEndpoint(newEndpoint());
    const completedOnly = await store.insertWebhookEndpoint(newEndpoint({ enabledEvents: ['job.completed', 'job.failed'] }));
    const otherBatch = await store.insertWebhookEndpoint(newEndpoint({ metadata: { batch: 'b2' } }));
    const otherOrg = await store.insertWebhookEndpoint(newEndpoint({ organizationId: 'org_b' }));
    const job = await store.insertJob(newJob());
    const [claim] = await store.claimJobs(claimArgs());
    await store.completeJob(claim!, { status_code: 200, body: {} }, T0);
    expect(await store.fanOutEvents(100, T0)).toBe(3);
    expect(await store.fanOutEvents(100, T0)).toBe(0);
    const claims = await store.claimDeliveries(deliveryArgs());
    const pairs = claims.map((c) => `${c.endpointId} ${c.event.type}`).sort();
    expect(pairs).toEqual([`${all.id} job.queued`, `${all.id} job.started`, `${all.id} job.completed`, `${completedOnly.id} job.completed`].sort());
    expect(claims.every((c) => c.event.data.id === job.id && c.attempt === 1 && c.secrets.length === 1)).toBe(true);
    expect(pairs.some((p) => p.startsWith(otherBatch.id) || p.startsWith(otherOrg.id))).toBe(false);
    // Leased: nobody else gets them until the lease expires.
    expect(await store.claimDeliveries(deliveryArgs('d2', T0 + 29_000))).toEqual([]);
    const retaken = await store.claimDeliveries(deliveryArgs('d2', T0 + 31_000));
    expect(retaken).toHaveLength(4);
    expect(retaken.every((c) => c.attempt === 2)).toBe(true);
    // The first worker's late outcome is refused by the fence.
    expect(await store.recordDeliveryAttempt(claims[0]!, { statusCode: 200, durationMs: 5, error: null, succeeded: true }, T0 + 32_000)).toBe(false);
  });

  it('delivery outcomes: retry at nextAttemptAt, success, 410 disables; the log lists attempts; redeliver', async () => {
    const endpoint = await store.insertWebhookEndpoint(newEndpoint({ enabledEvents: ['job.cancelled'] }));
    const job = await store.insertJob(newJob());
    await store.cancelJob('org_a', job.id, T0);
    await store.fanOutEvents(100, T0);
    let [d] = await store.claimDeliveries(deliveryArgs());
    expect(await store.recordDeliveryAttempt(d!, { statusCode: 500, durationMs: 12, error: 'http_500', succeeded: false, nextAttemptAt: T0 + 5000 }, T0)).toBe(
      true,
    );
    expect(await store.claimDeliveries(deliveryArgs('d1', T0 + 4999))).toEqual([]);
    [d] = await store.claimDeliveries(deliveryArgs('d1', T0 + 5000));
    expect(d).toMatchObject({ attempt: 2, failingSince: T0 });
    expect(await store.recordDeliveryAttempt(d!, { statusCode: 204, durationMs: 7, error: null, succeeded: true }, T0 + 5000)).toBe(true);
    expect(await store.claimDeliveries(deliveryArgs('d1', T0 + HOUR))).toEqual([]);

    const log = (await store.listWebhookAttempts('org_a', endpoint.id, { limit: 10, order: 'asc' }))!;
    expect(log.data.map((a) => [a.attempt, a.status_code, a.error, a.succeeded, a.next_attempt_at])).toEqual([
      [1, 500, 'http_500', false, (T0 + 5000) / 1000],
      [2, 204, null, true, null],
    ]);
    expect(log.data.every((a) => a.event_id === d!.event.id && a.webhook_endpoint_id === endpoint.id)).toBe(true);
    expect(await store.listWebhookAttempts('org_b', endpoint.id, { limit: 10, order: 'asc' })).toBeUndefined();

    // Redeliver: a new delivery of the same event, due now; another organization cannot.
    expect(await store.redeliverEvent('org_b', d!.event.id, undefined, T0 + HOUR)).toEqual({ kind: 'event_not_found' });
    expect(await store.redeliverEvent('org_a', d!.event.id, 'we_nope', T0 + HOUR)).toEqual({ kind: 'endpoint_not_found' });
    expect(await store.redeliverEvent('org_a', d!.event.id, undefined, T0 + HOUR)).toEqual({ kind: 'scheduled', endpointIds: [endpoint.id] });
    expect(await store.redeliverEvent('org_a', d!.event.id, endpoint.id, T0 + HOUR)).toEqual({ kind: 'scheduled', endpointIds: [endpoint.id] });
    const again = await store.claimDeliveries(deliveryArgs('d1', T0 + HOUR));
    expect(again.map((c) => [c.event.id, c.attempt])).toEqual([[d!.event.id, 1]]); // one pending per pair
    // 410: the endpoint is disabled and its pending deliveries wait.
    expect(
      await store.recordDeliveryAttempt(again[0]!, { statusCode: 410, durationMs: 3, error: 'http_410', succeeded: false, disableEndpoint: 'gone' }, T0 + HOUR),
    ).toBe(true);
    expect(await store.getWebhookEndpoint('org_a', endpoint.id)).toMatchObject({ status: 'disabled', disabled_reason: 'gone' });
    await store.redeliverEvent('org_a', d!.event.id, endpoint.id, T0 + HOUR);
    expect(await store.claimDeliveries(deliveryArgs('d1', T0 + 2 * HOUR))).toEqual([]);
  });

  it('a rotated secret signs alongside the new one until its overlap ends', async () => {
    const endpoint = await store.insertWebhookEndpoint(newEndpoint({ secret: 'whsec_b2xkb2xkb2xkb2xkb2xkb2xkb2xkb2xk' }));
    await store.rotateWebhookSecret('org_a', endpoint.id, 'whsec_bmV3bmV3bmV3bmV3bmV3bmV3bmV3bmV3', T0 + 24 * HOUR);
    const job = await store.insertJob(newJob());
    await store.cancelJob('org_a', job.id, T0);
    await store.fanOutEvents(100, T0);
    const claims: ClaimedDelivery[] = await store.claimDeliveries({ ...deliveryArgs(), limit: 1 });
    expect(claims[0]!.secrets).toEqual(['whsec_bmV3bmV3bmV3bmV3bmV3bmV3bmV3bmV3', 'whsec_b2xkb2xkb2xkb2xkb2xkb2xkb2xkb2xk']);
    const later = await store.claimDeliveries({ ...deliveryArgs('d1', T0 + 25 * HOUR), limit: 1 });
    expect(later[0]!.secrets).toEqual(['whsec_bmV3bmV3bmV3bmV3bmV3bmV3bmV3bmV3']);
  });
});

export type { Event };
