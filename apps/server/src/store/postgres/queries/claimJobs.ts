import type { JobEndpoint } from '@jobs-api/api-types';
import type { ClaimArgs, ClaimedJob } from '../../../interfaces.js';
import { statusesThatCanBecome } from '../../../jobs/states.js';
import { toSeconds } from '../../rows.js';
import { LOCK_CLASS, type PgDatabase, type Sql } from '../db.js';

// Only queued jobs are claimed; the assertion keeps this query honest if the table changes.
statusesThatCanBecome('in_progress', ['queued']);

interface ClaimedRow {
  id: string;
  organization_id: string;
  endpoint: JobEndpoint;
  request: Record<string, unknown> | null;
  attempt_count: number;
  max_attempts: number;
  expires_at: number;
  last_failure_code: string | null;
  trace_context: string | null;
  run_at: number;
  seq: number;
}

// Leases the rows of `candidates` (a CTE the caller defines) to one worker. `AND status = 'queued'`
// is re-checked on the locked row, so even a candidate list read without a lock could not
// double-claim.
const LEASE = `
  UPDATE jobs SET status = 'in_progress', attempt_count = jobs.attempt_count + 1, last_attempt_at = $1,
    started_at = COALESCE(jobs.started_at, $1), lease_owner = $2, lease_expires_at = $3,
    cloud_task_name = jobs.id || '-attempt-' || (jobs.attempt_count + 1)
  FROM candidates WHERE jobs.id = candidates.id AND jobs.status = 'queued'
  RETURNING jobs.id, jobs.organization_id, jobs.endpoint, jobs.request, jobs.attempt_count, jobs.max_attempts,
    jobs.expires_at, jobs.last_failure_code, jobs.trace_context, jobs.run_at, jobs.seq`;

/**
 * Claims up to `limit` queued jobs whose backoff has passed, oldest first, for one worker: each gets
 * a lease (owner + expiry), its attempt_count incremented and started_at set on the first attempt.
 *
 * Concurrency: candidates are read with `FOR UPDATE SKIP LOCKED`. A row another worker is claiming
 * right now is locked by its transaction, so this one skips it and takes the next instead of
 * waiting for it (and then finding it gone): N workers claim N disjoint batches in parallel.
 *
 * Per-organization cap (`orgMaxInFlight` > 0): one tenant must not take every worker slot. Counting
 * in-flight jobs is a read, and two workers could each count 99 of 100 and both claim. So a capped
 * claim takes a transaction-scoped advisory lock per organization among its candidates (in the
 * order of the lock keys, so two claimers never wait on each other in a cycle), then counts:
 * only claims raise the in-flight count, and they all hold that lock, so the count is exact.
 * Uncapped claims are one statement.
 *
 * After a lost connection the claim is run again. If the lost run had committed, its jobs stay
 * leased to this worker without it knowing; their leases expire and maintenance requeues them
 * (`worker_lost`, one attempt spent). Nothing is lost or run twice at once.
 */
export async function claimJobs(db: PgDatabase, args: ClaimArgs): Promise<ClaimedJob[]> {
  const nowS = toSeconds(args.now);
  const leaseExpiresAt = args.now + args.leaseMs;
  const rows =
    args.orgMaxInFlight > 0
      ? await db.transaction((sql) => claimCapped(sql, args, nowS, leaseExpiresAt))
      : (
          await db.query<ClaimedRow>(
            `WITH candidates AS (
               SELECT id FROM jobs
               WHERE status = 'queued' AND run_at <= $4 AND expires_at > $1
               ORDER BY run_at, seq LIMIT $5
               FOR UPDATE SKIP LOCKED
             )${LEASE}`,
            [nowS, args.workerId, leaseExpiresAt, args.now, args.limit],
          )
        ).rows;
  // RETURNING has no defined order: start the oldest first, as the queue order says.
  rows.sort((a, b) => a.run_at - b.run_at || a.seq - b.seq);
  return rows.map((row) => ({
    jobId: row.id,
    workerId: args.workerId,
    attempt: row.attempt_count,
    organizationId: row.organization_id,
    endpoint: row.endpoint,
    request: row.request ?? {},
    maxAttempts: row.max_attempts,
    expiresAt: row.expires_at * 1000,
    leaseExpiresAt,
    lastFailureCode: row.last_failure_code,
    traceContext: row.trace_context,
  }));
}

async function claimCapped(sql: Sql, args: ClaimArgs, nowS: number, leaseExpiresAt: number): Promise<ClaimedRow[]> {
  // Candidates beyond `limit` (4×) leave room for skipping organizations at their cap; organizations
  // already at the cap are filtered out up front. They stay locked only until this commit.
  const { rows: candidates } = await sql.query<{ id: string; organization_id: string }>(
    `SELECT id, organization_id FROM jobs
     WHERE status = 'queued' AND run_at <= $1 AND expires_at > $2
       AND organization_id NOT IN (
         SELECT organization_id FROM jobs WHERE status = 'in_progress' GROUP BY organization_id HAVING count(*) >= $3)
     ORDER BY run_at, seq LIMIT $4
     FOR UPDATE OF jobs SKIP LOCKED`,
    [args.now, nowS, args.orgMaxInFlight, args.limit * 4],
  );
  if (candidates.length === 0) return [];
  const organizations = [...new Set(candidates.map((c) => c.organization_id))];
  const { rows: keys } = await sql.query<{ key: number }>('SELECT DISTINCT hashtext(o) AS key FROM unnest($1::text[]) AS o ORDER BY key', [organizations]);
  // One at a time, in key order: the order is what rules out a deadlock between two claimers.
  for (const { key } of keys) await sql.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS.claimJobs, key]);
  const { rows: counts } = await sql.query<{ organization_id: string; n: number }>(
    `SELECT organization_id, count(*) AS n FROM jobs
     WHERE status = 'in_progress' AND organization_id = ANY($1::text[]) GROUP BY organization_id`,
    [organizations],
  );
  const running = new Map(counts.map((c) => [c.organization_id, c.n]));
  const chosen: string[] = [];
  for (const c of candidates) {
    if (chosen.length >= args.limit) break;
    const n = running.get(c.organization_id) ?? 0;
    if (n >= args.orgMaxInFlight) continue;
    running.set(c.organization_id, n + 1);
    chosen.push(c.id);
  }
  if (chosen.length === 0) return [];
  const { rows } = await sql.query<ClaimedRow>(`WITH candidates AS (SELECT unnest($4::text[]) AS id)${LEASE}`, [nowS, args.workerId, leaseExpiresAt, chosen]);
  return rows;
}
