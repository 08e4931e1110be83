import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { DocumentError, abortReason } from '../errors.js';
import { classifyAddress } from './address-policy.js';

/** Limits and policy of a guarded fetcher. */
export interface GuardedFetchOptions {
  /** Allow plain `http:` URLs (default false: https only). */
  allowHttp?: boolean;
  /** Allow loopback, private, link-local and reserved addresses (default false). */
  allowPrivateNetworks?: boolean;
  /** Exact IP addresses exempt from the address policy (e.g. a model server on 127.0.0.1). */
  allowedAddresses?: readonly string[];
  /**
   * Host names (as written in a URL, IP literals included) whose addresses are exempt from the
   * address policy: the model servers an operator named in MODEL_MAP, which may well run on a
   * private network. Only these hosts: a redirect elsewhere is checked as usual.
   */
  allowedHosts?: readonly string[];
  /** Largest response body read, in bytes (default 50 MiB). */
  maxBytes?: number;
  /** Deadline for the whole fetch, redirects and body included (default 30 s). */
  timeoutMs?: number;
  /** Redirects followed, each re-checked (default 5). */
  maxRedirects?: number;
}

/** The subset of `RequestInit` the guarded fetcher honours. */
export interface GuardedRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
}

/** A fetch-like function that enforces a `GuardedFetchOptions` policy; the body is read in full. */
export type GuardedFetch = (input: string | URL, init?: GuardedRequestInit) => Promise<Response>;

/**
 * A guarded fetcher that can also check a URL up front without fetching it (a webhook URL when it
 * is registered): the same scheme, credential and address rules, with the host name resolved now.
 * The fetch still re-checks at connect time (the answer of DNS may change).
 */
export type CheckedGuardedFetch = GuardedFetch & { check(input: string | URL): Promise<void> };

/** Default size limit: large enough for a scanned multi-page PDF, small enough to keep in memory. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_REDIRECTS = 5;

function refused(url: URL, reason: string, details: Record<string, unknown> = {}): DocumentError {
  return new DocumentError('url_refused', `Refused to fetch ${url.protocol}//${url.host}: ${reason}.`, 422, {
    host: url.hostname,
    reason,
    ...details,
  });
}

interface RawResponse {
  status: number;
  headers: Headers;
  message: http.IncomingMessage;
}

/** The hosts of the model servers a model map names (exempt from the address policy for provider calls). */
export function modelMapHosts(modelMap: Record<string, { baseUrl: string }>): string[] {
  return Object.values(modelMap).flatMap((route) => {
    try {
      return [new URL(route.baseUrl).hostname];
    } catch {
      return [];
    }
  });
}

/**
 * Creates a fetcher that only reaches public addresses: the scheme is checked, IP
 * literals are checked, and host names are checked *after* DNS resolution inside the
 * socket's own lookup, so the address connected to is the address checked (no
 * time-of-check/time-of-use gap for DNS rebinding). Every redirect goes through the
 * same checks. Failures are `DocumentError`s: `url_refused` (422), `too_many_redirects`
 * (422), `response_too_large` (413), `fetch_timeout` (504, retryable), `fetch_failed`
 * (502, retryable). An abort of `init.signal` rejects with an AbortError.
 */
export function createGuardedFetch(options: GuardedFetchOptions = {}): CheckedGuardedFetch {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const allowedAddresses = new Set(options.allowedAddresses ?? []);
  const allowedHosts = new Set((options.allowedHosts ?? []).map((host) => host.toLowerCase().replace(/^\[|\]$/g, '')));

  /** "a loopback address" when the policy refuses the address (reached through `hostname`), else undefined. */
  function addressRefusal(address: string, hostname: string): string | undefined {
    if (options.allowPrivateNetworks || allowedAddresses.has(address) || allowedHosts.has(hostname.toLowerCase())) return undefined;
    const addressClass = classifyAddress(address);
    return addressClass && `a ${addressClass} address`;
  }

  function checkUrl(url: URL): void {
    if (url.protocol !== 'https:' && !(options.allowHttp && url.protocol === 'http:')) {
      throw refused(url, options.allowHttp ? 'only http and https URLs are fetched' : 'only https URLs are fetched');
    }
    if (url.username || url.password) throw refused(url, 'URLs with credentials are not fetched');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const reason = addressRefusal(host, host);
      if (reason) throw refused(url, `${host} is ${reason}`);
    }
  }

  function guardedLookup(url: URL): LookupFunction {
    return (hostname, lookupOptions, callback) => {
      dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses: LookupAddress[]) => {
        if (error) return callback(error, '', 0);
        // Refuse if any answer is private: a mixed answer is how rebinding attacks start.
        for (const { address } of addresses) {
          const reason = addressRefusal(address, url.hostname.replace(/^\[|\]$/g, ''));
          if (reason) return callback(refused(url, `${hostname} resolves to ${address}, ${reason}`), '', 0);
        }
        if (lookupOptions.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
        const first = addresses[0];
        if (!first) return callback(new Error(`no address for ${hostname}`), '', 0);
        return callback(null, first.address, first.family);
      });
    };
  }

  function requestOnce(url: URL, method: string, init: GuardedRequestInit, signal: AbortSignal): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const client = url.protocol === 'https:' ? https : http;
      const request = client.request(url, { method, headers: init.headers, signal, lookup: guardedLookup(url), agent: false }, (message) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(message.headers)) {
          if (Array.isArray(value)) for (const item of value) headers.append(name, item);
          else if (value !== undefined) headers.set(name, value);
        }
        resolve({ status: message.statusCode ?? 0, headers, message });
      });
      request.on('error', reject);
      if (init.body !== undefined) request.write(init.body);
      request.end();
    });
  }

  async function readBody(url: URL, response: RawResponse): Promise<Uint8Array> {
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      response.message.destroy();
      throw tooLarge(url);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of response.message as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        response.message.destroy();
        throw tooLarge(url);
      }
      chunks.push(chunk);
    }
    const body = Buffer.concat(chunks);
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  }

  function tooLarge(url: URL): DocumentError {
    return new DocumentError('response_too_large', `The response from ${url.host} is larger than ${maxBytes} bytes.`, 413, {
      max_bytes: maxBytes,
    });
  }

  async function check(input: string | URL): Promise<void> {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new DocumentError('url_refused', `Refused to fetch ${String(input)}: not a URL.`, 422, { reason: 'not a URL' });
    }
    checkUrl(url);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) return;
    await new Promise<void>((resolve, reject) => {
      guardedLookup(url)(host, { all: true }, (error) =>
        error ? reject(error instanceof DocumentError ? error : refused(url, `${host} does not resolve`)) : resolve(),
      );
    });
  }

  return Object.assign(guardedFetch, { check });

  async function guardedFetch(input: string | URL, init: GuardedRequestInit = {}): Promise<Response> {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    let url = new URL(input);
    let method = (init.method ?? 'GET').toUpperCase();
    let currentInit = init;
    try {
      for (let redirects = 0; ; redirects += 1) {
        checkUrl(url);
        const response = await requestOnce(url, method, currentInit, signal);
        const location = response.headers.get('location');
        if ([301, 302, 303, 307, 308].includes(response.status) && location) {
          response.message.resume();
          if (redirects >= maxRedirects) {
            throw new DocumentError('too_many_redirects', `More than ${maxRedirects} redirects from ${url.host}.`, 422);
          }
          url = new URL(location, url);
          // Like browsers: 303 (and 301/302 after a POST) turn into a GET without a body.
          if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
            method = 'GET';
            currentInit = { ...currentInit, body: undefined };
          }
          continue;
        }
        const body = await readBody(url, response);
        const nullBody = response.status === 204 || response.status === 304 || method === 'HEAD';
        return new Response(nullBody ? null : (body as Uint8Array<ArrayBuffer>), { status: response.status, headers: response.headers });
      }
    } catch (error) {
      if (init.signal?.aborted) throw abortReason(init.signal);
      if (deadline.aborted) {
        throw new DocumentError('fetch_timeout', `Fetching ${url.host} took longer than ${timeoutMs} ms.`, 504);
      }
      if (error instanceof DocumentError) throw error;
      const cause = error instanceof Error ? error.message : String(error);
      throw new DocumentError('fetch_failed', `Fetching ${url.host} failed: ${cause}`, 502, { host: url.hostname });
    }
  }
}
