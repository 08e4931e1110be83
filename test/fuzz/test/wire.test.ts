/**
 * Wire compatibility with the official Retab Node SDK (the `jobs` client of `@retab/node` 1.0.x):
 * its exact request shapes replayed against a real server process: `Api-Key` raw, JSON bodies with
 * `Content-Type: application/json`, `{}` on cancel and retry, list queries built with
 * URLSearchParams (spaces as `+`, arrays comma-joined, metadata as a JSON string, booleans as
 * `true`/`false`, `limit=20&order=desc` always), every list option it offers. Each answer is checked
 * against the bundled spec (Ajv) and against the fields the SDK's own parsing requires.
 */
import { operationById, responseSchema, validatorFor } from '@jobs-api/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUZZ_API_KEY, startFuzzServer, type FuzzServer } from '../src/server.js';

let server: FuzzServer;
beforeAll(async () => {
  server = await startFuzzServer();
});
afterAll(() => server?.stop());

/** What the SDK's Job parsing requires (the rest is optional to it). */
const SDK_JOB_FIELDS = ['id', 'object', 'status', 'endpoint', 'created_at', 'expires_at', 'organization_id'] as const;
const SDK_LIST_FIELDS = ['object', 'data', 'has_more'] as const;

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** As the SDK sends it: raw key, exact JSON content type, and the answer checked against the spec. */
async function sdk(operationId: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(server.url + path, {
    method,
    headers: { 'Api-Key': FUZZ_API_KEY, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // The SDK refuses any other content type, even `; charset=utf-8`.
  expect(res.headers.get('content-type'), `${method} ${path}`).toBe('application/json');
  const answer = { status: res.status, body: await res.json() };
  const schema = responseSchema(operationById(operationId), answer.status);
  expect(schema, `${operationId} ${answer.status} is in the spec`).toBeDefined();
  const validate = validatorFor(schema!);
  expect(validate(answer.body), `${operationId} ${answer.status}: ${JSON.stringify(validate.errors)}`).toBe(true);
  return answer;
}

function expectSdkJob(job: Record<string, unknown>) {
  for (const field of SDK_JOB_FIELDS) expect(job, field).toHaveProperty(field);
  expect(job.object).toBe('job');
  expect(Number.isInteger(job.created_at) && Number.isInteger(job.expires_at)).toBe(true);
  for (const value of Object.values((job.metadata ?? {}) as Record<string, unknown>)) expect(typeof value).toBe('string');
}

/** The SDK's list call: URLSearchParams over its options, `limit=20&order=desc` unless given. */
async function sdkList(options: Record<string, string | string[] | boolean | Record<string, string> | undefined>): Promise<Answer> {
  const params = new URLSearchParams({ limit: '20', order: 'desc' });
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) params.set(name, value.join(','));
    else if (typeof value === 'object') params.set(name, JSON.stringify(value));
    else params.set(name, String(value));
  }
  const answer = await sdk('listJobs', 'GET', `/v1/jobs?${params}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  for (const field of SDK_LIST_FIELDS) expect(answer.body).toHaveProperty(field);
  for (const job of answer.body.data) expectSdkJob(job);
  return answer;
}

const text = (content: string) => `data:text/plain;base64,${Buffer.from(content).toString('base64')}`;

describe('the official SDK against a real server', () => {
  let created: Answer;
  let projectId: string;

  it('creates (with metadata holding spaces) and retrieves, with and without payloads', async () => {
    created = await sdk('createJob', 'POST', '/v1/jobs', {
      endpoint: '/v1/documents/parse',
      request: { document: { filename: 'scan 01.txt', url: text('Invoice 42') }, model: 'retab-small' },
      metadata: { customer: 'ACME Corp' },
    });
    expect([200, 202]).toContain(created.status);
    expectSdkJob(created.body);
    for (const query of ['', '?include_request=true&include_response=true', '?include_request=false&include_response=false']) {
      const got = await sdk('getJob', 'GET', `/v1/jobs/${created.body.id}${query}`);
      expect(got.status).toBe(200);
      expectSdkJob(got.body);
    }
  });

  it('cancels and retries with an empty JSON body', async () => {
    const cancelled = await sdk('cancelJob', 'POST', `/v1/jobs/${created.body.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expectSdkJob(cancelled.body);
    const retried = await sdk('retryJob', 'POST', `/v1/jobs/${created.body.id}/retry`, {});
    expect(retried.status).toBe(200);
    expectSdkJob(retried.body);
  });

  it('lists with every option the SDK offers, spaces written as +', async () => {
    const project = await sdk('createProject', 'POST', '/v1/projects', {
      name: 'Mail room',
      kind: 'classify',
      categories: [{ name: 'invoice', description: 'a bill' }],
    });
    projectId = project.body.id;
    await sdk('createProjectDocument', 'POST', `/v1/projects/${projectId}/documents`, {
      document: { filename: 'bill.txt', url: text('Invoice') },
      ground_truth: 'invoice',
    });
    const evalJob = await sdk('createJob', 'POST', '/v1/jobs', { endpoint: '/v1/evals/classify/process', request: { project_id: projectId } });
    expect([200, 202]).toContain(evalJob.status);

    const ids = async (options: Parameters<typeof sdkList>[0]) => (await sdkList(options)).body.data.map((j: { id: string }) => j.id);
    const id = created.body.id as string;
    expect(await ids({})).toEqual([evalJob.body.id, id]);
    expect(await ids({ filename_contains: 'scan 01' })).toEqual([id]);
    expect(await ids({ metadata: { customer: 'ACME Corp' } })).toEqual([id]);
    expect(await ids({ filename_regex: '^scan [0-9]+\\.txt$' })).toEqual([id]);
    expect(await ids({ document_type: ['application/pdf', 'txt'] })).toEqual([id]);
    expect(await ids({ source: 'api' })).toEqual([id]);
    expect(await ids({ source: 'project', project_id: projectId })).toEqual([evalJob.body.id]);
    expect(await ids({ workflow_id: 'wf_1', workflow_node_id: 'node 1' })).toEqual([]);
    expect(await ids({ status: ['queued', 'in_progress'], endpoint: ['/v1/documents/parse'], model: ['retab-small'] })).toEqual([id]);
    expect(await ids({ id: [id, 'job_missing'], include_request: true, include_response: false })).toEqual([id]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await ids({ from_date: today, to_date: today, order: 'asc', limit: '1' })).toEqual([id]);
    const first = await sdkList({ limit: '1' });
    expect(first.body.has_more).toBe(true);
    expect((await sdkList({ limit: '1', after: first.body.last_id })).body.data.map((j: { id: string }) => j.id)).toEqual([id]);
    expect((await sdkList({ limit: '1', before: id })).body.data.map((j: { id: string }) => j.id)).toEqual([evalJob.body.id]);
  });

  it('answers a bad list option with a 400 in the one error shape, never a 500', async () => {
    for (const query of [
      'limit=Infinity&order=desc',
      'limit=20&order=desc&filename_regex=(%3F%3Dx)',
      'limit=20&order=desc&document_type=%2F%2F',
      'limit=20&order=desc&metadata=%7B',
    ]) {
      const answer = await sdk('listJobs', 'GET', `/v1/jobs?${query}`);
      expect(answer.status, query).toBe(400);
    }
  });
});
