/**
 * An injected `fetch` that answers from a script and records what the client sent: the client's
 * behaviour is asserted from the requests it makes, not from mocks of its internals.
 */
import type { FetchLike } from '../../src/index.js';

/** One request as the server would have seen it. */
export interface RecordedRequest {
  /** `GET`, `POST`, ... */
  method: string;
  /** The full URL, query included. */
  url: URL;
  /** The headers as sent. */
  headers: Headers;
  /** The parsed JSON body, or `undefined` without one. */
  body: unknown;
  /** `Date.now()` when it was sent (fake timers make this the test's virtual clock). */
  at: number;
  /** The attempt's signal (aborted by a timeout or by the caller). */
  signal: AbortSignal;
}

/** What the script answers to one request: a Response, a thrown error, or a function of the request. */
export type Reply = Response | Error | ((request: Request) => Response | Promise<Response>);

/** A fetch answering `replies` in order (the last one repeats when `repeatLast` is set). */
export interface ScriptedFetch extends FetchLike {
  /** What the client sent, in order. */
  requests: RecordedRequest[];
}

/** A fetch that answers `replies` in order, recording each request; an unscripted request throws. */
export function scriptedFetch(replies: Reply[], { repeatLast = false } = {}): ScriptedFetch {
  const requests: RecordedRequest[] = [];
  const queue = [...replies];
  const fetch = (async (request: Request) => {
    const text = request.body === null ? '' : await request.text();
    requests.push({
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: text === '' ? undefined : JSON.parse(text),
      at: Date.now(),
      signal: request.signal,
    });
    const reply = repeatLast && queue.length === 1 ? queue[0] : queue.shift();
    if (reply === undefined) throw new Error(`scriptedFetch: unexpected request #${requests.length} ${request.method} ${request.url}`);
    if (reply instanceof Error) throw reply;
    if (reply instanceof Response) return reply.clone();
    return reply(request);
  }) as ScriptedFetch;
  fetch.requests = requests;
  return fetch;
}

/** A JSON answer, `Content-Type: application/json` exactly, as the server sends it. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** An answer in the spec's error shape. */
export function apiError(
  status: number,
  code: string,
  extra: { message?: string; details?: Record<string, unknown>; request_id?: string } = {},
  headers: Record<string, string> = {},
): Response {
  return json(status, { error: { code, message: extra.message ?? `${code} happened`, ...extra } }, headers);
}

/** A fetch that never answers; it rejects with the signal's reason once the request is aborted. */
export function hangingReply(request: Request): Promise<Response> {
  return new Promise((_resolve, reject) => {
    request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
  });
}
