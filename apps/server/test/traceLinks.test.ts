/**
 * How attempts and webhook deliveries join a job's trace, on both engines, in this process with a
 * tracer provider and an in-memory exporter (tracing.test.ts follows real processes to an OTLP
 * receiver): the first attempt is the create span's child; a retry after backoff starts a trace of
 * its own linked to the create span; a failed attempt carries its error code; a webhook delivery is
 * a span of its own trace linked to the job's.
 */
import type { Job, WebhookEndpoint } from '@jobs-api/api-types';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointRegistry } from '../src/index.js';
import { markTracingEnabled } from '../src/observability/tracing.js';
import { parseJob, startTestServer, waitFor, waitForStatus, type TestServer } from './helpers.js';
import { serverEngines } from './serverEngines.js';
import { startReceiver, type WebhookReceiver } from './webhookReceiver.js';

const exporter = new InMemorySpanExporter();

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
  markTracingEnabled();
});
afterAll(() => {
  trace.disable();
  propagation.disable();
  context.disable();
});

const PARSED = { document: { filename: 'x.txt', mime_type: 'text/plain' }, usage: { page_count: 1, credits: 1 }, pages: ['ok'], text: 'ok' };

describe.each(serverEngines('PostgreSQL trace-link tests'))('$name', (engine) => {
  let tearDown: (() => Promise<void>) | undefined;
  let server: TestServer;
  let receiver: WebhookReceiver;
  /** Attempts of each job the replaced handler saw: the first one fails (retryably), the next completes. */
  const attempts = new Map<string, number>();

  beforeAll(async () => {
    const { options, tearDown: down } = await engine.setUp();
    tearDown = down;
    receiver = await startReceiver();
    server = await startTestServer({
      ...options,
      fetchAllowHttp: true,
      webhookAllowedAddresses: ['127.0.0.1'],
      endpointOverrides: {
        '/v1/documents/parse': {
          endpoint: '/v1/documents/parse',
          async handle(_request, ctx) {
            const n = (attempts.get(ctx.jobId!) ?? 0) + 1;
            attempts.set(ctx.jobId!, n);
            if (n === 1) throw new Error('first attempt fails');
            return PARSED;
          },
        } as EndpointRegistry['/v1/documents/parse'],
      },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await tearDown?.();
    await receiver?.close();
  });

  const spansOf = (jobId: string) => exporter.getFinishedSpans().filter((s) => s.attributes['jobs_api.job.id'] === jobId);
  const id = (s: ReadableSpan) => s.spanContext().spanId;

  it('attempt 1 is the create span’s child and fails with its code; attempt 2 starts its own trace linked to the create span; the webhook delivery links to it too', async () => {
    const path = `/hook-${engine.name}`;
    const endpoint = (
      await server.call<WebhookEndpoint>('POST', '/v1/webhook_endpoints', { body: { url: receiver.url(path), enabled_events: ['job.completed'] } })
    ).body;
    expect(endpoint.id).toMatch(/^we_/);
    const created = await server.call<Job>('POST', '/v1/jobs', { body: parseJob() });
    expect(created.status).toBe(200);
    const jobId = created.body.id;
    expect((await waitForStatus(server, jobId, ['completed', 'failed'])).status).toBe('completed');

    const spans = await waitFor(
      async () => spansOf(jobId),
      (all) => all.filter((s) => s.name === 'process /v1/documents/parse').length === 2 && all.some((s) => s.name === 'deliver webhooks'),
      30_000,
      'both attempts and the webhook delivery to end',
    );
    const create = spans.find((s) => s.name === 'create /v1/documents/parse')!;
    expect(create.kind).toBe(SpanKind.PRODUCER);
    const [first, second] = spans
      .filter((s) => s.name === 'process /v1/documents/parse')
      .sort((a, b) => Number(a.attributes['jobs_api.job.attempt']) - Number(b.attributes['jobs_api.job.attempt']));

    expect(first!.parentSpanContext?.spanId).toBe(id(create));
    expect(first!.spanContext().traceId).toBe(create.spanContext().traceId);
    expect(first!.status.code).toBe(SpanStatusCode.ERROR);
    expect(first!.attributes).toMatchObject({ 'jobs_api.job.attempt': 1, 'jobs_api.job.outcome': 'retried', 'jobs_api.error.code': 'internal_error' });

    expect(second!.spanContext().traceId).not.toBe(create.spanContext().traceId);
    expect(second!.parentSpanContext).toBeUndefined();
    expect(second!.links.map((l) => l.context.spanId)).toEqual([id(create)]);
    expect(second!.attributes).toMatchObject({ 'jobs_api.job.attempt': 2, 'jobs_api.job.outcome': 'completed' });
    expect(second!.status.code).not.toBe(SpanStatusCode.ERROR);

    const delivery = spans.find((s) => s.name === 'deliver webhooks')!;
    expect(delivery.kind).toBe(SpanKind.PRODUCER);
    expect(delivery.parentSpanContext).toBeUndefined();
    expect(delivery.links.map((l) => l.context.spanId)).toEqual([id(create)]);
    expect(delivery.attributes).toMatchObject({
      'messaging.operation.name': 'deliver',
      'jobs_api.event.type': 'job.completed',
      'http.response.status_code': 200,
    });
    expect(receiver.received.filter((r) => r.path === path)).toHaveLength(1);
  });

  it('the trace context stays internal: the Job has its 20 fields and events carry no trace_context', async () => {
    const created = await server.call<Job>('POST', '/v1/jobs', { body: parseJob() });
    await waitForStatus(server, created.body.id, ['completed', 'failed']);
    const job = (await server.call<Job>('GET', `/v1/jobs/${created.body.id}`)).body;
    expect(Object.keys(job)).toHaveLength(20);
    expect(JSON.stringify(job)).not.toContain('trace');
    const events = (await server.call<{ data: { data: Record<string, unknown> }[] }>('GET', `/v1/events?limit=100`)).body;
    expect(events.data.length).toBeGreaterThan(0);
    for (const event of events.data) expect(Object.keys(event.data)).not.toContain('trace_context');
  });
});
