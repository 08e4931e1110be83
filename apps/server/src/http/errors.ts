/**
 * The one mapping from anything thrown while answering a request to the one error shape of
 * docs/architecture.md, "Errors": `{"error": {"code", "message", "details"?, "request_id"}}`. Unexpected errors become
 * a 500 with the request id and no stack trace (the stack goes to the log).
 */
import type { ApiError, ErrorCode } from '@jobs-api/api-types';
import { asApiProblem } from '../errors.js';

export interface ErrorResponse {
  status: number;
  body: ApiError;
  headers: Record<string, string>;
  /** True when the error is ours (log it with its stack). */
  unexpected: boolean;
}

interface ValidatorError extends Error {
  status: number;
  errors?: { path: string; message: string; errorCode?: string }[];
}

function isValidatorError(error: unknown): error is ValidatorError {
  return error instanceof Error && typeof (error as ValidatorError).status === 'number' && Array.isArray((error as ValidatorError).errors);
}

/** body-parser's errors carry a `type`. */
function bodyParserType(error: unknown): string | undefined {
  const type = error instanceof Error ? (error as Error & { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : undefined;
}

/** An error body-parser marked as the client's (http-errors: a 4xx with `expose`), other than those mapped by `type`. */
function isClientBodyError(error: unknown): error is Error {
  const e = error as { status?: unknown; expose?: unknown; errors?: unknown };
  return error instanceof Error && e.status === 400 && e.expose === true && e.errors === undefined;
}

const respond = (
  status: number,
  code: ErrorCode,
  message: string,
  requestId: string,
  details?: Record<string, unknown>,
  unexpected = false,
): ErrorResponse => ({
  status,
  body: { error: { code, message, ...(details ? { details } : {}), request_id: requestId } },
  headers: {},
  unexpected,
});

export function toErrorResponse(error: unknown, requestId: string, bodyLimitBytes: number): ErrorResponse {
  const problem = asApiProblem(error);
  if (problem) {
    const r = respond(problem.status, problem.code, problem.message, requestId, problem.details, problem.status >= 500 && problem.status !== 501);
    return { ...r, headers: problem.headers ?? {} };
  }
  switch (bodyParserType(error)) {
    case 'entity.parse.failed':
      return respond(400, 'invalid_request', `The body is not valid JSON: ${(error as Error).message}`, requestId);
    case 'entity.too.large':
      return respond(413, 'payload_too_large', `The body is larger than ${bodyLimitBytes} bytes. Send large documents as https:// URLs.`, requestId, {
        limit_bytes: bodyLimitBytes,
      });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return respond(400, 'invalid_request', (error as Error).message, requestId);
  }
  // A body whose Content-Encoding does not decode (body-parser passes zlib's error on with status 400).
  if (isClientBodyError(error)) {
    return respond(400, 'invalid_request', `The body could not be read: ${error.message}.`, requestId);
  }
  if (isValidatorError(error)) {
    const errors = (error.errors ?? []).map((e) => ({ path: e.path, message: e.message }));
    switch (error.status) {
      case 400: {
        // Valid JSON that does not fit the schema is a 422; bad parameters or headers are a 400.
        const bodyOnly = errors.length > 0 && errors.every((e) => e.path === '/body' || e.path.startsWith('/body/'));
        const summary = `${errors.length} problem${errors.length === 1 ? '' : 's'}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`;
        return bodyOnly
          ? respond(422, 'validation_error', `The request body does not fit the schema (${summary}).`, requestId, { errors })
          : respond(400, 'invalid_request', `Invalid request (${summary}).`, requestId, { errors });
      }
      case 404:
        return respond(404, 'not_found', 'No such route.', requestId);
      case 405:
        return respond(405, 'method_not_allowed', error.message, requestId);
      case 413:
        return respond(413, 'payload_too_large', error.message, requestId);
      case 415:
        return respond(400, 'invalid_request', 'Send the body as JSON with Content-Type: application/json.', requestId);
      default:
        // A 500 from the validator is a response that breaks the spec: our bug.
        return respond(500, 'internal_error', 'Something went wrong. Quote the request id when reporting it.', requestId, undefined, true);
    }
  }
  return respond(500, 'internal_error', 'Something went wrong. Quote the request id when reporting it.', requestId, undefined, true);
}
