import type { ApiKeyRecord } from '../../../interfaces.js';
import { rowToApiKey, type ApiKeyRow } from '../../rows.js';
import type { PgDatabase } from '../db.js';

/** Every API process registers JOBS_API_KEY at start-up: the same key twice is one row. */
export async function insertApiKey(db: PgDatabase, k: ApiKeyRecord): Promise<void> {
  await db.query(
    `INSERT INTO api_keys (id, organization_id, prefix, key_hash, name, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (key_hash) DO NOTHING`,
    [k.id, k.organizationId, k.prefix, k.keyHash, k.name, k.createdAt, k.revokedAt],
  );
}

export async function findApiKeysByPrefix(db: PgDatabase, prefix: string): Promise<ApiKeyRecord[]> {
  return (await db.query<ApiKeyRow>('SELECT * FROM api_keys WHERE prefix = $1', [prefix])).rows.map(rowToApiKey);
}

export async function listApiKeys(db: PgDatabase): Promise<ApiKeyRecord[]> {
  return (await db.query<ApiKeyRow>('SELECT * FROM api_keys ORDER BY created_at, id')).rows.map(rowToApiKey);
}

/** Revokes the live keys whose prefix or id starts with `prefix` (compared literally: no LIKE wildcards). */
export async function revokeApiKeys(db: PgDatabase, prefix: string, now: number): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE api_keys SET revoked_at = $1
     WHERE revoked_at IS NULL AND (left(prefix, length($2)) = $2 OR left(id, length($2)) = $2)`,
    [now, prefix],
    // A second run after a lost connection would count 0: report the first run's failure instead.
    { idempotent: false },
  );
  return rowCount ?? 0;
}

export async function hasApiKeys(db: PgDatabase): Promise<boolean> {
  return (await db.query('SELECT 1 FROM api_keys LIMIT 1')).rows.length > 0;
}
