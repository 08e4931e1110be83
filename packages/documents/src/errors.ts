/**
 * The one error type the engine throws. The server maps it to its error body
 * `{error: {code, message, details}}` with `status` as the HTTP status.
 *
 * Invariant: `retryable` is true exactly when `status >= 500`, so a job runner
 * can decide on either field.
 */
import type { ErrorCode } from '@jobs-api/api-types';

export class DocumentError extends Error {
  /** Stable machine-readable code from the spec's catalogue (x-error-codes), e.g. `document_url_refused`. */
  readonly code: ErrorCode;
  /** HTTP status the synchronous endpoint answers with. */
  readonly status: number;
  /** True for transient failures (network, provider 429/5xx, timeouts): the job may be retried. */
  readonly retryable: boolean;
  /** Extra facts for the client (never secrets), e.g. the failing field or upstream status. */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, status: number, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DocumentError';
    this.code = code;
    this.status = status;
    this.retryable = status >= 500;
    if (details !== undefined) this.details = details;
  }
}

/** A 400: the request itself is malformed (missing field, value out of range). */
export function invalidRequest(message: string, details?: Record<string, unknown>): DocumentError {
  return new DocumentError('invalid_request', message, 400, details);
}

/** A 422: the document cannot be processed as sent (type, content). */
export function unprocessableDocument(code: ErrorCode, message: string, details?: Record<string, unknown>): DocumentError {
  return new DocumentError(code, message, 422, details);
}

/** The error an aborted operation rejects with: `signal.reason` when it is one, otherwise a fresh AbortError. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return new DOMException('The operation was aborted', 'AbortError');
}

/** Throws the abort error when the signal has fired; called between steps of long work. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortReason(signal);
}

/**
 * Settles with `work`, or rejects with an AbortError as soon as `signal` fires,
 * whichever comes first. `work` keeps running: callers that own a resource
 * (an OCR worker) must stop it themselves.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** True for the error an aborted signal produces (DOMException or Error named AbortError). */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
