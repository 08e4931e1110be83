/**
 * The five eval endpoints on their synchronous routes, with the real engine over real and
 * generated documents (answers validated against the spec).
 */
import type { ClassifyEval, EvalExtraction, EvalSplitExtraction, ExtractEval, Project, SplitEval } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentOf, engineFixture, realJson, textInvoice } from './evals-fixtures.js';
import { BUNDLE_SPLIT, BUNDLE_SUBDOCUMENTS, createClassifyProject, createInvoiceProject, createSplitProject } from './evals-projects.js';
import { startTestServer, type TestServer } from './helpers.js';

/** The real engine parses (and OCRs) the documents: on a busy 2-core machine a test of several runs takes well over the 30 s default. */
const ENGINE_TIMEOUT_MS = 120_000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ mode: 'api' });
});
afterAll(() => server.stop());

describe('POST /v1/evals/extract/process', () => {
  let invoices: Awaited<ReturnType<typeof createInvoiceProject>>;
  let result: ExtractEval;
  beforeAll(async () => {
    invoices = await createInvoiceProject(server);
    const res = await server.call<ExtractEval>('POST', '/v1/evals/extract/process', { body: { project_id: invoices.project.id } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    result = res.body;
  }, ENGINE_TIMEOUT_MS);
  const documentResult = (key: string) => result.documents.find((d) => d.document_id === invoices.ids[key])!;

  it('scores every labelled leaf of every document, in the order they were added', () => {
    expect(result.project_id).toBe(invoices.project.id);
    expect(result.model).toBe('retab-small');
    expect(result.documents.map((d) => d.document_id)).toEqual([invoices.ids.acme, invoices.ids.globex, invoices.ids.broken, invoices.ids.sample]);
    expect(documentResult('acme')).toMatchObject({ accuracy: 1, error: null });
    // The label says "ACME corporation", the document "Acme Corporation": the same after normalising.
    expect(documentResult('acme').fields.receiver_name).toEqual({ expected: 'ACME corporation', got: 'Acme Corporation', match: true });
    expect(documentResult('acme').fields.total_amount).toEqual({ expected: 1250, got: 1250, match: true });
    expect(documentResult('acme').output).toMatchObject({ invoice_id: 'INV-1001', invoice_date: '2024-03-15' });
  });

  it('counts the deliberately wrong label as a mismatch, and a null label answered null as right', () => {
    const globex = documentResult('globex');
    expect(globex.fields).toEqual({
      invoice_id: { expected: 'INV-1002', got: 'INV-1002', match: true },
      receiver_name: { expected: 'Initech', got: 'Globex Ltd', match: false },
      total_amount: { expected: 99.9, got: 99.9, match: true },
      supplier_email: { expected: null, got: null, match: true },
    });
    expect(globex.accuracy).toBe(0.75);
  });

  it('aligns the scanned invoice line items by best match, whatever order they are labelled in', () => {
    const sample = documentResult('sample');
    expect(sample.error).toBeNull();
    expect(sample.fields['line_items.0.description']).toEqual({ expected: 'Labour 3', got: 'Labour 3', match: true });
    expect(sample.fields['line_items.0.amount']).toMatchObject({ expected: 210, match: true });
    expect(sample.fields.invoice_id).toEqual({ expected: '12398982', got: '12398982', match: true });
    expect(sample.fields.total_amount).toMatchObject({ expected: 561, got: 561, match: true });
    expect(Object.keys(sample.fields)).toHaveLength(17);
  });

  it('reports a document that fails with its error instead of failing the eval', () => {
    expect(documentResult('broken')).toMatchObject({
      output: null,
      fields: {},
      accuracy: null,
      error: { code: 'corrupt_document', details: { status_code: 422 } },
    });
  });

  it('aggregates over evaluated documents: leaves matched, per field pooled over items, counts', () => {
    const leaves = result.documents.flatMap((d) => Object.values(d.fields));
    expect(result.metrics.accuracy).toBeCloseTo(leaves.filter((f) => f.match).length / leaves.length);
    expect(result.metrics).toMatchObject({ document_count: 4, failed_count: 1 });
    expect(result.metrics.per_field.receiver_name).toBeCloseTo(2 / 3);
    expect(result.metrics.per_field['line_items.*.description']).toBe(1);
    expect(result.metrics.per_field.invoice_id).toBe(1);
  });

  it(
    'extract/extract: a project document with its comparison, or an inline document without',
    async () => {
      const labelled = await server.call<EvalExtraction>('POST', '/v1/evals/extract/extract', {
        body: { project_id: invoices.project.id, document_id: invoices.ids.globex },
      });
      expect(labelled.status).toBe(200);
      expect(labelled.body).toMatchObject({ project_id: invoices.project.id, document_id: invoices.ids.globex, extraction: { object: 'chat.completion' } });
      expect(labelled.body.comparison).toEqual({ fields: documentResult('globex').fields, accuracy: 0.75 });

      const inline = await server.call<EvalExtraction>('POST', '/v1/evals/extract/extract', {
        body: { project_id: invoices.project.id, document: textInvoice({ number: 'INV-2001', total: '10.00' }) },
      });
      expect(inline.status).toBe(200);
      expect(inline.body.document_id).toBeNull();
      expect(inline.body.comparison).toBeNull();
      expect(inline.body.extraction.choices[0]!.message.parsed).toMatchObject({ invoice_id: 'INV-2001', total_amount: 10 });

      const unknown = await server.call('POST', '/v1/evals/extract/extract', { body: { project_id: invoices.project.id, document_id: 'pdoc_missing' } });
      expect(unknown.status).toBe(404);
    },
    ENGINE_TIMEOUT_MS,
  );
});

describe('POST /v1/evals/split/process and /v1/evals/classify/process', () => {
  it(
    'split: page accuracy and exact matches against known answers',
    async () => {
      const bundles = await createSplitProject(server);
      const res = await server.call<SplitEval>('POST', '/v1/evals/split/process', { body: { project_id: bundles.project.id } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const [right, wrong] = res.body.documents;
      expect(right).toMatchObject({ document_id: bundles.ids.right, predicted: BUNDLE_SPLIT, page_accuracy: 1, exact_match: true, error: null });
      expect(wrong).toMatchObject({ document_id: bundles.ids.wrong, predicted: BUNDLE_SPLIT, page_accuracy: 0.5, exact_match: false });
      expect(res.body.metrics).toEqual({ page_accuracy: 9 / 12, exact_match_rate: 0.5, document_count: 2, failed_count: 0 });
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    'classify: accuracy and the confusion matrix against known answers',
    async () => {
      const mail = await createClassifyProject(server);
      const res = await server.call<ClassifyEval>('POST', '/v1/evals/classify/process', { body: { project_id: mail.project.id } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.documents.map((d) => [d.expected, d.predicted, d.match])).toEqual([
        ['payslip', 'payslip', true],
        ['invoice', 'invoice', true],
        ['invoice', 'purchase_order', false],
      ]);
      expect(res.body.metrics).toEqual({
        accuracy: 2 / 3,
        confusion: { payslip: { payslip: 1 }, invoice: { invoice: 1, purchase_order: 1 } },
        document_count: 3,
        failed_count: 0,
      });
    },
    ENGINE_TIMEOUT_MS,
  );
});

describe('POST /v1/evals/extract/split', () => {
  it(
    'splits a bundle into parts and extracts each part (a PDF of its own pages) with the project schema',
    async () => {
      const schema = {
        type: 'object',
        properties: { invoice_number: { type: 'string' }, customer_name: { type: 'string', title: 'Customer' }, total_due: { type: 'number' } },
      };
      const project = (await server.call<Project>('POST', '/v1/projects', { body: { name: 'Table invoices', kind: 'extract', json_schema: schema } })).body;
      const bundle = documentOf('bundle.pdf', 'application/pdf', engineFixture('bundle.pdf'));
      const res = await server.call<EvalSplitExtraction>('POST', '/v1/evals/extract/split', {
        body: { project_id: project.id, document: bundle, subdocuments: BUNDLE_SUBDOCUMENTS },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.parts.map((part) => ({ name: part.name, pages: part.pages }))).toEqual(BUNDLE_SPLIT);
      const invoice = res.body.parts.find((part) => part.name === 'invoice')!;
      expect(invoice.extraction.choices[0]!.message.parsed).toEqual({ invoice_number: 'INV-2024-0042', customer_name: 'Contoso Pharmacy', total_due: 1480.2 });
      // 6 pages split, the manual's 3 pages read for identifiers, 6 pages extracted in parts.
      expect(res.body.usage).toEqual({ page_count: 6, credits: 15 });

      // Without subdocuments, parts come from page content alone: the invoice page states an
      // invoice number that contradicts what the pages before it state, so it starts a part.
      const bySelf = await server.call<EvalSplitExtraction>('POST', '/v1/evals/extract/split', { body: { project_id: project.id, document: bundle } });
      expect(bySelf.status).toBe(200);
      expect(bySelf.body.parts.flatMap((part) => part.pages)).toEqual([1, 2, 3, 4, 5, 6]);
      const fromInvoice = bySelf.body.parts.find((part) => part.pages[0] === 3)!;
      expect(fromInvoice.extraction.choices[0]!.message.parsed).toMatchObject({ invoice_number: 'INV-2024-0042', total_due: 1480.2 });
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    'tells consecutive documents of one kind apart by the identifiers their pages state',
    async () => {
      const project = (
        await server.call<Project>('POST', '/v1/projects', { body: { name: 'Invoices', kind: 'extract', json_schema: realJson('invoice_schema.json') } })
      ).body;
      // Three pages (form feeds): invoice INV-7001, a continuation page with its total, invoice INV-7002.
      const text = [
        'INVOICE\nInvoice number: INV-7001\nBilled to: Acme Corporation',
        'Continued\nTotal: 20.00',
        'INVOICE\nInvoice number: INV-7002\nTotal: 35.00',
      ].join('\f');
      const res = await server.call<EvalSplitExtraction>('POST', '/v1/evals/extract/split', {
        body: {
          project_id: project.id,
          document: documentOf('two-invoices.txt', 'text/plain', new TextEncoder().encode(text)),
          subdocuments: [{ name: 'invoice', description: 'An invoice' }],
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.parts.map(({ name, pages }) => ({ name, pages }))).toEqual([
        { name: 'invoice', pages: [1, 2] },
        { name: 'invoice', pages: [3] },
      ]);
      expect(res.body.parts.map((part) => part.extraction.choices[0]!.message.parsed)).toMatchObject([
        { invoice_id: 'INV-7001', receiver_name: 'Acme Corporation', total_amount: 20 },
        { invoice_id: 'INV-7002', total_amount: 35 },
      ]);
    },
    ENGINE_TIMEOUT_MS,
  );
});

describe('references', () => {
  it('an unknown project is a 404, a project of another kind a 422, an empty one a 422', async () => {
    const classify = (
      await server.call<Project>('POST', '/v1/projects', { body: { name: 'c', kind: 'classify', categories: [{ name: 'a', description: '' }] } })
    ).body;
    for (const endpoint of ['/v1/evals/extract/process', '/v1/evals/split/process', '/v1/evals/extract/split']) {
      const body =
        endpoint.endsWith('split') && endpoint.includes('extract')
          ? { project_id: classify.id, document: textInvoice({ number: '1' }) }
          : { project_id: classify.id };
      const wrongKind = await server.call('POST', endpoint, { body });
      expect([wrongKind.status, wrongKind.body.error.code], endpoint).toEqual([422, 'project_kind_mismatch']);
    }
    const missing = await server.call('POST', '/v1/evals/classify/process', { body: { project_id: 'proj_missing' } });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
    const empty = await server.call('POST', '/v1/evals/classify/process', { body: { project_id: classify.id } });
    expect([empty.status, empty.body.error.code]).toEqual([422, 'project_has_no_documents']);
  });
});
