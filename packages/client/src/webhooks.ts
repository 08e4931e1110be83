/**
 * `webhooks.unwrap(body, headers, secret)`: verifies a webhook delivery per the Standard Webhooks
 * specification (with the `standardwebhooks` package: HMAC-SHA256 over `id.timestamp.body`, any of
 * the space-separated signatures, a timestamp within 5 minutes) and answers the typed event.
 * Pass the raw body exactly as received: re-serialised JSON does not verify.
 */
import type { Event } from '@jobs-api/api-types';
import { Webhook } from 'standardwebhooks';
import { JobsApiError } from './errors.js';

/** The headers of a delivery: a `Headers`, or a plain object such as Node's `req.headers`. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/** A delivery that does not verify: a bad or missing signature, or a timestamp too old or too new. */
export class WebhookVerificationError extends JobsApiError {
  override name = 'WebhookVerificationError';
}

const HEADER_NAMES = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const value = record[name] ?? Object.entries(record).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value.join(' ') : value;
}

/**
 * The verified event of a delivery; throws a {@link WebhookVerificationError} when it does not
 * verify with `secret` (the endpoint's `whsec_…`).
 */
export function unwrapWebhook(body: string | Uint8Array, headers: WebhookHeaders, secret: string): Event {
  const payload = typeof body === 'string' ? body : new TextDecoder().decode(body);
  const wanted: Record<string, string> = {};
  for (const name of HEADER_NAMES) {
    const value = header(headers, name);
    if (value === undefined) throw new WebhookVerificationError({ code: 'webhook_missing_header', message: `The delivery has no ${name} header.` });
    wanted[name] = value;
  }
  try {
    return new Webhook(secret).verify(payload, wanted) as Event;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new WebhookVerificationError({
      code: /timestamp/i.test(message) ? 'webhook_timestamp_out_of_range' : 'webhook_invalid_signature',
      message: `The delivery does not verify: ${message}.`,
      cause: error,
    });
  }
}
