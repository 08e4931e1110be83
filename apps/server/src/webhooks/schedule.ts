/**
 * What follows a failed delivery attempt: the next try per the retry schedule (config
 * `webhookRetryDelaysMs`, the Standard Webhooks one by default), later when the receiver asked
 * with `Retry-After`, none after the last; and whether the endpoint is now disabled.
 */
import type { DeliveryAttemptOutcome, EpochMs } from '../interfaces.js';

/** A Retry-After longer than this is not honoured beyond it (a receiver cannot park events for days). */
const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

/** Retry-After as seconds or an HTTP date → ms from `now`, or undefined. */
export function retryAfterMs(header: string | null, now: EpochMs): number | undefined {
  if (!header) return undefined;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header.trim()) * 1000 : Date.parse(header) - now;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, MAX_RETRY_AFTER_MS) : undefined;
}

export interface FailedAttempt {
  /** 1 for the first try. */
  attempt: number;
  statusCode: number | null;
  retryAfterMs?: number;
  /** ms: the endpoint's first failure since its last success (null: this is the first). */
  failingSince: EpochMs | null;
}

export interface SchedulePolicy {
  delaysMs: readonly number[];
  disableAfterMs: number;
}

/** The fields of the outcome that say what follows a failure. */
export function afterFailure(failure: FailedAttempt, now: EpochMs, policy: SchedulePolicy): Pick<DeliveryAttemptOutcome, 'nextAttemptAt' | 'disableEndpoint'> {
  // 410 Gone: the receiver says the endpoint no longer exists (Standard Webhooks: disable it).
  if (failure.statusCode === 410) return { disableEndpoint: 'gone' };
  if (failure.failingSince !== null && now - failure.failingSince >= policy.disableAfterMs) return { disableEndpoint: 'failing' };
  const delay = policy.delaysMs[failure.attempt];
  if (delay === undefined) return {};
  return { nextAttemptAt: now + Math.max(delay, failure.retryAfterMs ?? 0) };
}
