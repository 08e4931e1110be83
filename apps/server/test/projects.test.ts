/**
 * The projects resource through the real HTTP API (answers validated against the spec):
 * create/list/get/delete projects, labelled documents with checked ground truths, organization
 * scoping, and document bytes kept in the blob store.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeletedObject, Project, ProjectDocument, ProjectDocumentList, ProjectList } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeApiKey } from '../src/index.js';
import { dataUrl, startTestServer, type TestServer } from './helpers.js';
import { realFixture, realFixturesDir } from './evals-fixtures.js';

const OTHER_KEY = 'sk_test_projects_other_org_key';
const invoiceSchema = JSON.parse(readFileSync(join(realFixturesDir(), 'invoice_schema.json'), 'utf8')) as Record<string, unknown>;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ mode: 'api' });
  await storeApiKey(server.store, OTHER_KEY, 'org_other', Date.now());
});
afterAll(() => server.stop());

const createProject = (body: unknown, key?: string) => server.call<Project>('POST', '/v1/projects', { body, key });
const categories = [
  { name: 'invoice', description: 'A supplier invoice' },
  { name: 'payslip', description: 'A payslip' },
];

describe('projects', () => {
  it('creates, gets, lists and deletes projects of every kind', async () => {
    const extract = await createProject({ name: 'Invoices', kind: 'extract', json_schema: invoiceSchema });
    expect(extract.status).toBe(200);
    expect(extract.body).toMatchObject({
      object: 'project',
      kind: 'extract',
      name: 'Invoices',
      document_count: 0,
      subdocuments: null,
      categories: null,
      organization_id: 'org_default',
    });
    expect(extract.body.json_schema).toEqual(invoiceSchema);
    expect(extract.body.id).toMatch(/^proj_[A-Za-z0-9_-]{21}$/);
    const split = await createProject({ name: 'Bundles', kind: 'split', subdocuments: categories });
    const classify = await createProject({ name: 'Mail', kind: 'classify', categories });
    expect([split.status, classify.status]).toEqual([200, 200]);

    expect((await server.call<Project>('GET', `/v1/projects/${split.body.id}`)).body).toEqual(split.body);
    const page = await server.call<ProjectList>('GET', '/v1/projects?limit=2');
    expect(page.body.data.map((p) => p.id)).toEqual([classify.body.id, split.body.id]);
    expect(page.body).toMatchObject({ object: 'list', first_id: classify.body.id, last_id: split.body.id, has_more: true });
    const next = await server.call<ProjectList>('GET', `/v1/projects?limit=2&after=${page.body.last_id}`);
    expect(next.body.data.map((p) => p.id)).toEqual([extract.body.id]);

    const deleted = await server.call<DeletedObject>('DELETE', `/v1/projects/${split.body.id}`);
    expect(deleted.body).toEqual({ id: split.body.id, object: 'project', deleted: true });
    expect((await server.call('GET', `/v1/projects/${split.body.id}`)).status).toBe(404);
    expect((await server.call('DELETE', `/v1/projects/${split.body.id}`)).status).toBe(404);
  });

  it('refuses a project whose task does not fit its kind (422)', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['no schema for an extract project', { name: 'x', kind: 'extract' }, 'validation_error'],
      ['categories on a split project', { name: 'x', kind: 'split', categories }, 'validation_error'],
      ['a schema that does not compile', { name: 'x', kind: 'extract', json_schema: { type: 'nope' } }, 'invalid_project'],
      ['a category named twice', { name: 'x', kind: 'classify', categories: [categories[0], categories[0]] }, 'invalid_project'],
    ];
    for (const [name, body, code] of cases) {
      const res = await server.call('POST', '/v1/projects', { body });
      expect([res.status, res.body.error?.code], name).toEqual([422, code]);
    }
  });

  it('another organization sees 404s and its own empty list; cursors of others are refused', async () => {
    const ours = await createProject({ name: 'Ours', kind: 'classify', categories });
    expect((await server.call('GET', `/v1/projects/${ours.body.id}`, { key: OTHER_KEY })).status).toBe(404);
    expect((await server.call('DELETE', `/v1/projects/${ours.body.id}`, { key: OTHER_KEY })).status).toBe(404);
    expect((await server.call('GET', `/v1/projects/${ours.body.id}/documents`, { key: OTHER_KEY })).status).toBe(404);
    const added = await server.call('POST', `/v1/projects/${ours.body.id}/documents`, {
      key: OTHER_KEY,
      body: { document: { filename: 'a.txt', url: dataUrl('An invoice') }, ground_truth: 'invoice' },
    });
    expect(added.status).toBe(404);
    expect((await server.call<ProjectList>('GET', '/v1/projects', { key: OTHER_KEY })).body.data).toEqual([]);
    const cursor = await server.call('GET', `/v1/projects?after=${ours.body.id}`, { key: OTHER_KEY });
    expect([cursor.status, cursor.body.error.code]).toEqual([400, 'invalid_request']);
  });
});

describe('project documents', () => {
  let project: Project;
  beforeAll(async () => {
    project = (await createProject({ name: 'Invoices', kind: 'extract', json_schema: invoiceSchema })).body;
  });

  it('adds a labelled real document: bytes in the blob store, type settled from the bytes', async () => {
    const png = realFixture('invoice_sample1.png');
    const res = await server.call<ProjectDocument>('POST', `/v1/projects/${project.id}/documents`, {
      body: {
        document: { filename: 'invoice_sample1.png', url: `data:application/octet-stream;base64,${Buffer.from(png).toString('base64')}` },
        ground_truth: {
          invoice_id: '12398982',
          total_amount: 561,
          invoice_date: null,
          line_items: [{ description: 'Labour 1', quantity: 2, unit_price: 80, amount: 160 }],
        },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'project_document', project_id: project.id, filename: 'invoice_sample1.png', mime_type: 'image/png' });
    expect(res.body.id).toMatch(/^pdoc_[A-Za-z0-9_-]{21}$/);
    const stored = await server.blobs.get(createHash('sha256').update(png).digest('hex'));
    expect(stored && Buffer.from(stored).equals(Buffer.from(png))).toBe(true);
    expect((await server.call<Project>('GET', `/v1/projects/${project.id}`)).body.document_count).toBe(1);
    expect((await server.call<ProjectDocument>('GET', `/v1/projects/${project.id}/documents/${res.body.id}`)).body).toEqual(res.body);
  });

  it('refuses a ground truth that does not fit, naming each failing path (422)', async () => {
    const res = await server.call('POST', `/v1/projects/${project.id}/documents`, {
      body: { document: { filename: 'a.txt', url: dataUrl('Invoice 1') }, ground_truth: { total_amount: 'lots', line_items: [{ quantity: 'two' }], totl: 1 } },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid_ground_truth');
    expect(res.body.error.details.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['/body/ground_truth/line_items/0/quantity', '/body/ground_truth/total_amount'].sort(),
    );
    // The invoice schema allows other properties (additionalProperties: true), so `totl` passes.
    const wrongKind = await server.call('POST', `/v1/projects/${project.id}/documents`, {
      body: { document: { filename: 'a.txt', url: dataUrl('Invoice 1') }, ground_truth: 'invoice' },
    });
    expect([wrongKind.status, wrongKind.body.error.code]).toEqual([422, 'invalid_ground_truth']);
  });

  it('refuses a document the engine could not read (422) and an unknown project (404)', async () => {
    const mismatch = await server.call('POST', `/v1/projects/${project.id}/documents`, {
      body: { document: { filename: 'a.pdf', url: dataUrl('plain text', 'application/pdf') }, ground_truth: { invoice_id: '1' } },
    });
    expect([mismatch.status, mismatch.body.error.code]).toEqual([422, 'mime_type_mismatch']);
    const badBase64 = await server.call('POST', `/v1/projects/${project.id}/documents`, {
      body: { document: { filename: 'a.txt', url: 'data:text/plain;base64,@@@' }, ground_truth: { invoice_id: '1' } },
    });
    expect([badBase64.status, badBase64.body.error.code]).toEqual([422, 'invalid_base64']);
    const missing = await server.call('POST', '/v1/projects/proj_missing/documents', {
      body: { document: { filename: 'a.txt', url: dataUrl('x') }, ground_truth: { invoice_id: '1' } },
    });
    expect(missing.status).toBe(404);
  });

  it('lists documents with cursors and removes them', async () => {
    const own = (await createProject({ name: 'Mail', kind: 'classify', categories })).body;
    const ids: string[] = [];
    for (const [text, label] of [
      ['Invoice number 1', 'invoice'],
      ['Payslip for August', 'payslip'],
      ['Invoice number 2', 'invoice'],
    ]) {
      const res = await server.call<ProjectDocument>('POST', `/v1/projects/${own.id}/documents`, {
        body: { document: { filename: 'd.txt', url: dataUrl(text!) }, ground_truth: label },
      });
      expect(res.status).toBe(200);
      ids.push(res.body.id);
    }
    const asc = await server.call<ProjectDocumentList>('GET', `/v1/projects/${own.id}/documents?order=asc&limit=2`);
    expect(asc.body.data.map((d) => d.id)).toEqual(ids.slice(0, 2));
    expect(asc.body.data.map((d) => d.ground_truth)).toEqual(['invoice', 'payslip']);
    expect(asc.body.has_more).toBe(true);
    const rest = await server.call<ProjectDocumentList>('GET', `/v1/projects/${own.id}/documents?order=asc&limit=2&after=${asc.body.last_id}`);
    expect(rest.body.data.map((d) => d.id)).toEqual([ids[2]]);
    const bothCursors = await server.call('GET', `/v1/projects/${own.id}/documents?after=${ids[0]}&before=${ids[2]}`);
    expect(bothCursors.status).toBe(400);

    const removed = await server.call<DeletedObject>('DELETE', `/v1/projects/${own.id}/documents/${ids[1]}`);
    expect(removed.body).toEqual({ id: ids[1], object: 'project_document', deleted: true });
    expect((await server.call('GET', `/v1/projects/${own.id}/documents/${ids[1]}`)).status).toBe(404);
    expect((await server.call<Project>('GET', `/v1/projects/${own.id}`)).body.document_count).toBe(2);
    expect((await server.call('DELETE', `/v1/projects/${own.id}/documents/${ids[1]}`)).status).toBe(404);
  });
});
