/**
 * How the dashboard reaches the API: the page's own origin (the server serves the dashboard at
 * /dashboard beside /v1; `npm run dashboard:dev` proxies /v1 and /readyz to the mock or a server),
 * through @jobs-api/client, so every call is typed by the spec.
 */
import { AuthenticationError, createJobsClient, JobsApiError, type JobsClient } from '@jobs-api/client';

/** One retry of a transient failure (the client's default is two): a person is waiting and polling repeats anyway. */
const MAX_RETRIES = 1;
/** A dashboard call that takes longer than this is reported rather than waited for. */
const TIMEOUT_MS = 30_000;

export function apiBaseUrl(): string {
  return window.location.origin;
}

export function connect(apiKey: string): JobsClient {
  return createJobsClient({ baseUrl: apiBaseUrl(), apiKey, maxRetries: MAX_RETRIES, timeoutMs: TIMEOUT_MS });
}

/** Whether `error` is the API refusing the key (401): the session must end. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof AuthenticationError;
}

/** What a person should read about a failed call: the API's code and message, with the HTTP status. */
export function describeError(error: unknown): string {
  if (error instanceof JobsApiError) return `${error.message} (${error.code}${error.status === undefined ? '' : `, HTTP ${error.status}`})`;
  if (error instanceof Error) return error.message;
  return String(error);
}
