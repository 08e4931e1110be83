import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkGroundTruth, checkProjectTask, DocumentError, readDocument, selectPdfPages, type ProjectTask } from '../src/index.js';
import { call, useEngine } from './helpers/engine.js';
import { dataUrl, localFixture, realFixture, realFixturesDir } from './helpers/fixtures.js';

const invoiceSchema = JSON.parse(fs.readFileSync(path.join(realFixturesDir(), 'invoice_schema.json'), 'utf8')) as Record<string, unknown>;
const bookingSchema = JSON.parse(fs.readFileSync(path.join(realFixturesDir(), 'booking_confirmation_schema.json'), 'utf8')) as Record<string, unknown>;
const bookingLabel = JSON.parse(fs.readFileSync(path.join(realFixturesDir(), 'booking_confirmation_1_data.json'), 'utf8')) as unknown;

describe('checkProjectTask', () => {
  it('accepts the shared schemas and refuses a broken one or duplicate names', () => {
    expect(checkProjectTask({ kind: 'extract', json_schema: invoiceSchema })).toEqual([]);
    expect(checkProjectTask({ kind: 'extract', json_schema: { type: 'no-such-type' } })).toEqual([
      { path: '/json_schema', message: 'json_schema is not a valid JSON Schema.' },
    ]);
    const twice = { name: 'invoice', description: '' };
    expect(checkProjectTask({ kind: 'classify', categories: [twice, twice] })).toMatchObject([{ path: '/categories/1/name' }]);
  });
});

describe('checkGroundTruth', () => {
  const extract: ProjectTask = { kind: 'extract', json_schema: invoiceSchema };
  const split: ProjectTask = {
    kind: 'split',
    subdocuments: [
      { name: 'payslip', description: '' },
      { name: 'invoice', description: '' },
    ],
  };
  const classify: ProjectTask = { kind: 'classify', categories: [{ name: 'invoice', description: '' }] };

  const cases: Array<[string, { task: ProjectTask; label: unknown; paths: string[] }]> = [
    [
      'a full invoice label with nulls',
      {
        task: extract,
        label: {
          invoice_id: '12398982',
          total_amount: 561,
          invoice_date: null,
          line_items: [{ description: 'Labour 1', quantity: 2, unit_price: 80, amount: 160 }],
        },
        paths: [],
      },
    ],
    ['a partial label (unlabelled fields are not scored)', { task: { kind: 'extract', json_schema: bookingSchema }, label: bookingLabel, paths: [] }],
    ['a wrongly typed field', { task: extract, label: { total_amount: 'five hundred' }, paths: ['/total_amount'] }],
    ['a wrongly typed array item field', { task: extract, label: { line_items: [{ quantity: 'two' }] }, paths: ['/line_items/0/quantity'] }],
    ['an extract label that is not an object', { task: extract, label: 'invoice', paths: ['/'] }],
    ['an empty extract label', { task: extract, label: {}, paths: ['/'] }],
    [
      'a split label',
      {
        task: split,
        label: [
          { name: 'payslip', pages: [1] },
          { name: 'invoice', pages: [2, 3] },
        ],
        paths: [],
      },
    ],
    ['a split label naming an unknown subdocument', { task: split, label: [{ name: 'manual', pages: [1] }], paths: ['/0/name'] }],
    [
      'a page in two parts',
      {
        task: split,
        label: [
          { name: 'payslip', pages: [1] },
          { name: 'invoice', pages: [1, 2] },
        ],
        paths: ['/1/pages/0'],
      },
    ],
    ['page 0', { task: split, label: [{ name: 'payslip', pages: [0] }], paths: ['/0/pages/0'] }],
    ['a category', { task: classify, label: 'invoice', paths: [] }],
    ['an unknown category', { task: classify, label: 'payslip', paths: ['/'] }],
    ['a classify label that is not a string', { task: classify, label: ['invoice'], paths: ['/'] }],
  ];
  it.each(cases)('%s', (_name, { task, label, paths }) => {
    expect(checkGroundTruth(task, label).map((problem) => problem.path)).toEqual(paths);
  });

  it('refuses a misspelt field of a schema that lists its properties', () => {
    const task: ProjectTask = { kind: 'extract', json_schema: { type: 'object', properties: { total: { type: 'number' } } } };
    expect(checkGroundTruth(task, { totl: 3 })).toEqual([{ path: '/', message: 'must NOT have additional properties (totl)' }]);
    // allOf branches each list some properties: the object they build stays open.
    const composed: ProjectTask = {
      kind: 'extract',
      json_schema: { allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { properties: { b: { type: 'number' } } }] },
    };
    expect(checkGroundTruth(composed, { a: 'x', b: 2 })).toEqual([]);
  });
});

describe('eval documents', () => {
  const engine = useEngine();

  it('selectPdfPages cuts a part out of a bundle, pages in order', async () => {
    const part = await selectPdfPages(localFixture('bundle.pdf'), [3]);
    const whole = await engine.parse({ document: { filename: 'bundle.pdf', url: dataUrl('application/pdf', localFixture('bundle.pdf')) } }, call());
    const parsed = await engine.parse({ document: { filename: 'part.pdf', url: dataUrl('application/pdf', part) } }, call());
    expect(parsed.usage.page_count).toBe(1);
    expect(parsed.pages[0]).toBe(whole.pages[2]);
  });

  it('selectPdfPages refuses pages outside the PDF, bytes that are not a PDF, and an encrypted PDF (by its own code)', async () => {
    await expect(selectPdfPages(localFixture('bundle.pdf'), [7])).rejects.toMatchObject({ code: 'invalid_request', status: 400 });
    await expect(selectPdfPages(new TextEncoder().encode('not a pdf'), [1])).rejects.toBeInstanceOf(DocumentError);
    await expect(selectPdfPages(realFixture('om_manual_31_pages.pdf'), [1])).rejects.toMatchObject({ code: 'document_encrypted', status: 422 });
  });

  it('readDocument settles the MIME type as the engine does', async () => {
    const read = await readDocument({ filename: 'order.md', url: dataUrl('text/plain', localFixture('order.md')) }, call());
    expect(read.mimeType).toBe('text/markdown');
    await expect(readDocument({ filename: 'x.pdf', url: dataUrl('application/pdf', new TextEncoder().encode('hello')) }, call())).rejects.toMatchObject({
      code: 'mime_type_mismatch',
      status: 422,
    });
  });
});
