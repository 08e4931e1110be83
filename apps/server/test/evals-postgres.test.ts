/**
 * Projects and evals on PostgreSQL, scaled out: an API-only process stores the projects and
 * their documents (bytes in the PostgreSQL blob table), a worker-only process runs the eval jobs
 * and must find both. Skipped, visibly, without TEST_DATABASE_URL.
 */
import type { ClassifyEval, ExtractEval, Job, Project, ProjectList } from '@jobs-api/api-types';
import { describe, expect, it } from 'vitest';
import { createClassifyProject, createInvoiceProject } from './evals-projects.js';
import { waitForStatus } from './helpers.js';
import { apiAndWorker } from './postgres/sharedDatabaseServers.js';
import { announcePostgres } from './postgres/testDatabase.js';

/** The real engine parses (and OCRs) the documents: on a busy 2-core machine a test of several runs takes well over the 30 s default. */
const ENGINE_TIMEOUT_MS = 120_000;

const enabled = announcePostgres('PostgreSQL projects and evals tests');

describe.skipIf(!enabled)('postgres: projects and evals across API and worker processes', () => {
  // The production lease, as in evals-jobs.test.ts: the engine's synchronous stretches outlast the fast one on a busy machine.
  const servers = apiAndWorker(ENGINE_TIMEOUT_MS, { leaseMs: 30_000 });

  it(
    'an eval job created on the API process runs on the worker process over the stored documents',
    async () => {
      const api = servers.api();
      const invoices = await createInvoiceProject(api, { withSample: false });
      const created = await api.call<Job>('POST', '/v1/jobs', {
        body: { endpoint: '/v1/evals/extract/process', request: { project_id: invoices.project.id } },
      });
      expect(created.status).toBe(200);
      const done = await waitForStatus(api, created.body.id, ['completed', 'failed'], 60_000);
      expect(done.status, JSON.stringify(done.error)).toBe('completed');
      const result = done.response!.body as ExtractEval;
      expect(result.metrics).toMatchObject({ accuracy: 9 / 10, document_count: 3, failed_count: 1 });
      expect(result.documents.find((d) => d.document_id === invoices.ids.globex)!.fields.receiver_name).toEqual({
        expected: 'Initech',
        got: 'Globex Ltd',
        match: false,
      });
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    'synchronous evals, listing and deletes work on PostgreSQL too',
    async () => {
      const api = servers.api();
      const mail = await createClassifyProject(api);
      const res = await api.call<ClassifyEval>('POST', '/v1/evals/classify/process', { body: { project_id: mail.project.id } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.metrics.confusion).toEqual({ payslip: { payslip: 1 }, invoice: { invoice: 1, purchase_order: 1 } });

      const listed = await api.call<ProjectList>('GET', '/v1/projects?order=asc&limit=100');
      expect(listed.body.data.map((p) => p.id)).toContain(mail.project.id);
      expect((await api.call('DELETE', `/v1/projects/${mail.project.id}/documents/${mail.ids.order}`)).status).toBe(200);
      expect((await api.call<Project>('GET', `/v1/projects/${mail.project.id}`)).body.document_count).toBe(2);
      expect((await api.call('DELETE', `/v1/projects/${mail.project.id}`)).status).toBe(200);
      expect((await api.call('GET', `/v1/projects/${mail.project.id}/documents/${mail.ids.payslip}`)).status).toBe(404);
    },
    ENGINE_TIMEOUT_MS,
  );
});
