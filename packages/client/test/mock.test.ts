/**
 * The basic flow against the Prism mock (`npm run mock`), so frontend developers can rely on the
 * client there: Prism is started the way apps/mock starts it (its launcher, or Prism directly when
 * the launcher is absent) on a free port, and stopped after the file.
 *
 * Prism in static mode answers the spec's examples: create → the `JobQueued` example; retrieve →
 * the first example (`JobQueued`) unless `Prefer: example=<name>` picks another; list → the one
 * `JobListPage` example (with `has_more: true`, every time).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PRISM_LISTENING, startProcess, type RunningProcess } from '@jobs-api/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobsClient, NotFoundError, UnprocessableEntityError, type FetchLike, type JobsClient } from '../src/index.js';
import { REPO_DIR } from './support/dist.js';
import { childEnv } from './support/processes.js';

/** The id every job example of the spec carries. */
const EXAMPLE_JOB_ID = 'job_V1StGXR8_Z5jdHi6B-myT';
const LAUNCHER = join(REPO_DIR, 'apps/mock/src/start.mjs');

let mock: RunningProcess;
let client: JobsClient;
/** Every request the client sent to the mock. */
const sent: Request[] = [];

beforeAll(async () => {
  // Port 0: Prism picks a free port and logs the URL.
  mock = await startProcess({
    ...(existsSync(LAUNCHER)
      ? { command: process.execPath, args: [LAUNCHER], env: childEnv({ MOCK_PORT: '0' }) }
      : {
          command: join(REPO_DIR, 'node_modules/.bin/prism'),
          args: ['mock', 'packages/api-types/generated/openapi.yaml', '-h', '127.0.0.1', '-p', '0'],
          env: childEnv(),
        }),
    cwd: REPO_DIR,
    listeningLine: PRISM_LISTENING,
    deadlineMs: 45_000,
  });
  const recording: FetchLike = (request) => {
    sent.push(request.clone());
    return fetch(request);
  };
  client = createJobsClient({ baseUrl: mock.baseUrl, apiKey: 'dev', fetch: recording });
});

afterAll(async () => {
  await mock?.stop();
});

describe('the client against the Prism mock', () => {
  const body = {
    endpoint: '/v1/documents/parse',
    request: {
      document: { filename: 'invoice.txt', url: 'data:text/plain;base64,SW52b2ljZQ==' },
      table_parsing_format: 'markdown',
      image_resolution_dpi: 192,
    },
    metadata: { customer: 'acme' },
  } as const;

  it('create → the queued example, sent with an Idempotency-Key', async () => {
    sent.length = 0;
    const job = await client.jobs.create(body);
    expect(job).toMatchObject({ id: EXAMPLE_JOB_ID, object: 'job', status: 'queued', endpoint: '/v1/documents/parse' });
    expect(sent[0]?.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('create → the 202 example with its dispatch_delayed warning', async () => {
    const job = await client.jobs.create(body, { headers: { Prefer: 'code=202' } });
    expect(job.warnings).toEqual([expect.objectContaining({ code: 'dispatch_delayed' })]);
  });

  it('retrieve → the first example (queued), then any example picked with Prefer', async () => {
    await expect(client.jobs.retrieve(EXAMPLE_JOB_ID)).resolves.toMatchObject({ status: 'queued' });
    await expect(client.jobs.retrieve(EXAMPLE_JOB_ID, { headers: { Prefer: 'example=JobFailed' } })).resolves.toMatchObject({
      status: 'failed',
      error: { code: expect.any(String) },
    });
  });

  it('waitForCompletion → a completed job with its response (Prefer: example=JobCompleted)', async () => {
    const created = await client.jobs.create(body);
    const done = await client.jobs.waitForCompletion(created, { headers: { Prefer: 'example=JobCompleted' }, timeoutMs: 10_000 });
    expect(done.status).toBe('completed');
    expect(done.response?.body.text).toContain('Invoice number');
  });

  it('list → the example page; iterate yields it once although the mock says has_more every time', async () => {
    const listed = await client.jobs.list({ limit: 3, status: ['completed', 'failed'] });
    expect(listed).toMatchObject({ object: 'list', has_more: true });
    expect(listed.data.length).toBeGreaterThan(0);

    const ids: string[] = [];
    for await (const job of client.jobs.iterate({ limit: 3 })) ids.push(job.id);
    expect(ids).toEqual(listed.data.map((job) => job.id));
  });

  it('cancel → the cancelled example', async () => {
    await expect(client.jobs.cancel(EXAMPLE_JOB_ID)).resolves.toMatchObject({ status: 'cancelled', cancelled: true });
  });

  it('errors arrive typed: a 404 picked with Prefer, an invalid body as 422', async () => {
    const error = await client.jobs.retrieve('job_missing', { headers: { Prefer: 'code=404' }, maxRetries: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'not_found' });

    const invalid = await client.jobs
      // @ts-expect-error: deliberately invalid (an eval job without its project_id)
      .create({ endpoint: '/v1/evals/split/process', request: { model: 'retab-small' } }, { maxRetries: 0 })
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(UnprocessableEntityError);
    expect(invalid).toMatchObject({ status: 422, code: 'validation_error' });
  });

  it('the raw client reaches any operation of the spec', async () => {
    const { data, response } = await client.api.GET('/v1/projects');
    expect(response.status).toBe(200);
    expect(data?.object).toBe('list');
  });
});
