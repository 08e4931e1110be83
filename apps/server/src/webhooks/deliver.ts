/**
 * One delivery attempt: POST the event to the endpoint through the guarded fetcher (the same SSRF
 * guard as document URLs: scheme, address after DNS resolution, every redirect re-checked), signed,
 * within the attempt timeout. Never throws: every way it can go wrong is an outcome to log.
 */
import { DocumentError, type GuardedFetch } from '@jobs-api/documents/api';
import type { ClaimedDelivery, DeliveryAttemptOutcome, EpochMs } from '../interfaces.js';
import { afterFailure, retryAfterMs, type SchedulePolicy } from './schedule.js';
import { signDelivery } from './signing.js';

/** Why an attempt got no answer, from the guarded fetcher's error codes. */
const FETCH_ERRORS: Record<string, string> = {
  url_refused: 'blocked_address',
  too_many_redirects: 'too_many_redirects',
  fetch_timeout: 'timeout',
  fetch_failed: 'connection_failed',
  response_too_large: 'response_too_large',
};

export interface DeliverArgs {
  fetch: GuardedFetch;
  now: () => EpochMs;
  policy: SchedulePolicy;
  signal?: AbortSignal;
}

export async function deliver(claim: ClaimedDelivery, args: DeliverArgs): Promise<DeliveryAttemptOutcome> {
  const body = JSON.stringify(claim.event);
  const sentAt = args.now();
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'jobs-api-webhooks/1',
    ...signDelivery(claim.event.id, sentAt, body, claim.secrets),
  };
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null;
  let retryAfter: number | undefined;
  try {
    const response = await args.fetch(claim.url, { method: 'POST', headers, body, signal: args.signal });
    statusCode = response.status;
    if (response.status >= 200 && response.status < 300) {
      return { statusCode, durationMs: performance.now() - started, error: null, succeeded: true };
    }
    error = `http_${response.status}`;
    retryAfter = retryAfterMs(response.headers.get('retry-after'), args.now());
  } catch (caught) {
    error = caught instanceof DocumentError ? (FETCH_ERRORS[caught.code] ?? caught.code) : 'connection_failed';
  }
  const durationMs = performance.now() - started;
  const next = afterFailure({ attempt: claim.attempt, statusCode, retryAfterMs: retryAfter, failingSince: claim.failingSince }, args.now(), args.policy);
  return { statusCode, durationMs, error, succeeded: false, ...next };
}
