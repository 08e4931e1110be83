import { randomBytes } from 'node:crypto';

/**
 * A signing secret as Standard Webhooks writes it: `whsec_` + base64 of the key bytes. 32 bytes
 * (the spec asks for 24 to 64; HMAC-SHA256 gains nothing beyond its 32-byte block key).
 */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** How long the previous secret keeps signing after a rotation (receivers switch meanwhile). */
export const SECRET_ROTATION_OVERLAP_MS = 24 * 3600 * 1000;
