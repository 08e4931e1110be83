/**
 * The `fetch` that openapi-fetch is given: it adds per-attempt timeouts and retries (retry-policy.ts)
 * around the caller's fetch, so every call through the client, typed helpers and raw client alike,
 * gets them. Each attempt re-sends the same Request, headers included, which is what keeps a
 * create's `Idempotency-Key` identical across its retries.
 */
import { abortReason, linkedAbortController, sleep } from './abort.js';
import { ConnectionError, ConnectionTimeoutError } from './errors.js';
import { backoffDelayMs, isRetryableStatus, needsErrorCode, retryDelayMs } from './retry-policy.js';

/** The fetch signature the client needs: one Request in, one Response out (`globalThis.fetch` fits). */
export type FetchLike = (request: Request) => Promise<Response>;

/** How the transport sends requests. */
export interface TransportOptions {
  /** Sends one attempt. */
  fetch: FetchLike;
  /** Retries after the first attempt (so at most `maxRetries + 1` attempts). */
  maxRetries: number;
  /** How long one attempt may take, answer body included, in milliseconds. */
  timeoutMs: number;
}

/** Statuses whose Response must have a null body (the Response constructor throws otherwise). */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * A fetch that retries transient failures (connection errors, timeouts, and the statuses of
 * {@link isRetryableStatus}) with exponential backoff and jitter, honouring `Retry-After`.
 * When the retries are spent it resolves with the last answer (openapi-fetch then reports it as an
 * error) or rejects with a {@link ConnectionError} / {@link ConnectionTimeoutError}. Aborting the
 * request's signal stops at once, during an attempt or a backoff sleep, with the signal's reason.
 */
export function createTransport(options: TransportOptions): FetchLike {
  return async function send(request: Request): Promise<Response> {
    // A Request body is a stream that can be read once; every attempt needs its own copy.
    const body = request.body === null ? null : await request.clone().arrayBuffer();
    for (let retry = 0; ; retry++) {
      // An injected fetch may not look at the signal; never start an attempt for an aborted call.
      if (request.signal.aborted) throw abortReason(request.signal);
      const canRetry = retry < options.maxRetries;
      let delayMs: number | undefined;
      try {
        const response = await sendOnce(request, body, options);
        if (!canRetry || !isRetryableStatus(response.status, await errorCodeOf(response))) return response;
        delayMs = retryDelayMs(retry, response.headers.get('retry-after'));
        if (delayMs === undefined) return response;
      } catch (error) {
        if (!canRetry || !(error instanceof ConnectionError)) throw error;
        delayMs = backoffDelayMs(retry);
      }
      await sleep(delayMs, request.signal);
    }
  };
}

/**
 * One attempt, bounded by `timeoutMs` from the request until the whole answer body has arrived:
 * a server that sends headers and then stalls is as stuck as one that sends nothing. The body is
 * buffered into a fresh Response, which openapi-fetch then parses as usual.
 */
async function sendOnce(request: Request, body: ArrayBuffer | null, options: TransportOptions): Promise<Response> {
  const { controller, unlink } = linkedAbortController(request.signal);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`No answer within ${options.timeoutMs} ms`, 'TimeoutError'));
  }, options.timeoutMs);
  try {
    const response = await options.fetch(new Request(request, { body, signal: controller.signal }));
    // Opaque answers (status 0, e.g. `redirect: "manual"` in browsers) cannot be rebuilt; pass them on.
    if (response.status < 200) return response;
    const buffered = await response.arrayBuffer();
    return new Response(NULL_BODY_STATUSES.has(response.status) ? null : buffered, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  } catch (error) {
    if (request.signal.aborted) throw abortReason(request.signal);
    const target = `${request.method} ${request.url}`;
    if (timedOut) {
      throw new ConnectionTimeoutError({ code: 'timeout', message: `${target}: no answer within ${options.timeoutMs} ms.`, cause: error });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConnectionError({ code: 'connection_error', message: `${target}: ${reason}.`, cause: error });
  } finally {
    clearTimeout(timer);
    unlink();
  }
}

/** The `error.code` of an answer whose retry decision depends on it (see {@link needsErrorCode}). */
async function errorCodeOf(response: Response): Promise<string | undefined> {
  if (!needsErrorCode(response.status)) return undefined;
  try {
    const body: unknown = await response.clone().json();
    const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
