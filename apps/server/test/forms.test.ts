/**
 * The form endpoints through the API, synchronously and as jobs: generate and agent/fill on an
 * AcroForm and on a flat form (filled PDFs read back through the API), and bad input refused at
 * create with nothing stored: not a PDF, encrypted or corrupt PDFs, unknown template ids.
 */
import type { FilledForm, InferredForm, Job, JobList } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeApiKey } from '../src/index.js';
import { fieldValues, formDocument, pdfText } from './forms-helpers.js';
import { startTestServer, waitForStatus, type TestServer } from './helpers.js';

const OTHER_KEY = 'sk_test_forms_other_organization';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await storeApiKey(server.store, OTHER_KEY, 'org_forms_other', Date.now());
});
afterAll(() => server.stop());

const acroForm = formDocument('acroform_application.pdf');
const flatForm = formDocument('flat_form.pdf');

describe('synchronous routes', () => {
  it("generate lists an AcroForm's fields", async () => {
    const res = await server.call<InferredForm>('POST', '/v1/edit/templates/generate', { body: { document: acroForm } });
    expect(res.status).toBe(200);
    expect(res.body.field_count).toBe(8);
    expect(res.body.form_schema.form_fields.map((field) => `${field.name}:${field.type}:${field.page}`)).toEqual([
      'applicant.full_name:text:1',
      'applicant.email:text:1',
      'applicant.date_of_birth:text:1',
      'newsletter:checkbox:1',
      'accept_terms:checkbox:1',
      'membership:radio:1',
      'country:choice:2',
      'notes:text:2',
    ]);
  });

  it('generate makes a flat form fillable: its annotated PDF is an AcroForm with the detected fields', async () => {
    const res = await server.call<InferredForm>('POST', '/v1/edit/templates/generate', { body: { document: flatForm } });
    expect(res.status).toBe(200);
    expect(res.body.field_count).toBe(12);
    const again = await fieldValues(server, res.body.annotated_pdf);
    expect(Object.keys(again)).toEqual(res.body.form_schema.form_fields.map((field) => field.name));
  });

  it('agent/fill fills an AcroForm from free text', async () => {
    const instructions = 'Full name: Jane Doe\nEmail: jane@example.com\nMembership plan: Family\nSubscribe to the newsletter: yes\nCountry: France';
    const res = await server.call<FilledForm>('POST', '/v1/edit/agent/fill', { body: { document: acroForm, instructions } });
    expect(res.status).toBe(200);
    expect(res.body.form_data).toHaveLength(8);
    expect(await fieldValues(server, res.body.filled_document)).toMatchObject({
      'applicant.full_name': 'Jane Doe',
      'applicant.email': 'jane@example.com',
      membership: 'Family',
      newsletter: true,
      accept_terms: false,
      country: 'France',
    });
  });

  it('agent/fill draws the values of a JSON object on a flat form', async () => {
    const instructions = { employee: { name: 'Jane Doe', id: 'E-1234' }, expenses: [{ description: 'Train to Lyon', amount: '84.50' }] };
    const res = await server.call<FilledForm>('POST', '/v1/edit/agent/fill', { body: { document: flatForm, instructions, model: 'retab-small' } });
    expect(res.status).toBe(200);
    expect(res.body.form_data.filter((field) => field.value !== null && field.value !== false).map((field) => [field.name, field.value])).toEqual([
      ['employee_name', 'Jane Doe'],
      ['employee_id', 'E-1234'],
      ['description', 'Train to Lyon'],
      ['amount', '84.50'],
    ]);
    const text = await pdfText(server, res.body.filled_document);
    expect(text).toContain('Jane Doe');
    expect(text).toContain('Train to Lyon');
  });
});

describe('as jobs', () => {
  it('an agent/fill job completes with the same body as the synchronous route', async () => {
    const request = { document: acroForm, instructions: { applicant: { full_name: 'Max Mustermann' }, accept_terms: true } };
    const created = await server.call<Job>('POST', '/v1/jobs', { body: { endpoint: '/v1/edit/agent/fill', request } });
    expect(created.status).toBe(200);
    const done = await waitForStatus(server, created.body.id, ['completed', 'failed'], 60_000);
    expect(done.status).toBe('completed');
    const body = done.response!.body as FilledForm;
    expect(await fieldValues(server, body.filled_document)).toMatchObject({ 'applicant.full_name': 'Max Mustermann', accept_terms: true });
    const sync = await server.call<FilledForm>('POST', '/v1/edit/agent/fill', { body: request });
    expect(body.form_data).toEqual(sync.body.form_data);
  });

  it("a templates/generate job completes with the form's fields", async () => {
    const created = await server.call<Job>('POST', '/v1/jobs', { body: { endpoint: '/v1/edit/templates/generate', request: { document: flatForm } } });
    const done = await waitForStatus(server, created.body.id, ['completed', 'failed'], 60_000);
    expect(done.status).toBe('completed');
    expect((done.response!.body as InferredForm).field_count).toBe(12);
  });
});

describe('bad input is refused at create, and nothing is stored', () => {
  const refusals: Array<[string, { request: Record<string, unknown>; status: number; code: string }]> = [
    [
      'a text document',
      { request: { document: formDocument('flat_form.pdf', 'text/plain'), instructions: 'a: b' }, status: 422, code: 'unsupported_mime_type' },
    ],
    [
      'text bytes declared as a PDF',
      {
        request: { document: { filename: 'x.pdf', url: `data:application/pdf;base64,${Buffer.from('hello').toString('base64')}` }, instructions: 'a: b' },
        status: 422,
        code: 'unsupported_mime_type',
      },
    ],
    ['an encrypted PDF', { request: { document: formDocument('encrypted.pdf'), instructions: 'a: b' }, status: 422, code: 'document_encrypted' }],
    ['a corrupt PDF', { request: { document: formDocument('corrupt.pdf'), instructions: 'a: b' }, status: 422, code: 'corrupt_document' }],
  ];

  it.each(refusals)('%s: agent/fill and generate, as a job and synchronously', async (_name, { request, status, code }) => {
    const generateRequest = { document: request.document };
    for (const [endpoint, body] of [
      ['/v1/edit/agent/fill', request],
      ['/v1/edit/templates/generate', generateRequest],
    ] as const) {
      const job = await server.call('POST', '/v1/jobs', { key: OTHER_KEY, body: { endpoint, request: body } });
      expect([job.status, job.body.error?.code], endpoint).toEqual([status, code]);
      const sync = await server.call('POST', endpoint, { key: OTHER_KEY, body });
      expect([sync.status, sync.body.error?.code], endpoint).toEqual([status, code]);
    }
    expect((await server.call<JobList>('GET', '/v1/jobs', { key: OTHER_KEY })).body.data).toEqual([]);
  });

  it("an unknown template_id (or another organization's) is a 404", async () => {
    const created = await server.call('POST', '/v1/edit/templates', { body: { name: 'Ours', document: acroForm } });
    expect(created.status).toBe(200);
    for (const template_id of ['tpl_000000000000000000000', created.body.id as string]) {
      const job = await server.call('POST', '/v1/jobs', {
        key: OTHER_KEY,
        body: { endpoint: '/v1/edit/templates/fill', request: { template_id, instructions: 'a: b' } },
      });
      expect([job.status, job.body.error?.code]).toEqual([404, 'not_found']);
      const sync = await server.call('POST', '/v1/edit/templates/fill', { key: OTHER_KEY, body: { template_id, instructions: 'a: b' } });
      expect([sync.status, sync.body.error?.code]).toEqual([404, 'not_found']);
    }
    expect((await server.call<JobList>('GET', '/v1/jobs', { key: OTHER_KEY })).body.data).toEqual([]);
  });

  it('instructions with nothing to fill are a 400 when the job runs, and it fails at once', async () => {
    const created = await server.call<Job>('POST', '/v1/jobs', {
      body: { endpoint: '/v1/edit/agent/fill', request: { document: acroForm, instructions: 'Please fill it in.' } },
    });
    const done = await waitForStatus(server, created.body.id, ['completed', 'failed'], 60_000);
    expect(done).toMatchObject({ status: 'failed', attempt_count: 1, error: { code: 'invalid_request', details: { status_code: 400 } } });
  });
});
