import type { ApiKeyRecord } from '../../../interfaces.js';
import { rowToApiKey, type ApiKeyRow } from '../../rows.js';
import { statement, type SqliteDatabase } from '../db.js';

export function insertApiKey(db: SqliteDatabase, k: ApiKeyRecord): void {
  statement(
    db,
    `INSERT INTO api_keys (id, organization_id, prefix, key_hash, name, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (key_hash) DO NOTHING`,
  ).run(k.id, k.organizationId, k.prefix, k.keyHash, k.name, k.createdAt, k.revokedAt);
}

export function findApiKeysByPrefix(db: SqliteDatabase, prefix: string): ApiKeyRecord[] {
  return statement<[string], ApiKeyRow>(db, 'SELECT * FROM api_keys WHERE prefix = ?').all(prefix).map(rowToApiKey);
}

export function listApiKeys(db: SqliteDatabase): ApiKeyRecord[] {
  return statement<[], ApiKeyRow>(db, 'SELECT * FROM api_keys ORDER BY created_at').all().map(rowToApiKey);
}

/** Revokes the live keys whose prefix or id starts with `prefix`. */
export function revokeApiKeys(db: SqliteDatabase, prefix: string, now: number): number {
  return statement(
    db,
    `UPDATE api_keys SET revoked_at = ? WHERE revoked_at IS NULL AND (substr(prefix, 1, length(?)) = ? OR substr(id, 1, length(?)) = ?)`,
  ).run(now, prefix, prefix, prefix, prefix).changes;
}

export function hasApiKeys(db: SqliteDatabase): boolean {
  return statement<[], { n: number }>(db, 'SELECT count(*) AS n FROM api_keys').get()!.n > 0;
}
