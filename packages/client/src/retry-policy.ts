/**
 * Which failures are worth another attempt, and how long to wait before it. Pure functions: the
 * transport (transport.ts) applies them, the tests table-check them.
 */

/** The first retry waits about this long; each later one twice as long (the OpenAI and Stripe SDKs' schedule). */
export const INITIAL_RETRY_DELAY_MS = 500;
/** No computed backoff waits longer than this. */
export const MAX_RETRY_DELAY_MS = 8_000;
/**
 * The longest `Retry-After` the client sleeps through on its own. A server asking for more is
 * overloaded for longer than a caller would want a promise to hang silently, so the client gives up
 * and throws (its `RateLimitError` carries `retryAfterMs` for the caller to decide).
 */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Whether an answer with this status (and, for 409, this error code) should be tried again.
 * - 408, 429 and 5xx are transient by definition.
 * - 409 only for `idempotency_key_in_use`: the first request with the key is still being processed,
 *   so asking again later answers its job. Other 409s (`job_not_cancellable`, `job_not_retryable`)
 *   describe the job's state and would fail the same way every time.
 * - 422 `idempotency_key_mismatch` is never retried: the key was used for another body, and no
 *   number of attempts changes that.
 * - 501 `not_implemented` is excluded from "5xx": the server does not have that engine at all.
 */
export function isRetryableStatus(status: number, errorCode: string | undefined): boolean {
  if (status === 408 || status === 429) return true;
  if (status === 409) return errorCode === 'idempotency_key_in_use';
  return status >= 500 && status !== 501;
}

/** Whether deciding on a retry needs the error body's `code` (only a 409 does). */
export function needsErrorCode(status: number): boolean {
  return status === 409;
}

/**
 * `Retry-After` in milliseconds: delay-seconds (`"3"`) or an HTTP date, clamped at 0 for dates in
 * the past; `undefined` when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date always names its month; without this check Date.parse would read "-1" as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The computed wait before retry number `retry` (0 for the first retry): 500 ms doubling up to 8 s,
 * minus up to 25 % jitter so that clients failed by the same outage do not come back in lockstep.
 */
export function backoffDelayMs(retry: number, random: () => number = Math.random): number {
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retry, MAX_RETRY_DELAY_MS);
  return Math.round(base * (1 - 0.25 * random()));
}

/**
 * How long to wait before retry number `retry`: the server's `Retry-After` when it sent one (it
 * knows its load better than our schedule does), else {@link backoffDelayMs}. `undefined` means
 * "do not retry": the server asked for longer than {@link MAX_RETRY_AFTER_MS}.
 */
export function retryDelayMs(retry: number, retryAfterHeader: string | null, random: () => number = Math.random): number | undefined {
  const retryAfter = parseRetryAfter(retryAfterHeader);
  if (retryAfter === undefined) return backoffDelayMs(retry, random);
  return retryAfter <= MAX_RETRY_AFTER_MS ? retryAfter : undefined;
}
