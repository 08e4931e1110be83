/**
 * The typed errors the client throws. Every one extends {@link JobsApiError}, so a caller can catch
 * the base class and branch on `instanceof` (or on `status` / `code`) where it cares.
 *
 * The server answers every failure with one shape, `{"error": {code, message, details?, request_id?}}`
 * ({@link ApiError} in the spec); {@link errorFromResponse} is the one place that turns it into a class.
 */
import type { ApiError, ApiErrorBody, JobStatus } from '@jobs-api/api-types';
import { parseRetryAfter } from './retry-policy.js';

/** What {@link JobsApiError}'s constructor takes; all but `message` and `code` are optional. */
export interface JobsApiErrorInit {
  /** The HTTP status, when the server answered. */
  status?: number | undefined;
  /** The server's machine-readable code (e.g. `not_found`), or one of the client's own codes. */
  code: string;
  /** A human-readable explanation. */
  message: string;
  /** More context from the server (for validation errors, `errors` lists every failing path). */
  details?: ApiErrorBody['details'];
  /** The request id (from the body or the `x-request-id` header); quote it when reporting a problem. */
  requestId?: string | undefined;
  /** The answer's headers, when the server answered. */
  headers?: Headers | undefined;
  /** The underlying error (a network failure, an abort). */
  cause?: unknown;
}

/** The base class of every error the client throws. */
export class JobsApiError extends Error {
  // Names are spelled out in every class (not `new.target.name`) so they survive minifiers.
  override name = 'JobsApiError';
  /** The HTTP status; `undefined` when no answer arrived (connection errors, timeouts). */
  readonly status: number | undefined;
  /** The server's machine-readable code, e.g. `idempotency_key_mismatch`, or the client's own (`connection_error`, `timeout`, `wait_timeout`, `http_<status>`). */
  readonly code: string;
  /** More context from the server's error body. */
  readonly details: ApiErrorBody['details'];
  /** The server's request id, when it sent one. */
  readonly requestId: string | undefined;
  /** The answer's headers, when the server answered. */
  readonly headers: Headers | undefined;

  /** Builds the error; subclasses only fix `name` (and add their own fields). */
  constructor(init: JobsApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
    this.headers = init.headers;
  }
}

/** 400: malformed JSON or invalid parameters. */
export class BadRequestError extends JobsApiError {
  override name = 'BadRequestError';
}
/** 401: the API key is missing or invalid. */
export class AuthenticationError extends JobsApiError {
  override name = 'AuthenticationError';
}
/** 404: no such resource in your organization (another organization's job is a 404 too). */
export class NotFoundError extends JobsApiError {
  override name = 'NotFoundError';
}
/** 409: the request conflicts with the resource's state (`job_not_cancellable`, `job_not_retryable`, `idempotency_key_in_use`). */
export class ConflictError extends JobsApiError {
  override name = 'ConflictError';
}
/** 413: the body is larger than the server accepts. */
export class PayloadTooLargeError extends JobsApiError {
  override name = 'PayloadTooLargeError';
}
/** 422: valid JSON that fails the schema (`details.errors` lists every path), an unknown model, or `idempotency_key_mismatch`. */
export class UnprocessableEntityError extends JobsApiError {
  override name = 'UnprocessableEntityError';
}

/** 429: rate limited. Thrown once the client's retries are spent, or at once when `Retry-After` asks for longer than the client waits. */
export class RateLimitError extends JobsApiError {
  override name = 'RateLimitError';
  /** How long the server asked to wait (`Retry-After`), in milliseconds; `undefined` without the header. */
  readonly retryAfterMs: number | undefined;

  /** Builds the error, reading `Retry-After` from `init.headers`. */
  constructor(init: JobsApiErrorInit) {
    super(init);
    this.retryAfterMs = parseRetryAfter(init.headers?.get('retry-after') ?? null);
  }
}

/** 5xx: the server (or a gateway in front of it) failed. */
export class InternalServerError extends JobsApiError {
  override name = 'InternalServerError';
}

/** No answer arrived: DNS, refused or reset connection, TLS, or a body cut short. `cause` holds the fetch error. */
export class ConnectionError extends JobsApiError {
  override name = 'ConnectionError';
}

/** No answer arrived within the client's `timeoutMs` (on the last of its attempts). */
export class ConnectionTimeoutError extends ConnectionError {
  override name = 'ConnectionTimeoutError';
}

/** What {@link WaitTimeoutError}'s constructor takes. */
export interface WaitTimeoutErrorInit {
  /** The job that was being waited for. */
  jobId: string;
  /** How long the wait lasted, in milliseconds. */
  timeoutMs: number;
  /** The status the last poll saw; `undefined` when no poll answered. */
  lastStatus: JobStatus | undefined;
}

/** `waitForCompletion` gave up: the job was not terminal within its `timeoutMs`. The job itself keeps running. */
export class WaitTimeoutError extends JobsApiError {
  override name = 'WaitTimeoutError';
  /** The job that was being waited for. */
  readonly jobId: string;
  /** The status the last poll saw; `undefined` when no poll answered. */
  readonly lastStatus: JobStatus | undefined;

  /** Builds the error with a message naming the job and its last status. */
  constructor(init: WaitTimeoutErrorInit) {
    super({
      code: 'wait_timeout',
      message: `Job ${init.jobId} was not finished after ${init.timeoutMs} ms (last status: ${init.lastStatus ?? 'unknown'}).`,
    });
    this.jobId = init.jobId;
    this.lastStatus = init.lastStatus;
  }
}

/** The class for each status the spec names; any other 5xx is an {@link InternalServerError}. */
const ERROR_CLASS_BY_STATUS: Readonly<Record<number, typeof JobsApiError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  404: NotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** Whether `body` has the spec's error shape (a proxy in front of the server may answer HTML or nothing). */
export function isApiError(body: unknown): body is ApiError {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

/**
 * The typed error for a non-2xx answer. `body` is what openapi-fetch parsed: the spec's error shape,
 * or text when the answer was not JSON (then `code` is `http_<status>` and the text is the message).
 */
export function errorFromResponse(response: Response, body: unknown): JobsApiError {
  const { status, headers } = response;
  const headerRequestId = headers.get('x-request-id') ?? undefined;
  const init: JobsApiErrorInit = isApiError(body)
    ? {
        status,
        headers,
        code: body.error.code,
        message: body.error.message,
        details: body.error.details,
        requestId: body.error.request_id ?? headerRequestId,
      }
    : {
        status,
        headers,
        code: `http_${status}`,
        message: typeof body === 'string' && body.trim() !== '' ? body.trim().slice(0, 500) : `HTTP ${status} ${response.statusText}`.trim(),
        requestId: headerRequestId,
      };
  const ErrorClass = ERROR_CLASS_BY_STATUS[status] ?? (status >= 500 ? InternalServerError : JobsApiError);
  return new ErrorClass(init);
}
