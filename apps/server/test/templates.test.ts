/**
 * The templates resource through the API: create (the PDF stored with its inferred fields) →
 * get → list (cursor pages) → fill, synchronously and as a job → delete; scoped by organization;
 * bad PDFs refused with nothing stored.
 */
import { rmSync } from 'node:fs';
import type { DeletedObject, FilledForm, Job, Template, TemplateList } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeApiKey } from '../src/index.js';
import { fieldValues, formDocument, pdfText } from './forms-helpers.js';
import { startTestServer, tempDir, waitForStatus, type TestServer } from './helpers.js';

const OTHER_KEY = 'sk_test_templates_other_organization';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await storeApiKey(server.store, OTHER_KEY, 'org_templates_other', Date.now());
});
afterAll(() => server.stop());

const createTemplate = (name: string, fixture: string, key?: string) =>
  server.call<Template>('POST', '/v1/edit/templates', { body: { name, document: formDocument(fixture) }, key });

describe('create → get → fill → delete', () => {
  let template: Template;
  beforeAll(async () => {
    const res = await createTemplate('Membership application', 'acroform_application.pdf');
    expect(res.status).toBe(200);
    template = res.body;
  });

  it('stores the PDF with its inferred fields', async () => {
    expect(template).toMatchObject({
      object: 'template',
      name: 'Membership application',
      filename: 'acroform_application.pdf',
      field_count: 8,
      organization_id: 'org_default',
    });
    expect(template.id).toMatch(/^tpl_[A-Za-z0-9_-]{21}$/);
    expect(template.form_schema.form_fields.map((field) => field.name)).toContain('membership');
    const got = await server.call<Template>('GET', `/v1/edit/templates/${template.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(template);
  });

  it('fills synchronously from its stored PDF', async () => {
    const res = await server.call<FilledForm>('POST', '/v1/edit/templates/fill', {
      body: { template_id: template.id, instructions: { applicant: { full_name: 'Jane Doe' }, membership: 'Basic' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.filled_document.filename).toBe('acroform_application_filled.pdf');
    expect(await fieldValues(server, res.body.filled_document)).toMatchObject({ 'applicant.full_name': 'Jane Doe', membership: 'Basic' });
  });

  it('fills as a job', async () => {
    const created = await server.call<Job>('POST', '/v1/jobs', {
      body: { endpoint: '/v1/edit/templates/fill', request: { template_id: template.id, instructions: 'Email: jane@example.com\nCountry: Singapore' } },
    });
    expect(created.status).toBe(200);
    const done = await waitForStatus(server, created.body.id, ['completed', 'failed'], 60_000);
    expect(done.status).toBe('completed');
    expect(await fieldValues(server, (done.response!.body as FilledForm).filled_document)).toMatchObject({
      'applicant.email': 'jane@example.com',
      country: 'Singapore',
    });
  });

  it("is another organization's 404 for get, fill and delete", async () => {
    expect((await server.call('GET', `/v1/edit/templates/${template.id}`, { key: OTHER_KEY })).status).toBe(404);
    expect((await server.call('DELETE', `/v1/edit/templates/${template.id}`, { key: OTHER_KEY })).status).toBe(404);
    expect((await server.call<TemplateList>('GET', '/v1/edit/templates', { key: OTHER_KEY })).body.data).toEqual([]);
  });

  it('deletes it: get, fill and a second delete are then 404', async () => {
    const deleted = await server.call<DeletedObject>('DELETE', `/v1/edit/templates/${template.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id: template.id, object: 'template', deleted: true });
    expect((await server.call('GET', `/v1/edit/templates/${template.id}`)).status).toBe(404);
    expect((await server.call('DELETE', `/v1/edit/templates/${template.id}`)).status).toBe(404);
    const fill = await server.call('POST', '/v1/edit/templates/fill', { body: { template_id: template.id, instructions: 'Notes: x' } });
    expect([fill.status, fill.body.error.code]).toEqual([404, 'not_found']);
  });
});

describe('a fill job whose template is deleted before it runs', () => {
  it('fails with 404 at once', async () => {
    // An API-only process queues the job (no worker yet); a worker process runs it after the delete.
    const dataDir = tempDir();
    const api = await startTestServer({ mode: 'api', dataDir });
    let worker: TestServer | undefined;
    try {
      const template = (
        await api.call<Template>('POST', '/v1/edit/templates', { body: { name: 'Short-lived', document: formDocument('acroform_application.pdf') } })
      ).body;
      const queued = await api.call<Job>('POST', '/v1/jobs', {
        body: { endpoint: '/v1/edit/templates/fill', request: { template_id: template.id, instructions: 'Notes: x' } },
      });
      expect(queued.status).toBe(202);
      expect((await api.call('DELETE', `/v1/edit/templates/${template.id}`)).status).toBe(200);
      worker = await startTestServer({ mode: 'worker', dataDir });
      const done = await waitForStatus(api, queued.body.id, ['completed', 'failed'], 60_000);
      expect(done).toMatchObject({ status: 'failed', attempt_count: 1, error: { code: 'not_found', details: { status_code: 404 } } });
    } finally {
      await worker?.close();
      await api.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('list', () => {
  it("pages the organization's templates newest first, with cursors both ways", async () => {
    const ids: string[] = [];
    for (const name of ['A', 'B', 'C']) ids.push((await createTemplate(name, 'flat_form.pdf', OTHER_KEY)).body.id);
    const first = await server.call<TemplateList>('GET', '/v1/edit/templates?limit=2', { key: OTHER_KEY });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ object: 'list', first_id: ids[2], last_id: ids[1], has_more: true });
    expect(first.body.data.map((template) => template.name)).toEqual(['C', 'B']);
    const next = await server.call<TemplateList>(`GET`, `/v1/edit/templates?limit=2&after=${first.body.last_id}`, { key: OTHER_KEY });
    expect(next.body).toMatchObject({ data: [expect.objectContaining({ id: ids[0], field_count: 12 })], has_more: false });
    const back = await server.call<TemplateList>('GET', `/v1/edit/templates?limit=2&order=asc&before=${ids[2]}`, { key: OTHER_KEY });
    expect(back.body.data.map((template) => template.id)).toEqual([ids[0], ids[1]]);
    const unknown = await server.call('GET', '/v1/edit/templates?after=tpl_000000000000000000000', { key: OTHER_KEY });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'invalid_request']);
  });
});

describe('bad PDFs', () => {
  it.each([
    ['a text file', formDocument('flat_form.pdf', 'text/plain'), 'unsupported_mime_type'],
    ['an encrypted PDF', formDocument('encrypted.pdf'), 'document_encrypted'],
    ['a corrupt PDF', formDocument('corrupt.pdf'), 'corrupt_document'],
  ])('%s is a 422 and stores nothing', async (_name, document, code) => {
    const key = 'sk_test_templates_bad_pdfs';
    await storeApiKey(server.store, key, 'org_templates_bad_pdfs', Date.now());
    const res = await server.call('POST', '/v1/edit/templates', { body: { name: 'Bad', document }, key });
    expect([res.status, res.body.error.code]).toEqual([422, code]);
    expect((await server.call<TemplateList>('GET', '/v1/edit/templates', { key })).body.data).toEqual([]);
  });
});

describe('a flat template', () => {
  it('is filled by drawing the values where its blanks were detected', async () => {
    const template = (await createTemplate('Expense claim', 'flat_form.pdf')).body;
    expect(template.form_schema.form_fields.find((field) => field.name === 'paid_with_a_company_card')).toMatchObject({ type: 'checkbox', value: false });
    const res = await server.call<FilledForm>('POST', '/v1/edit/templates/fill', {
      body: { template_id: template.id, instructions: 'Employee name: Ada Lovelace\nDepartment: Research' },
    });
    expect(res.status).toBe(200);
    const text = await pdfText(server, res.body.filled_document);
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain('Research');
  });
});
