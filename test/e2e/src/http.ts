/**
 * The suite's HTTP layer: plain `fetch` (the suite tests the wire, not a client library), every
 * exchange recorded so a caller can account for them (the proxied run counts spec violations), and
 * polling with a deadline instead of sleeps.
 */

/** One request and its answer, as seen by the suite. */
export interface Exchange {
  /** Which deployment was called (`jobs` runs jobs; `queued` has no worker). */
  target: 'jobs' | 'queued';
  method: string;
  /** Path and query, e.g. `/v1/jobs?limit=1`. */
  path: string;
  status: number;
  contentType: string;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: unknown;
  /** The `sl-violations` header Prism adds when it forwards something that breaks the spec. */
  slViolations: string | null;
  /**
   * The `x-request-id` header. The server sends one with every answer (docs/architecture.md, "Inside the server"); an answer
   * without it was made up by something in front of the server (a validating proxy).
   */
  requestId: string | null;
  /**
   * The suite sent this request invalid on purpose (a missing key, a body that breaks the schema,
   * malformed JSON). A validating proxy answers those itself; that is not a violation.
   */
  invalidOnPurpose: boolean;
}

/** Prism's own answers are RFC 7807 problems typed under this URL (e.g. `#VIOLATIONS`). */
export const PRISM_ERROR_TYPE_PREFIX = 'https://stoplight.io/prism/errors#';

/** The Prism error type of an answer Prism generated itself (`VIOLATIONS`, `UNPROCESSABLE_ENTITY`...), else undefined. */
export function prismErrorType(exchange: Pick<Exchange, 'contentType' | 'body'>): string | undefined {
  if (!exchange.contentType.startsWith('application/problem+json')) return undefined;
  const type = (exchange.body as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type.startsWith(PRISM_ERROR_TYPE_PREFIX) ? type.slice(PRISM_ERROR_TYPE_PREFIX.length) : undefined;
}

/**
 * Whether something in front of the server answered: no `x-request-id`. Prism's own answers are
 * RFC 7807 problems (`prismErrorType`) except for malformed JSON, which its body parser answers
 * `{"error": {"code": "invalid_json"}}`; neither carries the server's request id.
 */
export const answeredByProxy = (exchange: Pick<Exchange, 'requestId'>): boolean => exchange.requestId === null;

/**
 * Exchanges that show the spec was broken: anything the proxy answered itself for a request the
 * suite meant to be valid, any `#VIOLATIONS` answer (an answer of the server that breaks the spec,
 * even to an invalid request), and any forwarded answer that carries `sl-violations`.
 */
export function specViolations(exchanges: readonly Exchange[]): Exchange[] {
  return exchanges.filter((e) => {
    if (e.slViolations) return true;
    if (prismErrorType(e) === 'VIOLATIONS') return true;
    return answeredByProxy(e) && !e.invalidOnPurpose;
  });
}

export interface CallInit {
  /** A value sent as JSON. */
  body?: unknown;
  /** A string sent as is (malformed JSON). */
  rawBody?: string;
  /** `null` sends no key; a string sends that key instead of the target's. */
  key?: string | null;
  /** Send the key as `?access_token=` instead of the `Api-Key` header. */
  keyInQuery?: boolean;
  headers?: Record<string, string>;
  /** See {@link Exchange.invalidOnPurpose}. */
  invalidOnPurpose?: boolean;
}

export interface Answer<T> {
  status: number;
  headers: Headers;
  contentType: string;
  body: T;
  /** Whether something in front of the server answered instead of it (see {@link answeredByProxy}). */
  answeredByProxy: boolean;
}

export interface Deployment {
  baseUrl: string;
  apiKey: string;
}

/** An HTTP client for one deployment that appends every exchange to `log`. */
export class Http {
  constructor(
    private readonly deployment: Deployment,
    private readonly name: Exchange['target'],
    private readonly log: Exchange[],
  ) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answer bodies of every shape, checked against the spec separately
  async call<T = any>(method: string, path: string, init: CallInit = {}): Promise<Answer<T>> {
    const url = new URL(path, this.deployment.baseUrl);
    const headers: Record<string, string> = { ...init.headers };
    const key = init.key === undefined ? this.deployment.apiKey : init.key;
    if (key !== null && init.keyInQuery) url.searchParams.set('access_token', key);
    else if (key !== null) headers['Api-Key'] = key;
    let body: string | undefined;
    if (init.rawBody !== undefined) body = init.rawBody;
    else if (init.body !== undefined) body = JSON.stringify(init.body);
    if (body !== undefined) headers['Content-Type'] ??= 'application/json';

    const response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(30_000) });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    let parsed: unknown = text;
    if (/json/.test(contentType) && text) parsed = JSON.parse(text);
    const exchange: Exchange = {
      target: this.name,
      method,
      // The key never goes into the log.
      path: `${url.pathname}${url.search.replace(/access_token=[^&]*/, 'access_token=***')}`,
      status: response.status,
      contentType,
      body: parsed,
      slViolations: response.headers.get('sl-violations'),
      requestId: response.headers.get('x-request-id'),
      invalidOnPurpose: init.invalidOnPurpose ?? false,
    };
    this.log.push(exchange);
    return { status: response.status, headers: response.headers, contentType, body: parsed as T, answeredByProxy: answeredByProxy(exchange) };
  }
}

/**
 * Calls `probe` until `done` holds. Waits grow from 20 ms to 250 ms; after `timeoutMs` it fails
 * with the last value seen, so a stuck job reads as what it was stuck in.
 */
export async function pollUntil<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 20; ; wait = Math.min(wait * 2, 250)) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(value)?.slice(0, 600)}`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** `data:` URL of a text document. */
export function textDataUrl(text: string, mimeType = 'text/plain'): string {
  return `data:${mimeType};base64,${Buffer.from(text).toString('base64')}`;
}
