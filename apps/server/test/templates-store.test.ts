/**
 * The template store, run unchanged on every store engine (SQLite always, PostgreSQL with
 * TEST_DATABASE_URL): insert and read back the inferred fields, scoping by organization, keyset
 * pages both ways, delete, and the blob reference that keeps the job store's payload purge away
 * from a template's PDF.
 */
import type { FormField } from '@jobs-api/api-types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobStore } from '../src/interfaces.js';
import { newTemplateId } from '../src/jobs/ids.js';
import { type NewTemplate, type TemplateStore } from '../src/templates/store.js';
import { announcePostgres } from './postgres/testDatabase.js';
import { storeEngines } from './store/engines.js';
import { expectKeysetPages, purgeJobReferencing } from './store/fixtures.js';

const T0 = 1_800_000_000_000;
const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

const FIELDS: FormField[] = [
  {
    name: 'full_name',
    type: 'text',
    page: 1,
    rect: { x: 72, y: 700.5, width: 200, height: 18 },
    value: null,
    label: 'Full name',
    description: 'Full name (in 1. Applicant)',
  },
  {
    name: 'plan',
    type: 'radio',
    page: 2,
    rect: { x: 72, y: 600, width: 120, height: 12 },
    value: null,
    label: 'Plan',
    description: null,
    options: ['Basic', 'Family'],
  },
];

announcePostgres('PostgreSQL template store suite');

describe.each(storeEngines)('template store: $name', (engine) => {
  let store: JobStore;
  let templates: TemplateStore;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ store, templates, dispose } = await engine.create());
  });
  afterEach(() => dispose());

  const template = (overrides: Partial<NewTemplate> = {}): NewTemplate => ({
    id: newTemplateId(),
    organizationId: 'org_a',
    name: 'Wire form',
    filename: 'wire.pdf',
    blobHash: HASH_A,
    fields: FIELDS,
    createdAt: T0,
    ...overrides,
  });

  it('inserts a template and reads it back with its fields, scoped by organization', async () => {
    const created = await templates.insertTemplate(template({ name: 'Wire form — “quotes” ü' }));
    expect(created).toEqual({
      id: created.id,
      object: 'template',
      name: 'Wire form — “quotes” ü',
      filename: 'wire.pdf',
      field_count: 2,
      form_schema: { form_fields: FIELDS },
      created_at: T0 / 1000,
      organization_id: 'org_a',
    });
    expect(await templates.getTemplate('org_a', created.id)).toEqual({ template: created, blobHash: HASH_A });
    expect(await templates.getTemplate('org_b', created.id)).toBeUndefined();
    expect(await templates.getTemplate('org_a', 'tpl_missing')).toBeUndefined();
  });

  it('pages templates by insertion order both ways; a foreign cursor is refused', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await templates.insertTemplate(template())).id);
    const foreign = await templates.insertTemplate(template({ organizationId: 'org_b' }));
    await expectKeysetPages((org, query) => templates.listTemplates(org, query), ids, foreign.id);
  });

  it('deletes a template once, only in its organization', async () => {
    const created = await templates.insertTemplate(template());
    expect(await templates.deleteTemplate('org_b', created.id)).toBeUndefined();
    expect(await templates.deleteTemplate('org_a', created.id)).toEqual({ unreferencedBlobs: [HASH_A] });
    expect(await templates.getTemplate('org_a', created.id)).toBeUndefined();
    expect(await templates.deleteTemplate('org_a', created.id)).toBeUndefined();
  });

  it("blob references: a purged job does not free a template's PDF; deleting the last template that uses it does", async () => {
    const first = await templates.insertTemplate(template({ blobHash: HASH_A }));
    const second = await templates.insertTemplate(template({ blobHash: HASH_A }));
    await templates.insertTemplate(template({ blobHash: HASH_B }));
    // A job that sent the same PDF expires and has its payload purged.
    const purged = await purgeJobReferencing(store, HASH_A);
    expect(purged.jobs).toBe(1);
    expect(purged.unreferencedBlobs).toEqual([]);
    // Two templates share the PDF: the first delete keeps it, the second frees it.
    expect(await templates.deleteTemplate('org_a', first.id)).toEqual({ unreferencedBlobs: [] });
    expect(await templates.deleteTemplate('org_a', second.id)).toEqual({ unreferencedBlobs: [HASH_A] });
  });
});
