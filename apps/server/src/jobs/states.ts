/**
 * The job state machine as the server uses it. The table of allowed transitions and every status
 * set derived from it live in @jobs-api/api-types (lifecycle.ts), shared with the client and the
 * tests. Every status change in the stores is a conditional UPDATE whose `WHERE status IN (...)`
 * comes from {@link statusesThatCanBecome}, so no code path can move a job along an edge that is
 * not in the table.
 */
import { ACTIVE_JOB_STATUSES, canTransition, JOB_STATUSES, TERMINAL_JOB_STATUSES, type JobStatus } from '@jobs-api/api-types';

export {
  ACTIVE_JOB_STATUSES as ACTIVE_STATUSES,
  CANCELLABLE_JOB_STATUSES,
  canTransition,
  EXPIRABLE_JOB_STATUSES,
  JOB_TRANSITIONS,
  RETRYABLE_JOB_STATUSES,
  TERMINAL_JOB_STATUSES as TERMINAL_STATUSES,
} from '@jobs-api/api-types';

/** Every status that may move to `to`, optionally narrowed to `among` (used to build WHERE clauses). */
export function statusesThatCanBecome(to: JobStatus, among: readonly JobStatus[] = JOB_STATUSES): JobStatus[] {
  const from = among.filter((s) => canTransition(s, to));
  if (from.length === 0) throw new Error(`no status among [${among.join(', ')}] can become ${to}`);
  return from;
}

// The SQL below the stores relies on these two sets partitioning the statuses.
if (ACTIVE_JOB_STATUSES.length + TERMINAL_JOB_STATUSES.length !== JOB_STATUSES.length) {
  throw new Error('active and terminal statuses must partition JOB_STATUSES');
}
