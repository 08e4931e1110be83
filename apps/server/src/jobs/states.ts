/**
 * The job state machine: one frozen list of statuses (the spec's enum) and one table of allowed
 * transitions. Every status change in the stores is a conditional UPDATE whose `WHERE status IN
 * (...)` comes from {@link statusesThatCanBecome}, so no code path can move a job along an edge that
 * is not in this table.
 */
import { JOB_STATUSES, type JobStatus } from '@jobs-api/api-types';


/** Allowed transitions: `from → [to, ...]` (see docs/architecture.md, "Job lifecycle"). */
export const JOB_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = Object.freeze({
  // validating: remote inputs are being fetched / references checked before queueing.
  validating: ['queued', 'failed', 'cancelled', 'expired'],
  // queued: waiting for a worker (or for its backoff to pass).
  queued: ['in_progress', 'cancelled', 'expired', 'failed'],
  // in_progress: leased by a worker. Back to queued on a transient failure or a lost lease.
  in_progress: ['completed', 'failed', 'queued', 'cancelled', 'expired'],
  completed: [],
  // retry puts failed, cancelled and expired jobs back in the queue under the same id.
  failed: ['queued'],
  cancelled: ['queued'],
  expired: ['queued'],
});

/** Statuses from which nothing but a retry can move the job. */
export const TERMINAL_STATUSES: readonly JobStatus[] = Object.freeze(['completed', 'failed', 'cancelled', 'expired']);
/** Statuses of a job that still has work ahead of it. */
export const ACTIVE_STATUSES: readonly JobStatus[] = Object.freeze(['validating', 'queued', 'in_progress']);

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return JOB_TRANSITIONS[from].includes(to);
}

/** Every status that may move to `to`, optionally narrowed to `among` (used to build WHERE clauses). */
export function statusesThatCanBecome(to: JobStatus, among: readonly JobStatus[] = JOB_STATUSES): JobStatus[] {
  const from = among.filter((s) => canTransition(s, to));
  if (from.length === 0) throw new Error(`no status among [${among.join(', ')}] can become ${to}`);
  return from;
}

