/**
 * The eval projects the evals tests run over, built through the HTTP API: real documents (the
 * shared fixtures and the engine's generated bundle) and small generated documents with known
 * values, each labelled — including labels that are deliberately wrong, which must score as wrong.
 */
import type { Project, ProjectDocument } from '@jobs-api/api-types';
import { expect } from 'vitest';
import { BROKEN_PDF, documentOf, engineFixture, realFixture, realJson, textInvoice } from './evals-fixtures.js';
import type { TestServer } from './helpers.js';

type Labelled = { document: { filename: string; url: string }; ground_truth: unknown };

async function createProject(server: TestServer, body: Record<string, unknown>, documents: Record<string, Labelled>) {
  const project = await server.call<Project>('POST', '/v1/projects', { body });
  expect(project.status).toBe(200);
  const ids: Record<string, string> = {};
  for (const [key, labelled] of Object.entries(documents)) {
    const added = await server.call<ProjectDocument>('POST', `/v1/projects/${project.body.id}/documents`, { body: labelled });
    expect(added.status, `adding ${key}: ${JSON.stringify(added.body)}`).toBe(200);
    ids[key] = added.body.id;
  }
  return { project: project.body, ids };
}

/** The scanned invoice's line items, labelled in another order than the document lists them (alignment must pair them). */
const SAMPLE_LINE_ITEMS = [
  { description: 'Labour 3', quantity: 7, unit_price: 30, amount: 210 },
  { description: 'Labour 1', quantity: 2, unit_price: 80, amount: 160 },
  { description: 'Labour 2', quantity: 5, unit_price: 45, amount: 225 },
];

/**
 * An extract project with the shared invoice schema:
 *   sample  the shared scanned invoice (OCR), labelled with the facts its README states and its line items (17 leaves, all right);
 *   acme    a generated invoice labelled exactly (6 leaves, all right);
 *   globex  a generated invoice whose label names the wrong customer (4 leaves, receiver_name wrong;
 *           supplier_email labelled null, which the document does not state, so null is right);
 *   broken  a file that passes as a PDF but cannot be parsed: reported as that document's error.
 */
export function createInvoiceProject(server: TestServer, options: { withSample?: boolean } = {}) {
  const documents: Record<string, Labelled> = {
    acme: {
      document: textInvoice({ number: 'INV-1001', date: '2024-03-15', billedTo: 'Acme Corporation', tax: '50.00', total: '1,250.00', currency: 'EUR' }),
      ground_truth: {
        invoice_id: 'INV-1001',
        invoice_date: '2024-03-15',
        receiver_name: 'ACME corporation',
        total_tax_amount: 50,
        total_amount: 1250,
        currency: 'EUR',
      },
    },
    globex: {
      document: textInvoice({ number: 'INV-1002', billedTo: 'Globex Ltd', total: '99.90' }),
      ground_truth: { invoice_id: 'INV-1002', receiver_name: 'Initech', total_amount: 99.9, supplier_email: null },
    },
    broken: { document: BROKEN_PDF, ground_truth: { invoice_id: 'X-1' } },
  };
  if (options.withSample !== false) {
    documents.sample = {
      document: documentOf('invoice_sample1.png', 'image/png', realFixture('invoice_sample1.png')),
      ground_truth: {
        invoice_id: '12398982',
        total_amount: 561,
        total_tax_amount: 22,
        receiver_name: 'Margarita Morris',
        supplier_name: 'Morris Auto Repair service Pvt. Ltd',
        line_items: SAMPLE_LINE_ITEMS,
      },
    };
  }
  return createProject(server, { name: 'Invoices', kind: 'extract', json_schema: realJson('invoice_schema.json') }, documents);
}

/** What the engine's fixture bundle holds, page by page (its generator's order). */
export const BUNDLE_SUBDOCUMENTS = [
  { name: 'payslip', description: 'A French payslip (bulletin de paye): salary, net à payer, cotisations, employer' },
  { name: 'medical_bill', description: 'A hospital bill: patient details, inpatient charges, doctor, bill amount' },
  { name: 'invoice', description: 'A supplier invoice: invoice number, customer, line items, VAT, total due' },
  { name: 'manual', description: 'An operations and maintenance manual or agreement: O&M plan, site, procedures, remedy' },
];
export const BUNDLE_SPLIT = [
  { name: 'payslip', pages: [1] },
  { name: 'medical_bill', pages: [2] },
  { name: 'invoice', pages: [3] },
  { name: 'manual', pages: [4, 5, 6] },
];

/**
 * A split project: the bundle labelled right, and the same bundle labelled with the manual's
 * three pages as an invoice (3 of 6 pages wrong, not an exact match).
 */
export function createSplitProject(server: TestServer) {
  const bundle = documentOf('bundle.pdf', 'application/pdf', engineFixture('bundle.pdf'));
  return createProject(
    server,
    { name: 'Bundles', kind: 'split', subdocuments: BUNDLE_SUBDOCUMENTS },
    {
      right: { document: bundle, ground_truth: BUNDLE_SPLIT },
      wrong: { document: bundle, ground_truth: [...BUNDLE_SPLIT.slice(0, 2), { name: 'invoice', pages: [3, 4, 5, 6] }] },
    },
  );
}

export const MAIL_CATEGORIES = [
  { name: 'payslip', description: 'A French payslip (bulletin de paye): salary, net à payer, cotisations, employer' },
  { name: 'invoice', description: 'A supplier invoice: invoice number, billed to, line items, tax, total' },
  { name: 'purchase_order', description: 'A purchase order: order number, customer, ordered items' },
];

/**
 * A classify project: the shared payslip, the engine's table invoice, and its purchase order
 * (order.docx) deliberately labelled as an invoice.
 */
export function createClassifyProject(server: TestServer) {
  return createProject(
    server,
    { name: 'Mail', kind: 'classify', categories: MAIL_CATEGORIES },
    {
      payslip: { document: documentOf('payslip.pdf', 'application/pdf', realFixture('payslip.pdf')), ground_truth: 'payslip' },
      invoice: { document: documentOf('table_invoice.pdf', 'application/pdf', engineFixture('table_invoice.pdf')), ground_truth: 'invoice' },
      order: {
        document: documentOf('order.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', engineFixture('order.docx')),
        ground_truth: 'invoice',
      },
    },
  );
}
