/**
 * `Idempotency-Key` for job creation: every `POST /v1/jobs` sent through the client carries one
 * (the caller's, or a generated one), set once before the first attempt so the transport's retries
 * all repeat it. The server answers a repeat with the job the first attempt created, so a retry
 * after a lost answer can never make a second job.
 */
import type { Middleware } from 'openapi-fetch';

/** The header the spec's `createJob` takes. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/**
 * A random key: `crypto.randomUUID()` where available. Browsers expose it only in secure contexts
 * (https, localhost), so on plain http the key is built from `crypto.getRandomValues`, and as a last
 * resort from `Math.random` (still unique enough for one organization's keys over 24 hours).
 */
export function generateIdempotencyKey(): string {
  const crypto = globalThis.crypto as Crypto | undefined;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof crypto?.getRandomValues === 'function') crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  // RFC 9562 version 4 layout, so the fallback looks like the keys randomUUID makes.
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** openapi-fetch middleware giving every `createJob` call without an `Idempotency-Key` a generated one. */
export const idempotencyKeyMiddleware: Middleware = {
  onRequest({ request, schemaPath }) {
    if (schemaPath === '/v1/jobs' && request.method === 'POST' && !request.headers.has(IDEMPOTENCY_KEY_HEADER)) {
      request.headers.set(IDEMPOTENCY_KEY_HEADER, generateIdempotencyKey());
    }
    return request;
  },
};
