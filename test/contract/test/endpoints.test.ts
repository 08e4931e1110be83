/**
 * Every value of the spec's `JobEndpoint` enum, through the client against a real server:
 *
 * - a valid request runs to a terminal status; every answer on the way (create, each poll, the
 *   final get) fits the spec's Job schema and the field checks (src/checkedFetch.ts);
 * - what the server does decides the rest, so this file needs no change as handlers land: a job
 *   that failed with `not_implemented` must be exactly that (and the synchronous route must agree
 *   with a 501); any other outcome must be `completed` with `response.status_code` 200 and a body
 *   that fits the endpoint's 200 schema (and the synchronous route must answer the same way);
 * - an invalid request is a 422 whose paths are exactly those the endpoint's own request schema
 *   gives (the discriminated union reports one branch, never the others).
 *
 * The endpoints come from the bundled spec, not from JOB_ENDPOINTS: a value added to the spec
 * without a request here (or a server that can run it) fails below.
 */
import { UnprocessableEntityError, type JobsClient } from '@jobs-api/client';
import { ApiProblem } from '@jobs-api/server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AnswerChecker } from '../src/checkedFetch.js';
import { FactsRecorder } from '../src/report.js';
import { invalidRequest, VALID_REQUESTS, type JsonRecord } from '../src/requests.js';
import { clientFor, startContractServer, type ContractServer } from '../src/servers.js';
import { endpointContract, enumOf, expectedErrorPaths, problemsAgainst } from '../src/spec.js';

const ENDPOINTS = enumOf('JobEndpoint');
const recorder = new FactsRecorder();
const checker = new AnswerChecker(recorder);
let server: ContractServer;
let client: JobsClient;

beforeAll(async () => {
  server = await startContractServer();
  client = clientFor(server.url, checker.fetch);
});

afterAll(async () => {
  await server?.stop();
  recorder.save(inject('reportDir'), 'endpoints');
});

/** The client's create, for an endpoint known only at run time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the endpoint is a run-time value here, so the typed union cannot be narrowed
const createJob = (on: JobsClient, endpoint: string, request: JsonRecord) => on.jobs.create({ endpoint, request } as any);

/**
 * Runs a valid request for `endpoint` as a job on `target` and checks the outcome; answers which
 * one it was. What the server does decides: `failed` with `not_implemented` must be exactly that,
 * anything else must be `completed` with a 200 body valid against the endpoint's 200 schema.
 */
/**
 * Runs a valid request as a job and on the synchronous route, checking every answer. `expected`
 * says what the server offers: this server implements all 13 endpoints, so only a server built
 * to lack one (the last describe) may answer `not_implemented`.
 */
async function checkValidRequest(
  target: { url: string; client: JobsClient },
  endpoint: string,
  expected: 'completed' | 'not_implemented' = 'completed',
): Promise<'completed' | 'not_implemented'> {
  const build = VALID_REQUESTS[endpoint as keyof typeof VALID_REQUESTS];
  expect(build, `no valid request for ${endpoint} in src/requests.ts`).toBeDefined();
  const contract = endpointContract(endpoint);
  const prerequisites = { baseUrl: target.url, notes: [] as string[], problems: [] as string[] };
  const request = await build(prerequisites);
  expect(prerequisites.problems, 'the prerequisites (templates, projects) answered as the spec says').toEqual([]);
  // The request itself fits the spec, so what follows tests the server, not the test.
  expect(problemsAgainst({ $ref: `#/components/schemas/${contract.branch}` }, { endpoint, request }, 'the valid request')).toEqual([]);

  const created = await createJob(target.client, endpoint, request);
  const done = await target.client.jobs.waitForCompletion(created.id, { pollIntervalMs: 20, timeoutMs: 60_000 });
  const context = `${endpoint} (${prerequisites.notes.join('; ') || 'no prerequisites'})`;
  expect(checker.take(), context).toEqual([]);
  const passedThrough = checker.statusesOf.get(created.id) ?? [];
  expect(passedThrough[0], `${context}: statuses ${passedThrough.join(' → ')}`).toBe('queued');
  expect(['completed', 'failed', 'cancelled', 'expired']).toContain(passedThrough.at(-1));

  // The synchronous route runs the same handler.
  const sync = await target.client.api.POST(endpoint as '/v1/documents/parse', { body: request as never });
  expect(checker.take(), `${context}: synchronous route`).toEqual([]);

  if (expected === 'not_implemented') {
    expect(done.status, `${context}: ${JSON.stringify(done.error)}`).toBe('failed');
    expect(done.error?.code, context).toBe('not_implemented');
    expect(done.error?.details, context).toMatchObject({ status_code: 501 });
    // 501 is not transient: one attempt, no response.
    expect(done.attempt_count).toBe(1);
    expect(done.response).toBeNull();
    expect(sync.response.status, context).toBe(501);
    expect((sync.error as { error?: { code?: string } } | undefined)?.error?.code).toBe('not_implemented');
    return 'not_implemented';
  }
  expect(done.status, `${context}: ${JSON.stringify(done.error)}`).toBe('completed');
  expect(done.response?.status_code).toBe(200);
  expect(problemsAgainst(contract.okSchema, done.response?.body, `${endpoint} response.body`)).toEqual([]);
  expect(sync.response.status, `${context}: ${JSON.stringify(sync.error)}`).toBe(200);
  return 'completed';
}

describe.each(ENDPOINTS.map((endpoint) => [endpoint]))('%s', (endpoint) => {
  it('a valid request completes: 200 with a body valid against its schema, as a job and synchronously', async () => {
    recorder.facts.endpoints[endpoint] = await checkValidRequest({ url: server.url, client }, endpoint);
  });

  it('an invalid request is a 422 naming exactly the paths of its own request schema', async () => {
    const contract = endpointContract(endpoint);
    const request = invalidRequest();
    const expected = expectedErrorPaths(contract.branch, { endpoint, request });
    expect(expected.length, 'the invalid request is invalid by the spec').toBeGreaterThan(0);
    expect(expected.every((p) => p.startsWith('/body/request'))).toBe(true);

    const error: unknown = await createJob(client, endpoint, request).then(
      (job) => job,
      (e: unknown) => e,
    );
    expect(checker.take()).toEqual([]);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    const { code, details } = error as UnprocessableEntityError;
    expect(code).toBe('validation_error');
    const paths = ((details as { errors?: { path: string }[] } | undefined)?.errors ?? []).map((e) => e.path);
    expect([...new Set(paths)].sort(), `${contract.requestSchema}: ${JSON.stringify(details)}`).toEqual(expected);
    recorder.add('invalidRejected', endpoint);
  });
});

// Every endpoint is built now, so the not_implemented branch above is exercised here: a server whose
// parse endpoint is replaced by one that answers 501, as an endpoint not built yet does.
describe('an endpoint not built yet', () => {
  let unbuilt: ContractServer | undefined;

  afterAll(async () => {
    await unbuilt?.stop();
  });

  it('fails its job with not_implemented (and its synchronous route answers 501)', async () => {
    const notImplemented = {
      endpoint: '/v1/documents/parse' as const,
      handle: async (): Promise<never> => {
        throw new ApiProblem(501, 'not_implemented', '/v1/documents/parse is not available on this server yet.');
      },
    };
    unbuilt = await startContractServer({ endpointOverrides: { '/v1/documents/parse': notImplemented } });
    expect(await checkValidRequest({ url: unbuilt.url, client: clientFor(unbuilt.url, checker.fetch) }, '/v1/documents/parse', 'not_implemented')).toBe(
      'not_implemented',
    );
  });
});
