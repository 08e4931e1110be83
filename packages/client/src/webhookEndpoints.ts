/**
 * `client.webhookEndpoints` and `client.events`: the webhook endpoint and event operations of the
 * spec as methods that resolve with the data or throw a typed error.
 */
import type {
  DeletedObject,
  Event,
  EventList,
  EventRedelivery,
  paths,
  WebhookDeliveryList,
  WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointList,
  WebhookEndpointUpdate,
  ListEventsParams,
} from '@jobs-api/api-types';
import type { Client } from 'openapi-fetch';
import type { FetchLike } from './transport.js';
import type { RequestOptions } from './types.js';
import { unwrap } from './unwrap.js';

/** A page query of the webhook lists. */
export interface PageQuery {
  limit?: number | undefined;
  order?: 'asc' | 'desc' | undefined;
  after?: string | undefined;
  before?: string | undefined;
}

/** `client.webhookEndpoints`. */
export interface WebhookEndpointsResource {
  /** Registers a URL; the answer's `secret` (`whsec_…`) is shown only now: store it to verify deliveries. */
  create(body: WebhookEndpointCreate, options?: RequestOptions): Promise<WebhookEndpoint>;
  retrieve(endpointId: string, options?: RequestOptions): Promise<WebhookEndpoint>;
  list(query?: PageQuery, options?: RequestOptions): Promise<WebhookEndpointList>;
  update(endpointId: string, changes: WebhookEndpointUpdate, options?: RequestOptions): Promise<WebhookEndpoint>;
  delete(endpointId: string, options?: RequestOptions): Promise<DeletedObject>;
  /** A new secret (answered once); the old one keeps signing for 24 h. */
  rotateSecret(endpointId: string, options?: RequestOptions): Promise<WebhookEndpoint>;
  /** The endpoint's delivery attempts (status code, duration, error, next try). */
  listDeliveries(endpointId: string, query?: PageQuery, options?: RequestOptions): Promise<WebhookDeliveryList>;
}

/** `client.events`. */
export interface EventsResource {
  list(query?: ListEventsParams, options?: RequestOptions): Promise<EventList>;
  retrieve(eventId: string, options?: RequestOptions): Promise<Event>;
  /** Sends the event again, now (to one endpoint, or every subscribed one), with the same `webhook-id`. */
  redeliver(eventId: string, body?: { webhook_endpoint_id?: string }, options?: RequestOptions): Promise<EventRedelivery>;
}

interface Context {
  api: Client<paths>;
  transportFor(options: RequestOptions | undefined): FetchLike;
}

export function createWebhookEndpointsResource({ api, transportFor }: Context): WebhookEndpointsResource {
  const init = (options: RequestOptions | undefined) => ({ signal: options?.signal, headers: options?.headers, fetch: transportFor(options) });
  const path = (id: string) => ({ path: { webhook_endpoint_id: id } });
  // Casts: openapi-fetch's Readable<> view drops nothing here, but keeps optional `secret` loose; the api-types shapes are the contract.
  return {
    create: async (body, options) => unwrap(await api.POST('/v1/webhook_endpoints', { ...init(options), body })) as WebhookEndpoint,
    retrieve: async (id, options) =>
      unwrap(await api.GET('/v1/webhook_endpoints/{webhook_endpoint_id}', { ...init(options), params: path(id) })) as WebhookEndpoint,
    list: async (query = {}, options) => unwrap(await api.GET('/v1/webhook_endpoints', { ...init(options), params: { query } })) as WebhookEndpointList,
    update: async (id, changes, options) =>
      unwrap(await api.PATCH('/v1/webhook_endpoints/{webhook_endpoint_id}', { ...init(options), params: path(id), body: changes })) as WebhookEndpoint,
    delete: async (id, options) =>
      unwrap(await api.DELETE('/v1/webhook_endpoints/{webhook_endpoint_id}', { ...init(options), params: path(id) })) as DeletedObject,
    rotateSecret: async (id, options) =>
      unwrap(await api.POST('/v1/webhook_endpoints/{webhook_endpoint_id}/rotate_secret', { ...init(options), params: path(id) })) as WebhookEndpoint,
    listDeliveries: async (id, query = {}, options) =>
      unwrap(
        await api.GET('/v1/webhook_endpoints/{webhook_endpoint_id}/deliveries', { ...init(options), params: { ...path(id), query } }),
      ) as WebhookDeliveryList,
  };
}

export function createEventsResource({ api, transportFor }: Context): EventsResource {
  const init = (options: RequestOptions | undefined) => ({ signal: options?.signal, headers: options?.headers, fetch: transportFor(options) });
  return {
    list: async (query = {}, options) => unwrap(await api.GET('/v1/events', { ...init(options), params: { query } })) as EventList,
    retrieve: async (id, options) => unwrap(await api.GET('/v1/events/{event_id}', { ...init(options), params: { path: { event_id: id } } })) as Event,
    redeliver: async (id, body = {}, options) =>
      unwrap(await api.POST('/v1/events/{event_id}/redeliver', { ...init(options), params: { path: { event_id: id } }, body })) as EventRedelivery,
  };
}
