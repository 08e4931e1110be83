import { describe, expect, it } from 'vitest';
import { call, useEngine } from './helpers/engine.js';
import { documentRef, localFixture, realFixture } from './helpers/fixtures.js';

const engine = useEngine();

// bundle.pdf (see scripts/generate-fixtures.ts): page 1 the payslip, page 2 the medical bill,
// page 3 the table invoice, pages 4-6 the first pages of the O&M manual.
const bundle = documentRef('bundle.pdf', 'application/pdf', localFixture('bundle.pdf'));
const kinds = [
  { name: 'payslip', description: 'A French payslip (bulletin de paye): salary, net à payer, cotisations, employer' },
  { name: 'medical_bill', description: 'A hospital bill: patient details, inpatient charges, doctor, bill amount' },
  { name: 'invoice', description: 'A supplier invoice: invoice number, customer, line items, VAT, total due' },
  { name: 'manual', description: 'An operations and maintenance manual or agreement: O&M plan, site, procedures, remedy' },
];

describe('split', () => {
  it('splits the bundle into its documents, covering every page once', async () => {
    const result = await engine.split({ document: bundle, subdocuments: kinds }, call());
    expect(result.splits).toEqual([
      { name: 'payslip', pages: [1] },
      { name: 'medical_bill', pages: [2] },
      { name: 'invoice', pages: [3] },
      { name: 'manual', pages: [4, 5, 6] },
    ]);
    expect(result.usage).toEqual({ page_count: 6, credits: 6 });
  });
});

describe('classify', () => {
  it.each([
    ['payslip.pdf', 'application/pdf', realFixture('payslip.pdf'), 'payslip'],
    ['medical_bill_sample4.pdf', 'application/pdf', realFixture('medical_bill_sample4.pdf'), 'medical_bill'],
    ['table_invoice.pdf', 'application/pdf', localFixture('table_invoice.pdf'), 'invoice'],
  ])('classifies %s', async (filename, mimeType, bytes, expected) => {
    const result = await engine.classify({ document: documentRef(filename, mimeType, bytes), categories: kinds }, call());
    expect(result.result.classification).toBe(expected);
    expect(result.result.reasoning).toContain(`"${expected}"`);
  });

  it('reads only first_n_pages of the bundle', async () => {
    const result = await engine.classify({ document: bundle, categories: kinds, first_n_pages: 1 }, call());
    expect(result.result.classification).toBe('payslip');
    expect(result.usage.page_count).toBe(1);
  });

  it('falls back to a catch-all category when nothing matches', async () => {
    const categories = [
      { name: 'contract', description: 'a signed lease' },
      { name: 'other', description: 'anything else' },
    ];
    const result = await engine.classify({ document: documentRef('order.csv', 'text/csv', localFixture('order.csv')), categories }, call());
    expect(result.result.classification).toBe('other');
  });
});
