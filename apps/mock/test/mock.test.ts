/**
 * Smoke test of `npm run mock`: the real launcher and Prism, on an OS-chosen port, called for every
 * operation of the bundled spec (a new operation is covered without touching this file).
 */
import { fileURLToPath } from 'node:url';
import { JOB_ENDPOINTS, type JobEndpoint } from '@jobs-api/api-types';
import {
  answersEventStream,
  EVENT_STREAM_MEDIA,
  bodyRequired,
  describeErrors,
  operationById,
  operations,
  PRISM_LISTENING,
  sampleBody,
  samplePath,
  startProcess,
  successes,
  validatorFor,
  validatorOf,
  type Operation,
  type RunningProcess,
} from '@jobs-api/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What `npm run mock` runs. */
const START_SCRIPT = fileURLToPath(new URL('../src/start.mjs', import.meta.url));
/** Prism only checks that a key is present (any value passes). */
const API_KEY = 'mock-test-key';

let mock: RunningProcess;

beforeAll(async () => {
  // MOCK_PORT=0: the launcher lets Prism pick a free port and Prism logs the URL.
  mock = await startProcess({ command: process.execPath, args: [START_SCRIPT], env: { ...process.env, MOCK_PORT: '0' }, listeningLine: PRISM_LISTENING });
});

afterAll(async () => {
  await mock?.stop();
});

interface Answer {
  status: number;
  contentType: string;
  body: unknown;
}

interface CallOptions {
  key?: 'header' | 'query' | 'none';
  prefer?: string;
  /** A value to send as JSON, or a string to send as is (malformed JSON). */
  body?: unknown;
  path?: string;
}

async function call(
  operation: Operation,
  { key = 'header', prefer, body = sampleBody(operation), path = samplePath(operation) }: CallOptions = {},
): Promise<Answer> {
  const url = new URL(path, mock.baseUrl);
  const headers: Record<string, string> = {};
  if (key === 'header') headers['Api-Key'] = API_KEY;
  if (key === 'query') url.searchParams.set('access_token', API_KEY);
  if (prefer) headers['Prefer'] = prefer;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, {
    method: operation.method.toUpperCase(),
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  return { status: response.status, contentType, body: contentType.includes('json') && text ? JSON.parse(text) : text };
}

/** Fails with Ajv's errors and the body when `body` does not fit `schema`. */
function expectValid(validate: ReturnType<typeof validatorFor>, body: unknown, what: string) {
  const valid = validate(body);
  expect(valid, `${what} does not fit its schema: ${describeErrors(validate.errors)}\n${JSON.stringify(body).slice(0, 2000)}`).toBe(true);
}

function expectErrorShape(answer: Answer, what: string) {
  expect(answer.contentType, `${what}: content type`).toMatch(/^application\/json/);
  expectValid(validatorOf('Error'), answer.body, `${what}: error body`);
}

const byId = operations.map((operation) => [operation.operationId, operation] as const);

describe('every operation', () => {
  it('the spec has operations to call (the table below is not empty)', () => {
    expect(operations.length).toBeGreaterThanOrEqual(5);
    expect(operations.map((o) => o.operationId)).toEqual(expect.arrayContaining(['createJob', 'getJob', 'listJobs', 'cancelJob', 'retryJob']));
  });

  it.each(byId)('%s answers its first 2xx status with a body that fits the response schema', async (_id, operation) => {
    const answer = await call(operation);
    const [expected] = successes(operation);
    expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(expected!.status);
    // The job event stream answers text/event-stream (a string body); everything else JSON.
    expect(answer.contentType).toMatch(answersEventStream(operation) ? new RegExp(`^${EVENT_STREAM_MEDIA}`) : /^application\/json/);
    expectValid(validatorFor(expected!.schema), answer.body, `${operation.operationId} ${answer.status}`);
  });

  it.each(byId)('%s without a key is 401 in the error shape', async (_id, operation) => {
    const answer = await call(operation, { key: 'none' });
    expect(answer.status).toBe(401);
    expectErrorShape(answer, operation.operationId);
  });
});

describe('authentication', () => {
  it('accepts the key as the access_token query parameter', async () => {
    const answer = await call(operationById('listJobs'), { key: 'query' });
    expect(answer.status).toBe(200);
  });

  it('answers 401 even when a Prefer header asks for a success', async () => {
    const answer = await call(operationById('getJob'), { key: 'none', prefer: 'example=JobCompleted' });
    expect(answer.status).toBe(401);
  });
});

/** Every named example of every 2xx response: [operationId, status, example name]. */
const namedExamples = operations.flatMap((operation) =>
  successes(operation).flatMap((success) => success.examples.map((example) => [operation.operationId, success.status, example.name] as const)),
);

describe('Prefer header', () => {
  it.each(namedExamples)('%s %i: Prefer picks the example %s', async (operationId, status, name) => {
    const operation = operationById(operationId);
    const success = successes(operation).find((s) => s.status === status)!;
    // Prism looks an example name up in the default (first 2xx) response unless `code` names another.
    const prefer = status === successes(operation)[0]!.status ? `example=${name}` : `code=${status}, example=${name}`;
    const answer = await call(operation, { prefer });
    expect(answer.status).toBe(status);
    const example = success.examples.find((e) => e.name === name)!.value;
    // Prism trims the blank line that ends a text example's last event.
    if (answersEventStream(operation)) expect(String(answer.body).trimEnd()).toEqual(String(example).trimEnd());
    else expect(answer.body).toEqual(example);
    expectValid(validatorFor(success.schema), answer.body, `${operationId} ${status} example ${name}`);
  });

  it('Prefer: code=202 answers createJob with the dispatch_delayed job', async () => {
    const answer = await call(operationById('createJob'), { prefer: 'code=202' });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ object: 'job', status: 'queued', warnings: [{ code: 'dispatch_delayed' }] });
  });

  it('getJob serves a job in each state the docs describe', async () => {
    const states = [];
    for (const name of ['JobQueued', 'JobInProgress', 'JobCompleted', 'JobFailed', 'JobCancelled', 'JobExpired']) {
      const answer = await call(operationById('getJob'), { prefer: `example=${name}` });
      states.push((answer.body as { status?: string }).status);
    }
    expect(states).toEqual(['queued', 'in_progress', 'completed', 'failed', 'cancelled', 'expired']);
  });
});

describe('request validation', () => {
  const withRequiredBody = byId.filter(([, operation]) => bodyRequired(operation));

  it.each(withRequiredBody)('%s with an empty object as body is a 4xx in the error shape', async (_id, operation) => {
    const answer = await call(operation, { body: {} });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expectErrorShape(answer, operation.operationId);
  });

  const document = { filename: 'invoice.txt', url: 'data:text/plain;base64,SW52b2ljZQ==' };
  const tooManyPairs = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`key${i}`, 'value']));
  const invalidCreateBodies: [string, unknown][] = [
    ['no request', { endpoint: '/v1/documents/parse' }],
    ['an endpoint outside the enum', { endpoint: '/v1/documents/translate', request: { document } }],
    ['a request that fits another endpoint (parse request sent to extract)', { endpoint: '/v1/documents/extract', request: { document } }],
    ['an eval without project_id', { endpoint: '/v1/evals/split/process', request: { model: 'retab-small' } }],
    ['a metadata value that is not a string', { endpoint: '/v1/documents/parse', request: { document }, metadata: { attempt: 1 } }],
    ['17 metadata pairs (at most 16)', { endpoint: '/v1/documents/parse', request: { document }, metadata: tooManyPairs }],
  ];

  it.each(invalidCreateBodies)('createJob rejects %s with a 422 in the error shape', async (_case, body) => {
    const answer = await call(operationById('createJob'), { body });
    expect(answer.status).toBe(422);
    expectErrorShape(answer, 'createJob');
  });

  it('the invalid create bodies above differ from a valid one only in what they name', async () => {
    // Control for the table above: the same document passes once the body is right.
    const answer = await call(operationById('createJob'), { body: { endpoint: '/v1/documents/parse', request: { document }, metadata: { customer: 'acme' } } });
    expect(answer.status).toBe(200);
  });

  it('malformed JSON is a 400 in the error shape (answered by Prism itself, not from the spec)', async () => {
    const answer = await call(operationById('createJob'), { body: '{"endpoint": ' });
    expect(answer.status).toBe(400);
    expectErrorShape(answer, 'createJob');
  });

  /** A valid request for each target endpoint: the first example of its synchronous route. */
  function sampleRequestFor(endpoint: JobEndpoint): unknown {
    const syncRoute = operations.find((o) => o.method === 'post' && o.path === endpoint);
    if (!syncRoute) throw new Error(`no synchronous route POST ${endpoint} in the spec`);
    return sampleBody(syncRoute);
  }

  // The create body is a `oneOf` with a mapping-less discriminator: if Prism read the discriminator
  // as "value = schema name", every one of these would be rejected.
  it.each(JOB_ENDPOINTS.map((endpoint) => [endpoint]))('createJob accepts a job for %s', async (endpoint) => {
    const answer = await call(operationById('createJob'), { body: { endpoint, request: sampleRequestFor(endpoint) } });
    expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(200);
  });

  const projectBodies: [string, unknown][] = [
    ['extract', { name: 'Invoices', kind: 'extract', json_schema: { type: 'object', properties: { total: { type: 'number' } } } }],
    ['split', { name: 'Bundles', kind: 'split', subdocuments: [{ name: 'invoice', description: 'An invoice' }] }],
    ['classify', { name: 'Mail', kind: 'classify', categories: [{ name: 'invoice', description: 'An invoice' }] }],
  ];

  it.each(projectBodies)('createProject accepts a %s project (the other discriminated union)', async (_kind, body) => {
    const answer = await call(operationById('createProject'), { body });
    expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(200);
  });

  it('createProject rejects a split project without subdocuments', async () => {
    const answer = await call(operationById('createProject'), { body: { name: 'Bundles', kind: 'split' } });
    expect(answer.status).toBe(422);
    expectErrorShape(answer, 'createProject');
  });
});
