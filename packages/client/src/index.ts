/**
 * @jobs-api/client: a typed client for the Jobs API. Runs in Node 20+ and in browsers (no Node-only
 * import anywhere in this entry). API shapes come from @jobs-api/api-types and are re-exported here
 * so callers need one import.
 */
export { createJobsClient, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, type JobsClient, type JobsClientOptions } from './client.js';
export type { JobsResource } from './jobs.js';
export type { EventsResource, PageQuery, WebhookEndpointsResource } from './webhookEndpoints.js';
export { unwrapWebhook, WebhookVerificationError, type WebhookHeaders } from './webhooks.js';
export {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  ConnectionTimeoutError,
  errorFromResponse,
  InternalServerError,
  isApiError,
  JobsApiError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitError,
  UnprocessableEntityError,
  WaitTimeoutError,
  type JobsApiErrorInit,
  type WaitTimeoutErrorInit,
} from './errors.js';
export { generateIdempotencyKey } from './idempotency.js';
export type { FetchLike } from './transport.js';
export {
  isTerminalStatus,
  TERMINAL_JOB_STATUSES,
  type CreateJobOptions,
  type JobFor,
  type ListJobsQuery,
  type RequestOptions,
  type RetrieveJobOptions,
  type StreamJobOptions,
  type TerminalJobStatus,
  type WaitForCompletionOptions,
} from './types.js';
export { unwrap, type FetchResult } from './unwrap.js';
export type {
  ApiError,
  ApiErrorBody,
  CreateJobBody,
  Event,
  EventList,
  EventType,
  Job,
  JobEndpoint,
  JobList,
  JobRequestFor,
  JobResultFor,
  JobStatus,
  ListJobsParams,
  paths,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointList,
  WebhookEndpointUpdate,
} from '@jobs-api/api-types';
