/**
 * Which buttons a job's status allows, as the spec's JobStatus and the cancel/retry operations
 * describe them: cancel a validating, queued or in-progress job; retry a failed, cancelled or
 * expired one (back to `queued`, same id). test/transitions.test.ts checks these lists against the
 * server's transition table, so the two cannot drift apart.
 */
import type { JobStatus } from '@jobs-api/client';

export const CANCELLABLE_STATUSES: readonly JobStatus[] = ['validating', 'queued', 'in_progress'];
export const RETRYABLE_STATUSES: readonly JobStatus[] = ['failed', 'cancelled', 'expired'];

export const canCancel = (status: JobStatus): boolean => CANCELLABLE_STATUSES.includes(status);
export const canRetry = (status: JobStatus): boolean => RETRYABLE_STATUSES.includes(status);
