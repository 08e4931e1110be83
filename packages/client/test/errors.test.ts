/** Every non-2xx answer becomes the error class for its status, carrying the server's fields. */
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createJobsClient,
  InternalServerError,
  JobsApiError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitError,
  UnprocessableEntityError,
} from '../src/index.js';
import { apiError, json, scriptedFetch } from './support/scripted-fetch.js';

/** A client that sends once (no retries) and answers `reply`. */
function clientAnswering(reply: Response) {
  return createJobsClient({ baseUrl: 'http://jobs.test', apiKey: 'sk_test', fetch: scriptedFetch([reply]), maxRetries: 0 });
}

async function errorOf(promise: Promise<unknown>): Promise<JobsApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JobsApiError);
  return error as JobsApiError;
}

describe('error mapping', () => {
  const cases: [string, { status: number; code: string; want: typeof JobsApiError }][] = [
    ['400 invalid_request', { status: 400, code: 'invalid_request', want: BadRequestError }],
    ['401 unauthorized', { status: 401, code: 'unauthorized', want: AuthenticationError }],
    ['404 not_found', { status: 404, code: 'not_found', want: NotFoundError }],
    ['409 job_not_cancellable', { status: 409, code: 'job_not_cancellable', want: ConflictError }],
    ['413 payload_too_large', { status: 413, code: 'payload_too_large', want: PayloadTooLargeError }],
    ['422 validation_error', { status: 422, code: 'validation_error', want: UnprocessableEntityError }],
    ['429 rate_limited', { status: 429, code: 'rate_limited', want: RateLimitError }],
    ['500 internal_error', { status: 500, code: 'internal_error', want: InternalServerError }],
    ['501 not_implemented', { status: 501, code: 'not_implemented', want: InternalServerError }],
    ['502 upstream_error', { status: 502, code: 'upstream_error', want: InternalServerError }],
    ['403 (not in the spec)', { status: 403, code: 'forbidden', want: JobsApiError }],
  ];

  it.each(cases)('%s', async (_name, { status, code, want }) => {
    const details = { errors: [{ path: '/request/document', message: 'is required' }] };
    const client = clientAnswering(apiError(status, code, { message: `the ${code} message`, details, request_id: 'req_body' }));

    const error = await errorOf(client.jobs.retrieve('job_x'));

    expect(error).toBeInstanceOf(want);
    expect(error).toBeInstanceOf(Error);
    expect(error.constructor).toBe(want);
    expect(error.name).toBe(want.name);
    expect(error).toMatchObject({ status, code, message: `the ${code} message`, details, requestId: 'req_body' });
  });

  it('takes the request id from x-request-id when the body has none', async () => {
    const client = clientAnswering(apiError(404, 'not_found', {}, { 'x-request-id': 'req_header' }));
    const error = await errorOf(client.jobs.retrieve('job_x'));
    expect(error.requestId).toBe('req_header');
    expect(error.headers?.get('x-request-id')).toBe('req_header');
  });

  it('maps a non-JSON answer (a proxy’s HTML page) by status, with the text as message', async () => {
    const client = clientAnswering(new Response('<h1>Bad Gateway</h1>', { status: 502, headers: { 'content-type': 'text/html' } }));
    const error = await errorOf(client.jobs.list());
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 502, code: 'http_502', message: '<h1>Bad Gateway</h1>', details: undefined });
  });

  it('maps an empty error answer', async () => {
    const client = clientAnswering(new Response(null, { status: 401, statusText: 'Unauthorized' }));
    const error = await errorOf(client.jobs.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'http_401', message: 'HTTP 401 Unauthorized' });
  });

  it('reports a 2xx without a body as an error rather than resolving with undefined', async () => {
    const client = clientAnswering(new Response(null, { status: 200 }));
    const error = await errorOf(client.jobs.retrieve('job_x'));
    expect(error).toMatchObject({ status: 200, code: 'empty_response' });
  });

  it('RateLimitError carries Retry-After in milliseconds', async () => {
    const client = clientAnswering(apiError(429, 'rate_limited', {}, { 'retry-after': '2' }));
    const error = await errorOf(client.jobs.list());
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(2000);
  });

  it('lets the raw client keep openapi-fetch’s {error, response} result', async () => {
    const client = clientAnswering(json(404, { error: { code: 'not_found', message: 'No such job' } }));
    const result = await client.api.GET('/v1/jobs/{job_id}', { params: { path: { job_id: 'job_x' } } });
    expect(result.response.status).toBe(404);
    expect(result.error?.error.code).toBe('not_found');
  });
});
