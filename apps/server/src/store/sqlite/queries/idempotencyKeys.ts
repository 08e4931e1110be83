import type { IdempotencyClaim, IdempotencyClaimArgs } from '../../../interfaces.js';
import { statement, type SqliteDatabase } from '../db.js';

interface KeyRow {
  request_hash: string;
  job_id: string | null;
  created_at: number;
  expires_at: number;
}

/**
 * Claims an Idempotency-Key for one create (see IdempotencyClaim). Runs as an IMMEDIATE
 * transaction so two concurrent creates with the same key cannot both claim it.
 */
export function claimIdempotencyKey(db: SqliteDatabase, args: IdempotencyClaimArgs): IdempotencyClaim {
  return db.transaction(() => claimKey(db, args)).immediate();
}

/** The claim's statements, inside a transaction the caller holds (here or in claimKeyAndInsertJob). */
export function claimKey(db: SqliteDatabase, args: IdempotencyClaimArgs): IdempotencyClaim {
  const row = statement<[string, string], KeyRow>(
    db,
    'SELECT request_hash, job_id, created_at, expires_at FROM idempotency_keys WHERE organization_id = ? AND key = ?',
  ).get(args.organizationId, args.key);
  const live = row && row.expires_at > args.now;
  if (live && row.request_hash !== args.requestHash) return { kind: 'mismatch' };
  if (live && row.job_id !== null) return { kind: 'replay', jobId: row.job_id };
  // A claim without a job that is older than staleAfterMs belongs to a create that crashed: take it over.
  if (live && row.job_id === null && args.now - row.created_at < args.staleAfterMs) return { kind: 'in_use' };
  statement(
    db,
    `INSERT INTO idempotency_keys (organization_id, key, request_hash, job_id, created_at, expires_at)
     VALUES (?, ?, ?, NULL, ?, ?)
     ON CONFLICT (organization_id, key) DO UPDATE SET
       request_hash = excluded.request_hash, job_id = NULL, created_at = excluded.created_at, expires_at = excluded.expires_at`,
  ).run(args.organizationId, args.key, args.requestHash, args.now, args.now + args.ttlMs);
  return { kind: 'claimed' };
}

/** Forgets a claim whose create stored no job (bad input): the key can be used again. */
export function releaseIdempotencyKey(db: SqliteDatabase, organizationId: string, key: string): void {
  statement(db, 'DELETE FROM idempotency_keys WHERE organization_id = ? AND key = ? AND job_id IS NULL').run(organizationId, key);
}
