/**
 * The rows of `job_events`, `webhook_endpoints` and `webhook_attempts` as both engines store them,
 * and their one conversion to the API's Event, WebhookEndpoint and WebhookDelivery. Only the stores
 * call this.
 */
import type { Event, EventType, Metadata, WebhookDelivery, WebhookEndpoint, WebhookEndpointStatus, WebhookEventSelector } from '@jobs-api/api-types';
import type { ClaimedDelivery, DeliveryAttemptOutcome } from '../interfaces.js';
import { newWebhookAttemptId } from '../jobs/ids.js';
import { rowToJob, toSeconds, type JobRow } from './rows.js';

/** JSON columns arrive as text from SQLite and as parsed values from PostgreSQL (jsonb). */
type JsonColumn<T> = string | T;

function json<T>(value: JsonColumn<T>): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

/** A row of `job_events`. */
export interface EventRow {
  seq: number;
  /** `evt_` + 24 hex characters. */
  id: string;
  job_id: string;
  organization_id: string;
  /** The job's own event sequence (1, 2, ...). */
  job_seq: number;
  type: EventType;
  /** Unix seconds. */
  created_at: number;
  /** The job row right after the change, without request/response (written by the trigger). */
  job: JsonColumn<JobRow>;
}

export const EVENT_COLUMNS = 'seq, id, job_id, organization_id, job_seq, type, created_at, job';

export function rowToEvent(row: EventRow): Event {
  return { id: row.id, object: 'event', type: row.type, created_at: Number(row.created_at), data: rowToJob(json(row.job)) };
}

/** A row of `webhook_endpoints`. */
export interface WebhookEndpointRow {
  seq: number;
  /** `we_` + 21-character nanoid. */
  id: string;
  organization_id: string;
  url: string;
  description: string | null;
  enabled_events: JsonColumn<WebhookEventSelector[]>;
  metadata: JsonColumn<Metadata>;
  status: WebhookEndpointStatus;
  disabled_reason: WebhookEndpoint['disabled_reason'];
  secret: string;
  previous_secret: string | null;
  /** ms. */
  previous_secret_expires_at: number | null;
  /** ms. */
  failing_since: number | null;
  /** Unix seconds. */
  created_at: number;
}

export const WEBHOOK_ENDPOINT_COLUMNS = `seq, id, organization_id, url, description, enabled_events, metadata, status, disabled_reason,
  secret, previous_secret, previous_secret_expires_at, failing_since, created_at`;

/** The API shape; the secret only when `withSecret` (the answers of create and rotate). */
export function rowToWebhookEndpoint(row: WebhookEndpointRow, withSecret = false): WebhookEndpoint {
  return {
    id: row.id,
    object: 'webhook_endpoint',
    url: row.url,
    description: row.description,
    enabled_events: json(row.enabled_events),
    metadata: json(row.metadata),
    status: row.status,
    disabled_reason: row.disabled_reason,
    created_at: Number(row.created_at),
    ...(withSecret ? { secret: row.secret } : {}),
  };
}

/** The secrets a delivery is signed with at `now`: the current one, and the previous one during its overlap. */
export function signingSecrets(row: Pick<WebhookEndpointRow, 'secret' | 'previous_secret' | 'previous_secret_expires_at'>, now: number): string[] {
  const overlap = row.previous_secret !== null && row.previous_secret_expires_at !== null && Number(row.previous_secret_expires_at) > now;
  return overlap ? [row.secret, row.previous_secret!] : [row.secret];
}

/** A row of `webhook_attempts` (the delivery log). */
export interface WebhookAttemptRow {
  seq: number;
  /** `wda_` + 21-character nanoid. */
  id: string;
  delivery_id: string;
  endpoint_id: string;
  organization_id: string;
  event_id: string;
  event_type: EventType;
  attempt: number;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  /** 0/1 in SQLite, boolean in PostgreSQL. */
  succeeded: number | boolean;
  /** Unix seconds. */
  created_at: number;
  /** Unix seconds. */
  next_attempt_at: number | null;
}

export const WEBHOOK_ATTEMPT_COLUMNS = `seq, id, delivery_id, endpoint_id, organization_id, event_id, event_type, attempt, status_code,
  duration_ms, error, succeeded, created_at, next_attempt_at`;

export function rowToWebhookDelivery(row: WebhookAttemptRow): WebhookDelivery {
  return {
    id: row.id,
    object: 'webhook_delivery',
    webhook_endpoint_id: row.endpoint_id,
    event_id: row.event_id,
    event_type: row.event_type,
    attempt: Number(row.attempt),
    status_code: row.status_code === null ? null : Number(row.status_code),
    duration_ms: Number(row.duration_ms),
    error: row.error,
    succeeded: row.succeeded === true || row.succeeded === 1,
    created_at: Number(row.created_at),
    next_attempt_at: row.next_attempt_at === null ? null : Number(row.next_attempt_at),
  };
}

/** The columns a delivery attempt writes to `webhook_attempts` (both engines, in this order). */
export const WEBHOOK_ATTEMPT_INSERT_COLUMNS =
  'id, delivery_id, endpoint_id, organization_id, event_id, event_type, attempt, status_code, duration_ms, error, succeeded, created_at, next_attempt_at';

/** What a delivery becomes after an attempt: delivered, given up, or due again at `nextAttemptAt`. */
export function deliveryStatusAfter(outcome: DeliveryAttemptOutcome): 'succeeded' | 'failed' | 'pending' {
  return outcome.succeeded ? 'succeeded' : outcome.nextAttemptAt === undefined ? 'failed' : 'pending';
}

/** The values of one attempt's row, for {@link WEBHOOK_ATTEMPT_INSERT_COLUMNS} (times in seconds, as the API shows them). */
export function webhookAttemptValues(claim: ClaimedDelivery, outcome: DeliveryAttemptOutcome, now: number): unknown[] {
  return [
    newWebhookAttemptId(),
    claim.deliveryId,
    claim.endpointId,
    claim.organizationId,
    claim.event.id,
    claim.event.type,
    claim.attempt,
    outcome.statusCode,
    Math.round(outcome.durationMs),
    outcome.error,
    outcome.succeeded,
    toSeconds(now),
    outcome.nextAttemptAt === undefined ? null : toSeconds(outcome.nextAttemptAt),
  ];
}
