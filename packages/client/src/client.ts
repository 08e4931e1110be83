/**
 * `createJobsClient`: one openapi-fetch client typed by the spec, sending through the retrying
 * transport with the key and headers, plus the `jobs` helpers over it.
 */
import type { paths } from '@jobs-api/api-types';
import createClient, { type Client } from 'openapi-fetch';
import { idempotencyKeyMiddleware } from './idempotency.js';
import { createJobsResource, type JobsResource } from './jobs.js';
import { createTransport, type FetchLike } from './transport.js';
import { createEventsResource, createWebhookEndpointsResource, type EventsResource, type WebhookEndpointsResource } from './webhookEndpoints.js';
import { unwrapWebhook } from './webhooks.js';
import type { RequestOptions } from './types.js';

/** The client's default retries after the first attempt (three attempts in all). */
export const DEFAULT_MAX_RETRIES = 2;
/** The client's default limit for one attempt: 10 minutes, as the OpenAI SDK (a sync parse of a large scan can take minutes). */
export const DEFAULT_TIMEOUT_MS = 600_000;

/** Options of {@link createJobsClient}. */
export interface JobsClientOptions {
  /** The server's root URL, e.g. `http://127.0.0.1:8080` (no `/v1`: the paths carry it). */
  baseUrl: string;
  /** The API key, sent as the `Api-Key` header. */
  apiKey: string;
  /** The fetch to send with (default `globalThis.fetch`); inject one for tests, proxies or instrumentation. */
  fetch?: FetchLike | undefined;
  /** Retries after the first attempt for transient failures (default 2); `0` turns retries off. */
  maxRetries?: number | undefined;
  /** How long one attempt may take, in milliseconds (default 600 000). */
  timeoutMs?: number | undefined;
  /** Headers sent with every request (`Api-Key` is set from `apiKey`). */
  headers?: Record<string, string> | undefined;
}

/** What {@link createJobsClient} returns. */
export interface JobsClient {
  /**
   * The typed openapi-fetch client for every operation of the spec (`api.GET('/v1/projects')`, ...),
   * with the same key, retries and timeouts. It answers `{data, error, response}` like openapi-fetch
   * does (pass the result to `unwrap` to get a typed error thrown instead).
   */
  api: Client<paths>;
  /** Jobs: create, retrieve, list, iterate, cancel, retry, stream, waitForCompletion, createAndWait. */
  jobs: JobsResource;
  /** Webhook endpoints: create (answers the secret once), retrieve, list, update, delete, rotateSecret, listDeliveries. */
  webhookEndpoints: WebhookEndpointsResource;
  /** Events: list, retrieve, redeliver. */
  events: EventsResource;
  /** Receiving webhooks: `unwrap(body, headers, secret)` verifies a delivery and answers its typed event. */
  webhooks: { unwrap: typeof unwrapWebhook };
}

/**
 * Creates a client for a Jobs API server.
 *
 * @example
 * const client = createJobsClient({ baseUrl: 'http://127.0.0.1:8080', apiKey: process.env.JOBS_API_KEY! });
 * const job = await client.jobs.createAndWait({ endpoint: '/v1/documents/parse', request: { ... } });
 */
export function createJobsClient(options: JobsClientOptions): JobsClient {
  const { baseUrl, apiKey, headers, maxRetries = DEFAULT_MAX_RETRIES, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  if (!baseUrl) throw new TypeError('createJobsClient: `baseUrl` is required.');
  if (!apiKey) throw new TypeError('createJobsClient: `apiKey` is required.');
  assertCount('maxRetries', maxRetries);
  assertCount('timeoutMs', timeoutMs);
  // Looked up at call time and called as a method of globalThis: browsers throw "Illegal
  // invocation" for a detached `fetch`, and test setups may replace globalThis.fetch after this runs.
  const send: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
  const transportFor = (overrides: RequestOptions | undefined): FetchLike =>
    createTransport({ fetch: send, maxRetries: overrides?.maxRetries ?? maxRetries, timeoutMs: overrides?.timeoutMs ?? timeoutMs });

  const api = createClient<paths>({
    baseUrl,
    fetch: transportFor(undefined),
    headers: { ...headers, 'Api-Key': apiKey },
    // Array filters go out as the spec declares them (form, explode: `status=failed&status=expired`),
    // openapi-fetch's default. The server also takes the comma-joined form the official SDKs send,
    // but the mock validates against the declared style and would answer 400 to it.
  });
  api.use(idempotencyKeyMiddleware);
  const stream = { baseUrl, fetch: send, headers: { ...headers, 'Api-Key': apiKey } };
  return {
    api,
    jobs: createJobsResource({ api, transportFor, stream }),
    webhookEndpoints: createWebhookEndpointsResource({ api, transportFor }),
    events: createEventsResource({ api, transportFor }),
    webhooks: { unwrap: unwrapWebhook },
  };
}

function assertCount(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new TypeError(`createJobsClient: \`${name}\` must be a finite number >= 0, got ${value}.`);
}
