/**
 * Bad input always gets a clear 4xx in the one error shape and stores nothing (docs/architecture.md, "Errors").
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { JobList } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataUrl, parseJob, startTestServer, TEST_KEY, type CallInit, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ mode: 'api', bodyLimitBytes: 256 * 1024, offloadThresholdBytes: 1024 });
});
afterAll(() => server.stop());

const parse = (request: Record<string, unknown>) => ({ endpoint: '/v1/documents/parse', request });
const doc = (url: string, filename = 'doc.txt') => ({ document: { filename, url } });
const meta = (n: number, key = (i: number) => `k${i}`, value = () => 'v') => Object.fromEntries(Array.from({ length: n }, (_, i) => [key(i), value()]));

const cases: [string, CallInit & { path?: string; method?: string }, number, string, string?][] = [
  // [name, request, status, error code, a failing path that must be named]
  ['malformed JSON', { rawBody: '{"endpoint": "/v1/documents/parse", "request": {' }, 400, 'invalid_request'],
  ['a JSON body that is not an object', { rawBody: '"just a string"' }, 400, 'invalid_request'],
  ['a wrong type', { body: parse({ document: { filename: 42, url: dataUrl('x') } }) }, 422, 'validation_error', '/body/request/document/filename'],
  ['an unknown endpoint', { body: { endpoint: '/v1/documents/teleport', request: {} } }, 422, 'validation_error', '/body'],
  [
    'a request that does not fit its endpoint',
    { body: { endpoint: '/v1/evals/split/process', request: { model: 'retab-small' } } },
    422,
    'validation_error',
    '/body/request/project_id',
  ],
  ['an unknown request field', { body: parse({ ...doc(dataUrl('x')), colour: 'blue' }) }, 422, 'validation_error', '/body/request/colour'],
  ['17 metadata pairs', { body: { ...parseJob(), metadata: meta(17) } }, 422, 'validation_error', '/body/metadata'],
  ['a 65-character metadata key', { body: { ...parseJob(), metadata: meta(1, () => 'k'.repeat(65)) } }, 422, 'validation_error', '/body/metadata'],
  [
    'a 513-character metadata value',
    { body: { ...parseJob(), metadata: meta(1, undefined, () => 'v'.repeat(513)) } },
    422,
    'validation_error',
    '/body/metadata/k0',
  ],
  ['a non-string metadata value', { body: { ...parseJob(), metadata: { k: 1 } } }, 422, 'validation_error', '/body/metadata/k'],
  ['bad base64', { body: parse(doc('data:text/plain;base64,@@not base64@@')) }, 422, 'invalid_base64', '/body/request/document/url'],
  ['a data: URL without base64', { body: parse(doc('data:text/plain,hello')) }, 422, 'invalid_data_url', '/body/request/document/url'],
  [
    'a MIME type the endpoint does not take',
    { body: parse(doc(dataUrl('GIF89a', 'image/gif'), 'a.gif')) },
    422,
    'unsupported_mime_type',
    '/body/request/document/url',
  ],
  ['a plain http:// document URL', { body: parse(doc('http://example.org/a.pdf')) }, 422, 'unsupported_url', '/body/request/document/url'],
  ['an unknown model', { body: parse({ ...doc(dataUrl('x')), model: 'gpt-nonexistent' }) }, 422, 'unknown_model', '/body/request/model'],
  ['an oversized body', { body: parse(doc(dataUrl('x'.repeat(300 * 1024)))) }, 413, 'payload_too_large'],
  ['a body that is not JSON', { rawBody: 'endpoint=parse', headers: { 'Content-Type': 'text/plain' } }, 400, 'invalid_request'],
  ['a missing key', { body: parseJob(), key: null }, 401, 'unauthorized'],
  ['an invalid key', { body: parseJob(), key: 'sk_wrong' }, 401, 'unauthorized'],
  ['a bad list parameter', { method: 'GET', path: '/v1/jobs?limit=500' }, 400, 'invalid_request', '/query/limit'],
  ['a bad status filter', { method: 'GET', path: '/v1/jobs?status=done' }, 400, 'invalid_request', '/query/status/0'],
  ['a metadata filter that is not JSON', { method: 'GET', path: '/v1/jobs?metadata=%7Bnope' }, 400, 'invalid_request'],
  ['an unknown job', { method: 'GET', path: '/v1/jobs/job_doesNotExist000000000' }, 404, 'not_found'],
  ['an unknown route', { method: 'GET', path: '/v1/nothing-here' }, 404, 'not_found'],
];

describe('bad input', () => {
  it.each(cases)('%s → %i %s, nothing stored', async (_name, init, status, code, failingPath) => {
    const before = (await server.call<JobList>('GET', '/v1/jobs?limit=100')).body.data.length;
    const res = await server.call(init.method ?? 'POST', init.path ?? '/v1/jobs', init);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/json');
    // The one error shape, with a request id and no stack trace.
    expect(Object.keys(res.body)).toEqual(['error']);
    expect(res.body.error).toMatchObject({ code, message: expect.any(String), request_id: res.headers.get('x-request-id') });
    expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(js|ts):\d+/);
    if (failingPath) expect(JSON.stringify(res.body.error.details)).toContain(failingPath);
    const after = (await server.call<JobList>('GET', '/v1/jobs?limit=100')).body.data.length;
    expect(after).toBe(before);
    const blobs = join(server.dataDir, 'blobs');
    expect(existsSync(blobs) ? readdirSync(blobs, { recursive: true }).filter((f) => String(f).length > 40) : []).toEqual([]);
  });

  it('reports every failing path of a request, and only paths inside its endpoint', async () => {
    const res = await server.call('POST', '/v1/jobs', {
      body: parse({ document: { filename: '', url: 'ftp://x' }, table_parsing_format: 'pdf', image_resolution_dpi: 5 }),
    });
    expect(res.status).toBe(422);
    const paths = res.body.error.details.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual([
      '/body/request/document/filename',
      '/body/request/document/url',
      '/body/request/image_resolution_dpi',
      '/body/request/table_parsing_format',
    ]);
  });

  it('accepts the access_token query parameter instead of the header', async () => {
    const res = await server.call('GET', `/v1/jobs?access_token=${TEST_KEY}`, { key: null });
    expect(res.status).toBe(200);
  });
});
