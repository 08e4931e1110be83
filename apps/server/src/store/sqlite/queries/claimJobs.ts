import type { JobEndpoint } from '@jobs-api/api-types';
import type { ClaimArgs, ClaimedJob } from '../../../interfaces.js';
import { statusesThatCanBecome } from '../../../jobs/states.js';
import { toSeconds } from '../../rows.js';
import { statement, type SqliteDatabase } from '../db.js';

// Only queued jobs are claimed; the assertion keeps this query honest if the table changes.
statusesThatCanBecome('in_progress', ['queued']);

interface Candidate {
  id: string;
  organization_id: string;
}

interface ClaimedRow {
  id: string;
  organization_id: string;
  endpoint: JobEndpoint;
  request: string | null;
  attempt_count: number;
  max_attempts: number;
  expires_at: number;
  last_failure_code: string | null;
  trace_context: string | null;
}

/**
 * Claims up to `limit` queued jobs whose backoff has passed, oldest first, for one worker: each gets
 * a lease (owner + expiry), its attempt_count incremented and started_at set on the first attempt.
 * Organizations already at `orgMaxInFlight` running jobs are skipped, so one tenant cannot take
 * every worker slot. One IMMEDIATE transaction: SQLite has a single writer, so two workers can
 * never claim the same job.
 */
export function claimJobs(db: SqliteDatabase, args: ClaimArgs): ClaimedJob[] {
  const claim = db.transaction((): ClaimedJob[] => {
    const nowS = toSeconds(args.now);
    const capped = args.orgMaxInFlight > 0;
    const candidates = statement<unknown[], Candidate>(
      db,
      `SELECT id, organization_id FROM jobs
       WHERE status = 'queued' AND run_at <= ? AND expires_at > ?
       ${
         capped
           ? `AND organization_id NOT IN (SELECT organization_id FROM jobs WHERE status = 'in_progress'
                   GROUP BY organization_id HAVING count(*) >= ?)`
           : ''
       }
       ORDER BY run_at, seq LIMIT ?`,
    ).all(...[args.now, nowS, ...(capped ? [args.orgMaxInFlight] : []), capped ? args.limit * 4 : args.limit]);

    // Within one batch, count what this claim adds per organization too.
    const running = new Map<string, number>();
    if (capped) {
      const count = statement<[string], { n: number }>(db, `SELECT count(*) AS n FROM jobs WHERE organization_id = ? AND status = 'in_progress'`);
      for (const c of candidates) if (!running.has(c.organization_id)) running.set(c.organization_id, count.get(c.organization_id)!.n);
    }
    const update = statement<unknown[], ClaimedRow>(
      db,
      `UPDATE jobs SET status = 'in_progress', attempt_count = attempt_count + 1, last_attempt_at = ?,
         started_at = COALESCE(started_at, ?), lease_owner = ?, lease_expires_at = ?,
         cloud_task_name = id || '-attempt-' || (attempt_count + 1)
       WHERE id = ? AND status = 'queued'
       RETURNING id, organization_id, endpoint, request, attempt_count, max_attempts, expires_at, last_failure_code, trace_context`,
    );
    const leaseExpiresAt = args.now + args.leaseMs;
    const claimed: ClaimedJob[] = [];
    for (const c of candidates) {
      if (claimed.length >= args.limit) break;
      if (capped) {
        const n = running.get(c.organization_id)!;
        if (n >= args.orgMaxInFlight) continue;
        running.set(c.organization_id, n + 1);
      }
      const row = update.get(nowS, nowS, args.workerId, leaseExpiresAt, c.id);
      if (!row) continue;
      claimed.push({
        jobId: row.id,
        workerId: args.workerId,
        attempt: row.attempt_count,
        organizationId: row.organization_id,
        endpoint: row.endpoint,
        request: row.request ? JSON.parse(row.request) : {},
        maxAttempts: row.max_attempts,
        expiresAt: row.expires_at * 1000,
        leaseExpiresAt,
        lastFailureCode: row.last_failure_code ?? null,
        traceContext: row.trace_context ?? null,
      });
    }
    return claimed;
  });
  return claim.immediate();
}
