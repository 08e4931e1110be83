import type { IdempotencyClaim, IdempotencyClaimArgs } from '../../../interfaces.js';
import type { PgDatabase } from '../db.js';

interface KeyRow {
  request_hash: string;
  job_id: string | null;
  created_at: number;
  expires_at: number;
}

/**
 * Claims an Idempotency-Key for one create (see IdempotencyClaim). Two creates with the same key
 * race here; exactly one claims it:
 *   1. INSERT … ON CONFLICT DO NOTHING: the first claim of a key. A concurrent uncommitted insert
 *      of the same key makes this one wait for it, then do nothing.
 *   2. Otherwise the row exists: lock it (FOR UPDATE) and decide on what it holds (replay, in use,
 *      mismatch, or take over an expired or stale claim).
 * A row deleted between 1 and 2 (a released claim) sends us round again.
 * Not retried after a lost connection: a second run would find our own claim and answer in_use.
 */
export async function claimIdempotencyKey(db: PgDatabase, args: IdempotencyClaimArgs): Promise<IdempotencyClaim> {
  return db.transaction(
    async (sql) => {
      const { organizationId, key, requestHash, now } = args;
      for (;;) {
        const inserted = await sql.query(
          `INSERT INTO idempotency_keys (organization_id, key, request_hash, job_id, created_at, expires_at)
           VALUES ($1, $2, $3, NULL, $4, $5) ON CONFLICT (organization_id, key) DO NOTHING`,
          [organizationId, key, requestHash, now, now + args.ttlMs],
        );
        if (inserted.rowCount === 1) return { kind: 'claimed' };
        const { rows } = await sql.query<KeyRow>(
          'SELECT request_hash, job_id, created_at, expires_at FROM idempotency_keys WHERE organization_id = $1 AND key = $2 FOR UPDATE',
          [organizationId, key],
        );
        const row = rows[0];
        if (!row) continue;
        const live = row.expires_at > now;
        if (live && row.request_hash !== requestHash) return { kind: 'mismatch' };
        if (live && row.job_id !== null) return { kind: 'replay', jobId: row.job_id };
        // A claim without a job that is older than staleAfterMs belongs to a create that crashed: take it over.
        if (live && now - row.created_at < args.staleAfterMs) return { kind: 'in_use' };
        await sql.query(
          `UPDATE idempotency_keys SET request_hash = $3, job_id = NULL, created_at = $4, expires_at = $5
           WHERE organization_id = $1 AND key = $2`,
          [organizationId, key, requestHash, now, now + args.ttlMs],
        );
        return { kind: 'claimed' };
      }
    },
    { idempotent: false },
  );
}

/** Forgets a claim whose create stored no job (bad input): the key can be used again. */
export async function releaseIdempotencyKey(db: PgDatabase, organizationId: string, key: string): Promise<void> {
  await db.query('DELETE FROM idempotency_keys WHERE organization_id = $1 AND key = $2 AND job_id IS NULL', [organizationId, key]);
}
