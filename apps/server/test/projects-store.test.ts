/**
 * The project store, run unchanged on every store engine (SQLite always, PostgreSQL with
 * TEST_DATABASE_URL): scoping, keyset pages, cascading deletes, and the blob references that
 * keep the job store's payload purge away from project documents' bytes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobStore } from '../src/interfaces.js';
import { newProjectDocumentId, newProjectId } from '../src/jobs/ids.js';
import { type NewProjectDocument, type ProjectStore } from '../src/projects/store.js';
import { announcePostgres } from './postgres/testDatabase.js';
import { storeEngines } from './store/engines.js';
import { expectKeysetPages, purgeJobReferencing } from './store/fixtures.js';

const T0 = 1_800_000_000_000;
const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

announcePostgres('PostgreSQL project store suite');

describe.each(storeEngines)('project store: $name', (engine) => {
  let store: JobStore;
  let projects: ProjectStore;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ store, projects, dispose } = await engine.create());
  });
  afterEach(() => dispose());

  const insertProject = (organizationId = 'org_a', createdAt = T0) =>
    projects.insertProject({
      id: newProjectId(),
      organizationId,
      name: 'Invoices',
      task: { kind: 'classify', categories: [{ name: 'invoice', description: 'An invoice' }] },
      createdAt,
    });
  const document = (projectId: string, overrides: Partial<NewProjectDocument> = {}): NewProjectDocument => ({
    id: newProjectDocumentId(),
    organizationId: 'org_a',
    projectId,
    filename: 'a.txt',
    mimeType: 'text/plain',
    blobHash: HASH_A,
    groundTruth: 'invoice',
    createdAt: T0,
    ...overrides,
  });

  it('inserts and reads projects of each kind, scoped by organization', async () => {
    const extract = await projects.insertProject({
      id: newProjectId(),
      organizationId: 'org_a',
      name: 'Schema keeps its key order',
      task: { kind: 'extract', json_schema: { type: 'object', properties: { z: { type: 'string' }, a: { type: 'number' } } } },
      createdAt: T0,
    });
    expect(extract).toMatchObject({ object: 'project', kind: 'extract', subdocuments: null, categories: null, document_count: 0, created_at: T0 / 1000 });
    expect(Object.keys((await projects.getProject('org_a', extract.id))!.json_schema!.properties as object)).toEqual(['z', 'a']);
    const split = await projects.insertProject({
      id: newProjectId(),
      organizationId: 'org_a',
      name: 'Bundles',
      task: { kind: 'split', subdocuments: [{ name: 'payslip', description: '' }] },
      createdAt: T0,
    });
    expect(split).toMatchObject({ kind: 'split', json_schema: null, subdocuments: [{ name: 'payslip', description: '' }] });
    expect(await projects.getProject('org_b', extract.id)).toBeUndefined();
  });

  it('pages projects by insertion order both ways; a foreign cursor is refused', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await insertProject()).id);
    const foreign = await insertProject('org_b');
    await expectKeysetPages((org, query) => projects.listProjects(org, query), ids, foreign.id);
  });

  it('documents: insert (counted on the project), get, page, list all oldest first; bare-string labels round-trip', async () => {
    const project = await insertProject();
    const inserted = [];
    for (let i = 0; i < 3; i++) inserted.push(await projects.insertDocument(document(project.id, { filename: `d${i}.txt` })));
    expect(inserted[0]).toMatchObject({ object: 'project_document', project_id: project.id, ground_truth: 'invoice', mime_type: 'text/plain' });
    expect((await projects.getProject('org_a', project.id))!.document_count).toBe(3);
    const stored = await projects.getDocument('org_a', project.id, inserted[1]!.id);
    expect(stored).toEqual({ document: inserted[1], blobHash: HASH_A });
    expect(await projects.getDocument('org_b', project.id, inserted[1]!.id)).toBeUndefined();
    const page = await projects.listDocuments('org_a', project.id, { limit: 2, order: 'asc', after: inserted[0]!.id });
    expect(page!.data.map((d) => d.filename)).toEqual(['d1.txt', 'd2.txt']);
    expect(await projects.listDocuments('org_a', project.id, { limit: 2, order: 'asc', after: project.id })).toBeUndefined();
    expect((await projects.listAllDocuments('org_a', project.id)).map((d) => d.document.filename)).toEqual(['d0.txt', 'd1.txt', 'd2.txt']);
    const split = await projects.insertDocument(document(project.id, { groundTruth: [{ name: 'invoice', pages: [1, 2] }] }));
    expect(split!.ground_truth).toEqual([{ name: 'invoice', pages: [1, 2] }]);
  });

  it('a document for a missing or foreign project is not inserted', async () => {
    const project = await insertProject();
    expect(await projects.insertDocument(document('proj_missing'))).toBeUndefined();
    expect(await projects.insertDocument(document(project.id, { organizationId: 'org_b' }))).toBeUndefined();
    expect((await projects.getProject('org_a', project.id))!.document_count).toBe(0);
  });

  it('blob references: a purged job does not free a blob a document uses; deleting the last user does', async () => {
    const project = await insertProject();
    const doc = await projects.insertDocument(document(project.id, { blobHash: HASH_A }));
    await projects.insertDocument(document(project.id, { blobHash: HASH_B }));
    // A job that sent the same bytes expires and has its payload purged.
    const purged = await purgeJobReferencing(store, HASH_A);
    expect(purged.jobs).toBe(1);
    expect(purged.unreferencedBlobs).toEqual([]);

    expect(await projects.deleteDocument('org_b', project.id, doc!.id)).toBeUndefined();
    expect(await projects.deleteDocument('org_a', project.id, doc!.id)).toEqual({ unreferencedBlobs: [HASH_A] });
    expect(await projects.deleteDocument('org_a', project.id, doc!.id)).toBeUndefined();
    expect(await projects.getDocument('org_a', project.id, doc!.id)).toBeUndefined();
  });

  it('deleting a project deletes its documents and frees blobs only they used', async () => {
    const project = await insertProject();
    const other = await insertProject();
    await projects.insertDocument(document(project.id, { blobHash: HASH_A }));
    await projects.insertDocument(document(project.id, { blobHash: HASH_B }));
    await projects.insertDocument(document(other.id, { blobHash: HASH_B }));
    expect(await projects.deleteProject('org_b', project.id)).toBeUndefined();
    expect(await projects.deleteProject('org_a', project.id)).toEqual({ unreferencedBlobs: [HASH_A] });
    expect(await projects.getProject('org_a', project.id)).toBeUndefined();
    expect(await projects.listAllDocuments('org_a', project.id)).toEqual([]);
    expect(await projects.deleteProject('org_a', project.id)).toBeUndefined();
    expect((await projects.getProject('org_a', other.id))!.document_count).toBe(1);
  });
});
