/**
 * The job lifecycle: one table of allowed transitions, each edge named by the action that takes it
 * (docs/architecture.md, "Job lifecycle"). Every set of statuses anyone needs (terminal, active,
 * cancellable, retryable, expirable) is derived from this table here, once, so the server's SQL,
 * the client's wait loop and the tests cannot disagree about them.
 */
import type { components } from './schema.js';
import { JOB_STATUSES } from './enums.js';

type JobStatus = components['schemas']['JobStatus'];

/** What moves a job along an edge. */
export type JobTransitionAction =
  /** validating → queued: inputs checked, the job enters the queue. */
  | 'dispatch'
  /** queued → in_progress: a worker claimed an attempt. */
  | 'claim'
  /** in_progress → completed: the handler answered 2xx. */
  | 'complete'
  /** → failed: an input error, or a transient one with no attempts left. */
  | 'fail'
  /** in_progress → queued: a transient failure with attempts left, a lost lease, a release on shutdown. */
  | 'requeue'
  /** → cancelled: `POST /v1/jobs/{job_id}/cancel`. */
  | 'cancel'
  /** → expired: `expires_at` passed before the job was terminal. */
  | 'expire'
  /** failed | cancelled | expired → queued: `POST /v1/jobs/{job_id}/retry`, same id. */
  | 'retry';

/** Allowed transitions: `from → {to: action}`. Nothing else may change a job's status. */
export const JOB_TRANSITIONS = Object.freeze({
  validating: { queued: 'dispatch', failed: 'fail', cancelled: 'cancel', expired: 'expire' },
  queued: { in_progress: 'claim', cancelled: 'cancel', expired: 'expire', failed: 'fail' },
  in_progress: { completed: 'complete', failed: 'fail', queued: 'requeue', cancelled: 'cancel', expired: 'expire' },
  completed: {},
  failed: { queued: 'retry' },
  cancelled: { queued: 'retry' },
  expired: { queued: 'retry' },
} as const satisfies Record<JobStatus, Partial<Record<JobStatus, JobTransitionAction>>>);

type Table = typeof JOB_TRANSITIONS;
type ActionsFrom<S extends JobStatus> = Table[S][keyof Table[S]];

/** A status the job does not leave on its own: only a retry (a client's action) can move it. */
export type TerminalJobStatus = { [S in JobStatus]: Exclude<ActionsFrom<S>, 'retry'> extends never ? S : never }[JobStatus];
/** A status with work still ahead of it. */
export type ActiveJobStatus = Exclude<JobStatus, TerminalJobStatus>;

/** Whether `from → to` is an edge of the table. */
export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return to in JOB_TRANSITIONS[from];
}

/** The action that takes `from` to `to`, or undefined when there is no such edge. */
export function transitionAction(from: JobStatus, to: JobStatus): JobTransitionAction | undefined {
  return (JOB_TRANSITIONS[from] as Partial<Record<JobStatus, JobTransitionAction>>)[to];
}

/** Every status with an outgoing edge named `action`. */
export function statusesWithAction(action: JobTransitionAction): JobStatus[] {
  return JOB_STATUSES.filter((from) => Object.values(JOB_TRANSITIONS[from]).includes(action as never));
}

/** Statuses nothing but a retry can move: completed, failed, cancelled, expired. */
export const TERMINAL_JOB_STATUSES: readonly TerminalJobStatus[] = Object.freeze(
  JOB_STATUSES.filter((s) => Object.values(JOB_TRANSITIONS[s]).every((action) => action === 'retry')) as TerminalJobStatus[],
);
/** Statuses with work ahead: validating, queued, in_progress. */
export const ACTIVE_JOB_STATUSES: readonly ActiveJobStatus[] = Object.freeze(
  JOB_STATUSES.filter((s) => !(TERMINAL_JOB_STATUSES as readonly JobStatus[]).includes(s)) as ActiveJobStatus[],
);
/** Statuses `POST …/cancel` moves to cancelled. */
export const CANCELLABLE_JOB_STATUSES: readonly JobStatus[] = Object.freeze(statusesWithAction('cancel'));
/** Statuses `POST …/retry` puts back in the queue. */
export const RETRYABLE_JOB_STATUSES: readonly JobStatus[] = Object.freeze(statusesWithAction('retry'));
/** Statuses that become expired when `expires_at` passes. */
export const EXPIRABLE_JOB_STATUSES: readonly JobStatus[] = Object.freeze(statusesWithAction('expire'));

/** Whether a job in `status` is finished: completed, failed, cancelled or expired. */
export function isTerminalStatus(status: JobStatus): status is TerminalJobStatus {
  return (TERMINAL_JOB_STATUSES as readonly JobStatus[]).includes(status);
}
