/**
 * Which buttons a job's status allows: the statuses the API's transition table lets `cancel` and
 * `retry` move (from @jobs-api/api-types, the one table the server's SQL uses too).
 */
import { CANCELLABLE_JOB_STATUSES, RETRYABLE_JOB_STATUSES } from '@jobs-api/api-types';
import type { JobStatus } from '@jobs-api/client';

export const canCancel = (status: JobStatus): boolean => CANCELLABLE_JOB_STATUSES.includes(status);
export const canRetry = (status: JobStatus): boolean => RETRYABLE_JOB_STATUSES.includes(status);
