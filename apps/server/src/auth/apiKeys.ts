/**
 * API keys: generated with 240 bits of randomness, stored as SHA-256 (a slow hash adds nothing for
 * keys that cannot be guessed), found by their prefix and compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, Clock, JobStore } from '../interfaces.js';

/** Characters of a key kept in clear to find its row and to show it in listings. */
const PREFIX_LENGTH = 12;
/**
 * Authenticated keys are remembered this long, so a revocation (by the CLI, in any process, on
 * either engine) takes effect within it. A look-up is one indexed query (~50 µs on SQLite), so
 * one per key per second costs nothing measurable, while looking up every request cost ~5% of a
 * GET (the CPU profile in test/bench/README.md).
 */
export const API_KEY_CACHE_TTL_MS = 1000;
/** Keys remembered at most (an organization rarely holds more than a few). */
const CACHE_MAX_KEYS = 10_000;

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');
export const apiKeyPrefix = (key: string) => key.slice(0, PREFIX_LENGTH);

/** A new random key: `sk_` + 40 base62 characters. */
export function generateApiKey(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(40);
  // 256 % 62 ≠ 0, so reject bytes ≥ 248 to keep every character equally likely.
  let out = '';
  for (let i = 0; out.length < 40; i++) {
    const b = i < bytes.length ? bytes[i]! : randomBytes(1)[0]!;
    if (b < 248) out += alphabet[b % 62];
  }
  return `sk_${out}`;
}

export async function storeApiKey(store: JobStore, key: string, organizationId: string, now: number, name: string | null = null): Promise<ApiKeyRecord> {
  const record: ApiKeyRecord = {
    id: `key_${hashApiKey(key).slice(0, 16)}`,
    organizationId,
    prefix: apiKeyPrefix(key),
    keyHash: hashApiKey(key),
    name,
    createdAt: now,
    revokedAt: null,
  };
  await store.insertApiKey(record);
  return record;
}

export interface ApiKeyVerifier {
  /** The organization of a valid, unrevoked key, or undefined. */
  verify(key: string): Promise<string | undefined>;
}

export function createApiKeyVerifier(store: JobStore, clock: Clock): ApiKeyVerifier {
  const cache = new Map<string, { organizationId: string; until: number }>();
  return {
    async verify(key) {
      if (!key || key.length > 512) return undefined;
      const now = clock.now();
      // Keyed by the key itself: hashing it on every request was ~0.6% of a GET.
      const hit = cache.get(key);
      if (hit && hit.until > now) return hit.organizationId;
      const given = Buffer.from(hashApiKey(key), 'hex');
      let organizationId: string | undefined;
      for (const candidate of await store.findApiKeysByPrefix(apiKeyPrefix(key))) {
        // Compare every candidate (no early exit) in constant time.
        if (timingSafeEqual(given, Buffer.from(candidate.keyHash, 'hex')) && candidate.revokedAt === null) {
          organizationId = candidate.organizationId;
        }
      }
      if (organizationId) {
        if (cache.size >= CACHE_MAX_KEYS) cache.clear();
        cache.set(key, { organizationId, until: now + API_KEY_CACHE_TTL_MS });
      } else {
        // Revoked (or never valid): forget it at once rather than at the end of its TTL.
        cache.delete(key);
      }
      return organizationId;
    },
  };
}
