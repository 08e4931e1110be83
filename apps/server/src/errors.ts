/**
 * The one domain error the service, the endpoints and the HTTP layer throw. http/errors.ts maps it
 * (and validator, body-parser and unexpected errors) to the one error shape of docs/architecture.md, "Errors".
 */
import type { ErrorCode, JobError } from '@jobs-api/api-types';

/** A job's `error` whose code is one of the catalogue's. */
export type CataloguedJobError = JobError & { code: ErrorCode };

export class ApiProblem extends Error {
  override name = 'ApiProblem';
  constructor(
    /** HTTP status (4xx for the caller's mistakes, 5xx for ours or an upstream's). */
    readonly status: number,
    /** Stable machine-readable code from the spec's catalogue (x-error-codes), e.g. `job_not_cancellable`. */
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    /** Whether a job attempt that ended with this error may be retried. Defaults to 5xx except 501. */
    readonly retryable: boolean = status >= 500 && status !== 501,
    /** Extra response headers (e.g. Retry-After). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string) => new ApiProblem(404, 'not_found', `No ${what} ${id} in this organization.`);
export const invalidRequest = (message: string, details?: Record<string, unknown>) => new ApiProblem(400, 'invalid_request', message, details);
export const unprocessable = (code: ErrorCode, message: string, details?: Record<string, unknown>) => new ApiProblem(422, code, message, details);

/** The shape of the document engine's DocumentError (matched structurally: the engine is a separate package). */
interface StatusError {
  status: number;
  code: ErrorCode;
  message: string;
  retryable: boolean;
  details?: Record<string, unknown>;
}

function isStatusError(error: unknown): error is StatusError {
  if (!(error instanceof Error)) return false;
  const e = error as Error & Partial<StatusError>;
  return typeof e.status === 'number' && typeof e.code === 'string' && typeof e.retryable === 'boolean';
}

/** An ApiProblem for errors whose status is known (ours or the engine's); undefined for unexpected errors. */
export function asApiProblem(error: unknown): ApiProblem | undefined {
  if (error instanceof ApiProblem) return error;
  if (isStatusError(error)) return new ApiProblem(error.status, error.code, error.message, error.details, error.retryable);
  return undefined;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
