/** What each jobs method puts on the wire, and what it resolves with. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createJobsClient, type JobFor, type JobResultFor } from '../src/index.js';
import { job, page, parseBody } from './support/fixtures.js';
import { json, scriptedFetch, type Reply } from './support/scripted-fetch.js';

function clientWith(replies: Reply[], options: { baseUrl?: string; headers?: Record<string, string> } = {}) {
  const fetch = scriptedFetch(replies);
  const client = createJobsClient({ baseUrl: options.baseUrl ?? 'http://jobs.test', apiKey: 'sk_test', fetch, headers: options.headers });
  return { client, fetch };
}

describe('every request', () => {
  it('carries the raw key in Api-Key (no Bearer) and the client’s headers', async () => {
    const { client, fetch } = clientWith([json(200, job())], { headers: { 'x-trace': 't1', 'Api-Key': 'not this one' } });
    await client.jobs.retrieve('job_x', { headers: { 'x-call': 'c1' } });
    const [sent] = fetch.requests;
    expect(sent!.headers.get('api-key')).toBe('sk_test');
    expect(sent!.headers.get('authorization')).toBeNull();
    expect(sent!.headers.get('x-trace')).toBe('t1');
    expect(sent!.headers.get('x-call')).toBe('c1');
  });

  it('joins the base URL and the path once, with or without a trailing slash', async () => {
    const { client, fetch } = clientWith([json(200, job()), json(200, job())], { baseUrl: 'http://jobs.test/api/' });
    await client.jobs.retrieve('job_a');
    expect(fetch.requests[0]!.url.href).toBe('http://jobs.test/api/v1/jobs/job_a');
  });

  it('rejects bad options at once', () => {
    expect(() => createJobsClient({ baseUrl: '', apiKey: 'k' })).toThrow(/baseUrl/);
    expect(() => createJobsClient({ baseUrl: 'http://x', apiKey: '' })).toThrow(/apiKey/);
    expect(() => createJobsClient({ baseUrl: 'http://x', apiKey: 'k', maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => createJobsClient({ baseUrl: 'http://x', apiKey: 'k', timeoutMs: Number.NaN })).toThrow(/timeoutMs/);
  });
});

describe('jobs.create', () => {
  it('POSTs the body as JSON to /v1/jobs and resolves with the job', async () => {
    const created = job({ status: 'queued' });
    const { client, fetch } = clientWith([json(200, created)]);
    const result = await client.jobs.create({ ...parseBody, metadata: { customer: 'acme' } });
    expect(result).toEqual(created);
    const [sent] = fetch.requests;
    expect(sent).toMatchObject({ method: 'POST', body: { ...parseBody, metadata: { customer: 'acme' } } });
    expect(sent!.url.pathname).toBe('/v1/jobs');
    expect(sent!.headers.get('content-type')).toBe('application/json');
  });

  it('resolves with a 202 job and its dispatch_delayed warning', async () => {
    const delayed = job({ warnings: [{ code: 'dispatch_delayed', message: 'No worker can take the job right now.' }] });
    const { client } = clientWith([json(202, delayed)]);
    await expect(client.jobs.create(parseBody)).resolves.toMatchObject({ warnings: [{ code: 'dispatch_delayed' }] });
  });

  it('types the job by its endpoint', async () => {
    const { client } = clientWith([json(200, job())]);
    const created = await client.jobs.create(parseBody);
    expectTypeOf(created).toEqualTypeOf<JobFor<'/v1/documents/parse'>>();
    expectTypeOf(created.endpoint).toEqualTypeOf<'/v1/documents/parse'>();
    type Body = NonNullable<typeof created.response>['body'];
    expectTypeOf({} as Body).toEqualTypeOf<JobResultFor<'/v1/documents/parse'>>();
    expectTypeOf('' as Body['text']).toEqualTypeOf<string>();
    // @ts-expect-error: a parse job's request has no json_schema
    void (() => client.jobs.create({ endpoint: '/v1/documents/parse', request: { ...parseBody.request, json_schema: {} } }));
  });
});

describe('jobs.retrieve', () => {
  it('GETs the job without payload flags by default', async () => {
    const { client, fetch } = clientWith([json(200, job())]);
    await client.jobs.retrieve('job_abc');
    const [sent] = fetch.requests;
    expect(sent!.method).toBe('GET');
    expect(sent!.url.pathname).toBe('/v1/jobs/job_abc');
    expect(sent!.url.search).toBe('');
  });

  it('asks for the request and the response with true/false strings', async () => {
    const { client, fetch } = clientWith([json(200, job())]);
    await client.jobs.retrieve('job_abc', { includeRequest: true, includeResponse: false });
    expect(Object.fromEntries(fetch.requests[0]!.url.searchParams)).toEqual({ include_request: 'true', include_response: 'false' });
  });

  it('escapes the id in the path', async () => {
    const { client, fetch } = clientWith([json(200, job())]);
    await client.jobs.retrieve('job/../x');
    expect(fetch.requests[0]!.url.pathname).toBe('/v1/jobs/job%2F..%2Fx');
  });
});

describe('jobs.list', () => {
  it('sends filters as the spec declares them: arrays as repeated parameters, metadata as a JSON string', async () => {
    const { client, fetch } = clientWith([json(200, page([job()], false))]);
    await client.jobs.list({
      limit: 5,
      order: 'asc',
      status: ['failed', 'expired'],
      endpoint: ['/v1/documents/parse'],
      metadata: { customer: 'acme' },
      include_response: true,
    });
    const query = fetch.requests[0]!.url.searchParams;
    expect([...query.keys()].sort()).toEqual(['endpoint', 'include_response', 'limit', 'metadata', 'order', 'status', 'status']);
    expect(query.getAll('status')).toEqual(['failed', 'expired']);
    expect(query.getAll('endpoint')).toEqual(['/v1/documents/parse']);
    expect(query.get('metadata')).toBe('{"customer":"acme"}');
    expect([query.get('limit'), query.get('order'), query.get('include_response')]).toEqual(['5', 'asc', 'true']);
  });

  it('passes a metadata filter given as a string through', async () => {
    const { client, fetch } = clientWith([json(200, page([], false))]);
    await client.jobs.list({ metadata: '{"a":"b"}' });
    expect(fetch.requests[0]!.url.searchParams.get('metadata')).toBe('{"a":"b"}');
  });

  it('resolves with one page', async () => {
    const listed = page([job(), job()], true);
    const { client, fetch } = clientWith([json(200, listed)]);
    await expect(client.jobs.list()).resolves.toEqual(listed);
    expect(fetch.requests).toHaveLength(1);
  });
});

describe('jobs.cancel and jobs.retry', () => {
  it.each([
    ['cancel', '/v1/jobs/job_c/cancel'],
    ['retry', '/v1/jobs/job_c/retry'],
  ] as const)('%s POSTs {} as application/json to %s', async (method, path) => {
    const { client, fetch } = clientWith([json(200, job({ id: 'job_c' }))]);
    await expect(client.jobs[method]('job_c')).resolves.toMatchObject({ id: 'job_c' });
    const [sent] = fetch.requests;
    expect(sent).toMatchObject({ method: 'POST', body: {} });
    expect(sent!.url.pathname).toBe(path);
    expect(sent!.headers.get('content-type')).toBe('application/json');
    expect(sent!.headers.get('idempotency-key')).toBeNull();
  });
});
