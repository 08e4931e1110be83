/**
 * The Standard Webhooks headers of one delivery attempt, signed with the `standardwebhooks`
 * package: `webhook-id` (the event id: the same on every retry, receivers deduplicate on it),
 * `webhook-timestamp` (Unix seconds of this attempt) and `webhook-signature` (`v1,<base64>` of
 * HMAC-SHA256 over `id.timestamp.body`, one per valid secret, space-separated: two during a
 * secret rotation's overlap).
 */
import { Webhook } from 'standardwebhooks';

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export function signDelivery(messageId: string, atMs: number, body: string, secrets: readonly string[]): SignedHeaders {
  const at = new Date(atMs);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(atMs / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(' '),
  };
}
