/**
 * The rules of the events and webhook endpoint operations: HTTP-agnostic, like jobs/service.ts.
 * Every read and write is scoped to the caller's organization (another organization's endpoint or
 * event is a 404). Webhook URLs are checked by the guarded fetcher's own check when registered
 * (422 `url_refused`), and again by the fetcher at every delivery.
 */
import type {
  DeletedObject,
  Event,
  EventRedelivery,
  EventType,
  ListEventsParams,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointUpdate,
} from '@jobs-api/api-types';
import { asApiProblem, notFound } from '../errors.js';
import type { Clock, JobStore, Page } from '../interfaces.js';
import { pageOf, type PageParams } from '../store/pagination.js';
import { newWebhookEndpointId } from '../jobs/ids.js';
import { newWebhookSecret, SECRET_ROTATION_OVERLAP_MS } from './secrets.js';

export interface WebhookDeps {
  store: JobStore;
  clock: Clock;
  /** Throws (422 `url_refused`) for a URL deliveries may not reach: the guarded fetcher's check. */
  checkWebhookUrl(url: string): Promise<void>;
}

async function checkUrl(deps: WebhookDeps, url: string): Promise<void> {
  try {
    await deps.checkWebhookUrl(url);
  } catch (error) {
    throw asApiProblem(error) ?? error;
  }
}

export async function createWebhookEndpoint(deps: WebhookDeps, organizationId: string, body: WebhookEndpointCreate): Promise<WebhookEndpoint> {
  await checkUrl(deps, body.url);
  return deps.store.insertWebhookEndpoint({
    id: newWebhookEndpointId(),
    organizationId,
    url: body.url,
    description: body.description ?? null,
    enabledEvents: body.enabled_events ?? ['*'],
    metadata: body.metadata ?? {},
    secret: newWebhookSecret(),
    createdAt: deps.clock.now(),
  });
}

export async function getWebhookEndpoint(deps: WebhookDeps, organizationId: string, endpointId: string): Promise<WebhookEndpoint> {
  const endpoint = await deps.store.getWebhookEndpoint(organizationId, endpointId);
  if (!endpoint) throw notFound('webhook endpoint', endpointId);
  return endpoint;
}

export async function listWebhookEndpoints(deps: WebhookDeps, organizationId: string, params: PageParams): Promise<Page<WebhookEndpoint>> {
  return pageOf(params, 'a webhook endpoint of this organization', (query) => deps.store.listWebhookEndpoints(organizationId, query));
}

export async function updateWebhookEndpoint(
  deps: WebhookDeps,
  organizationId: string,
  endpointId: string,
  body: WebhookEndpointUpdate,
): Promise<WebhookEndpoint> {
  // 404 before the URL check: another organization's endpoint must not be probed through it.
  await getWebhookEndpoint(deps, organizationId, endpointId);
  if (body.url !== undefined) await checkUrl(deps, body.url);
  const updated = await deps.store.updateWebhookEndpoint(organizationId, endpointId, {
    url: body.url,
    description: body.description,
    enabledEvents: body.enabled_events,
    metadata: body.metadata,
    status: body.status,
  });
  if (!updated) throw notFound('webhook endpoint', endpointId);
  return updated;
}

export async function rotateWebhookEndpointSecret(deps: WebhookDeps, organizationId: string, endpointId: string): Promise<WebhookEndpoint> {
  const rotated = await deps.store.rotateWebhookSecret(organizationId, endpointId, newWebhookSecret(), deps.clock.now() + SECRET_ROTATION_OVERLAP_MS);
  if (!rotated) throw notFound('webhook endpoint', endpointId);
  return rotated;
}

export async function deleteWebhookEndpoint(deps: WebhookDeps, organizationId: string, endpointId: string): Promise<DeletedObject> {
  if (!(await deps.store.deleteWebhookEndpoint(organizationId, endpointId))) throw notFound('webhook endpoint', endpointId);
  return { id: endpointId, object: 'webhook_endpoint', deleted: true };
}

export async function listWebhookDeliveries(deps: WebhookDeps, organizationId: string, endpointId: string, params: PageParams): Promise<Page<WebhookDelivery>> {
  return pageOf(params, 'a delivery of this webhook endpoint', async (query) => {
    await getWebhookEndpoint(deps, organizationId, endpointId);
    return deps.store.listWebhookAttempts(organizationId, endpointId, query);
  });
}

export async function listEvents(deps: WebhookDeps, organizationId: string, params: ListEventsParams): Promise<Page<Event>> {
  const filters = { jobId: params.job_id, types: params.type as EventType[] | undefined };
  return pageOf(params, 'an event of this organization', (query) => deps.store.listEvents(organizationId, { ...query, ...filters }));
}

export async function getEvent(deps: WebhookDeps, organizationId: string, eventId: string): Promise<Event> {
  const event = await deps.store.getEvent(organizationId, eventId);
  if (!event) throw notFound('event', eventId);
  return event;
}

export async function redeliverEvent(deps: WebhookDeps, organizationId: string, eventId: string, endpointId: string | undefined): Promise<EventRedelivery> {
  const outcome = await deps.store.redeliverEvent(organizationId, eventId, endpointId, deps.clock.now());
  if (outcome.kind === 'event_not_found') throw notFound('event', eventId);
  if (outcome.kind === 'endpoint_not_found') throw notFound('webhook endpoint', endpointId!);
  return { object: 'event_redelivery', event_id: eventId, webhook_endpoint_ids: outcome.endpointIds };
}
