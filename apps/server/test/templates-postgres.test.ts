/**
 * Templates on PostgreSQL, scaled out: an API-only process stores a template (its PDF in the
 * PostgreSQL blob table), a worker-only process runs the fill job and must find both. Skipped,
 * visibly, without TEST_DATABASE_URL.
 */
import type { FilledForm, Job, Template, TemplateList } from '@jobs-api/api-types';
import { describe, expect, it } from 'vitest';
import { fieldValues, formDocument } from './forms-helpers.js';
import { waitForStatus } from './helpers.js';
import { apiAndWorker } from './postgres/sharedDatabaseServers.js';
import { announcePostgres } from './postgres/testDatabase.js';

const TIMEOUT_MS = 120_000;

const enabled = announcePostgres('PostgreSQL templates tests');

describe.skipIf(!enabled)('postgres: templates across API and worker processes', () => {
  const servers = apiAndWorker(TIMEOUT_MS, { leaseMs: 30_000 });

  it(
    'a template stored by the API process is filled by a job on the worker process, then listed and deleted',
    async () => {
      const api = servers.api();
      const created = await api.call<Template>('POST', '/v1/edit/templates', {
        body: { name: 'Application', document: formDocument('acroform_application.pdf') },
      });
      expect(created.status).toBe(200);
      const job = await api.call<Job>('POST', '/v1/jobs', {
        body: {
          endpoint: '/v1/edit/templates/fill',
          request: { template_id: created.body.id, instructions: { applicant: { full_name: 'Jane Doe' }, country: 'France' } },
        },
      });
      expect(job.status).toBe(200);
      const done = await waitForStatus(api, job.body.id, ['completed', 'failed'], 60_000);
      expect(done.status, JSON.stringify(done.error)).toBe('completed');
      expect(await fieldValues(api, (done.response!.body as FilledForm).filled_document)).toMatchObject({
        'applicant.full_name': 'Jane Doe',
        country: 'France',
      });

      const listed = await api.call<TemplateList>('GET', '/v1/edit/templates');
      expect(listed.body.data.map((template) => template.id)).toEqual([created.body.id]);
      expect((await api.call('DELETE', `/v1/edit/templates/${created.body.id}`)).status).toBe(200);
      expect((await api.call('GET', `/v1/edit/templates/${created.body.id}`)).status).toBe(404);
    },
    TIMEOUT_MS,
  );
});
