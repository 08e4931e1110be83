/**
 * The five eval endpoints as jobs through the real server (API + in-process worker, real engine):
 * checks at create, completed jobs carrying what the synchronous route answers, a cancelled eval
 * that stops, and an eval whose every document failed transiently running again.
 */
import type { ClassifyEval, EvalExtraction, EvalSplitExtraction, ExtractEval, Job, JobList, Project, SplitEval } from '@jobs-api/api-types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '../src/index.js';
import { documentOf, engineFixture, realJson, textInvoice } from './evals-fixtures.js';
import { BUNDLE_SPLIT, BUNDLE_SUBDOCUMENTS, createClassifyProject, createInvoiceProject, createSplitProject } from './evals-projects.js';
import { deferred, startTestServer, waitFor, waitForStatus, type TestServer } from './helpers.js';

/** The real engine parses (and OCRs) the documents: on a busy 2-core machine a test of several runs takes well over the 30 s default. */
const ENGINE_TIMEOUT_MS = 120_000;

let server: TestServer;
let realGet: BlobStore['get'];
let realPathOf: BlobStore['pathOf'];
beforeAll(async () => {
  // The production lease (30 s), not the tests' fast 2 s one: the real engine runs in synchronous
  // stretches (PDF parsing, layout, pdf-lib) that on a busy machine delay lease renewals past 2 s,
  // and a lost lease would requeue the eval.
  server = await startTestServer({ leaseMs: 30_000 });
  realGet = server.blobs.get.bind(server.blobs);
  realPathOf = server.blobs.pathOf;
});
afterAll(() => server.stop());
// Tests below intercept blob reads (the eval reads each project document's bytes through them).
afterEach(() => {
  server.blobs.get = realGet;
  if (realPathOf) server.blobs.pathOf = realPathOf;
});

const createJob = (endpoint: string, request: Record<string, unknown>) => server.call<Job>('POST', '/v1/jobs', { body: { endpoint, request } });

async function completed<T>(endpoint: string, request: Record<string, unknown>): Promise<T> {
  const created = await createJob(endpoint, request);
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const done = await waitForStatus(server, created.body.id, ['completed', 'failed', 'cancelled'], 60_000);
  expect(done.status, JSON.stringify(done.error)).toBe('completed');
  expect(done.response!.status_code).toBe(200);
  return done.response!.body as T;
}

describe('eval jobs', () => {
  it(
    'run all five endpoints to completion with the results of their synchronous routes',
    async () => {
      const invoices = await createInvoiceProject(server, { withSample: false });
      const extract = await completed<ExtractEval>('/v1/evals/extract/process', { project_id: invoices.project.id });
      expect(extract.metrics).toEqual({
        accuracy: 9 / 10,
        per_field: { invoice_id: 1, invoice_date: 1, receiver_name: 0.5, total_tax_amount: 1, total_amount: 1, currency: 1, supplier_email: 1 },
        document_count: 3,
        failed_count: 1,
      });
      const sync = await server.call<ExtractEval>('POST', '/v1/evals/extract/process', { body: { project_id: invoices.project.id } });
      expect(sync.body).toEqual(extract);

      const bundles = await createSplitProject(server);
      const split = await completed<SplitEval>('/v1/evals/split/process', { project_id: bundles.project.id, model: 'retab-small' });
      expect(split.metrics).toEqual({ page_accuracy: 0.75, exact_match_rate: 0.5, document_count: 2, failed_count: 0 });

      const mail = await createClassifyProject(server);
      const classify = await completed<ClassifyEval>('/v1/evals/classify/process', { project_id: mail.project.id });
      expect(classify.metrics.accuracy).toBeCloseTo(2 / 3);

      const one = await completed<EvalExtraction>('/v1/evals/extract/extract', { project_id: invoices.project.id, document_id: invoices.ids.globex });
      expect(one.comparison?.fields.receiver_name).toEqual({ expected: 'Initech', got: 'Globex Ltd', match: false });

      // The bundle is above the offload threshold: the job stores it as a blob ref the handler resolves.
      const parts = await completed<EvalSplitExtraction>('/v1/evals/extract/split', {
        project_id: invoices.project.id,
        document: documentOf('bundle.pdf', 'application/pdf', engineFixture('bundle.pdf')),
        subdocuments: BUNDLE_SUBDOCUMENTS,
      });
      expect(parts.parts.map(({ name, pages }) => ({ name, pages }))).toEqual(BUNDLE_SPLIT);
    },
    ENGINE_TIMEOUT_MS,
  );

  it('refuse at create, storing nothing: an unknown project (404), another kind (422), no project_id (422)', async () => {
    const mail = await createClassifyProject(server);
    const before = (await server.call<JobList>('GET', '/v1/jobs?limit=100')).body.data.length;
    const unknown = await createJob('/v1/evals/extract/process', { project_id: 'proj_missing' });
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'not_found']);
    const wrongKind = await createJob('/v1/evals/split/process', { project_id: mail.project.id });
    expect([wrongKind.status, wrongKind.body.error?.code]).toEqual([422, 'project_kind_mismatch']);
    const wrongKindInline = await createJob('/v1/evals/extract/extract', { project_id: mail.project.id, document: textInvoice({ number: '1' }) });
    expect([wrongKindInline.status, wrongKindInline.body.error?.code]).toEqual([422, 'project_kind_mismatch']);
    const noProject = await createJob('/v1/evals/classify/process', {});
    expect([noProject.status, noProject.body.error?.code]).toEqual([422, 'validation_error']);
    expect((await server.call<JobList>('GET', '/v1/jobs?limit=100')).body.data.length).toBe(before);
  });

  it('a cancelled eval stops: no document starts after the cancel, and the one being read is abandoned', async () => {
    // More documents than the eval ever runs at once (at most 4), so some are still to start at the cancel.
    const project = (
      await server.call<Project>('POST', '/v1/projects', { body: { name: 'Many', kind: 'extract', json_schema: realJson('invoice_schema.json') } })
    ).body;
    for (let n = 1; n <= 6; n++) {
      const added = await server.call('POST', `/v1/projects/${project.id}/documents`, {
        body: { document: textInvoice({ number: `INV-${n}`, total: `${n}.00` }), ground_truth: { invoice_id: `INV-${n}`, total_amount: n } },
      });
      expect(added.status).toBe(200);
    }
    // Hold every blob read: the eval's documents then stay "in flight" until the cancel. Reads go
    // through get(), as with the PostgreSQL and S3 stores (the sandboxes would otherwise read this
    // filesystem store's files in place).
    delete server.blobs.pathOf;
    const reads: string[] = [];
    const never = deferred<Uint8Array | undefined>();
    server.blobs.get = (hash) => {
      reads.push(hash);
      return never.promise;
    };
    const created = await createJob('/v1/evals/extract/process', { project_id: project.id });
    await waitFor(
      async () => reads.length,
      (n) => n > 0,
      10_000,
      'the eval to read its first document',
    );
    const readsAtCancel = reads.length;
    expect(readsAtCancel).toBeLessThanOrEqual(4);
    const cancelled = await server.call<Job>('POST', `/v1/jobs/${created.body.id}/cancel`, { body: {} });
    expect(cancelled.body.status).toBe('cancelled');
    // The attempt ends although its blob reads never answer: nothing of the eval is left running.
    await waitFor(
      async () => server.worker!.runningJobIds,
      (ids) => !ids.includes(created.body.id),
      10_000,
      'the cancelled attempt to end',
    );
    expect(reads.length).toBe(readsAtCancel);
    const job = (await server.call<Job>('GET', `/v1/jobs/${created.body.id}?include_response=true`)).body;
    expect(job).toMatchObject({ status: 'cancelled', response: null, attempt_count: 1 });
  });

  it(
    'an eval whose every document failed transiently fails retryably and completes on its next attempt',
    async () => {
      const mail = await createClassifyProject(server);
      let failing = 3;
      delete server.blobs.pathOf; // reads through get(), as above
      server.blobs.get = async (hash) => {
        if (failing > 0) {
          failing--;
          throw new Error('blob store unavailable');
        }
        return realGet(hash);
      };
      const created = await createJob('/v1/evals/classify/process', { project_id: mail.project.id });
      const done = await waitForStatus(server, created.body.id, ['completed', 'failed'], 60_000);
      expect(done.status).toBe('completed');
      expect(done.attempt_count).toBe(2);
      expect(done.last_failure_code).toBe('internal_error');
      expect((done.response!.body as ClassifyEval).metrics.failed_count).toBe(0);
    },
    ENGINE_TIMEOUT_MS,
  );
});
