import type { Lease } from '../../../interfaces.js';
import type { PgDatabase } from '../db.js';

/**
 * Extends the leases this worker still holds, in one statement for the whole batch. A job that was
 * cancelled, expired or taken over (its lease expired and another worker claimed it) is not
 * renewed: the caller aborts it. Running it twice only renews twice.
 */
export async function renewLeases(db: PgDatabase, leases: Lease[], now: number, leaseMs: number): Promise<string[]> {
  if (leases.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `UPDATE jobs SET lease_expires_at = $1
     FROM unnest($2::text[], $3::text[], $4::int[]) AS held(id, owner, attempt)
     WHERE jobs.id = held.id AND jobs.lease_owner = held.owner AND jobs.attempt_count = held.attempt
       AND jobs.status = 'in_progress'
     RETURNING jobs.id`,
    [now + leaseMs, leases.map((l) => l.jobId), leases.map((l) => l.workerId), leases.map((l) => l.attempt)],
  );
  const renewed = new Set(rows.map((r) => r.id));
  return leases.filter((l) => renewed.has(l.jobId)).map((l) => l.jobId);
}
