import { describe, expect, it } from 'vitest';
import { identifierFields, pageIdentity, splitAtIdentityChanges } from '../src/local/document-boundaries.js';

describe('document boundaries inside a part', () => {
  it('identifier fields: top-level text or integer fields named like an id, number or reference', () => {
    const schema = {
      type: 'object',
      properties: {
        invoice_id: { type: 'string' },
        orderNumber: { type: ['string', 'null'] },
        po_no: {},
        booking_ref: { type: 'integer' },
        total_amount: { type: 'number' },
        phone_number: { type: 'number' },
        customer_name: { type: 'string' },
        line_items: { type: 'array' },
      },
    };
    expect(identifierFields(schema)).toEqual(['invoice_id', 'orderNumber', 'po_no', 'booking_ref']);
    expect(identifierFields({ type: 'object' })).toEqual([]);
  });

  it('pageIdentity keeps found values, normalised', () => {
    expect([...pageIdentity({ invoice_id: 'INV-1', order: null, ref: 42 }, ['invoice_id', 'order', 'ref'])]).toEqual([
      ['invoice_id', 'inv1'],
      ['ref', '42'],
    ]);
  });

  const identities: Record<number, Record<string, string>> = {
    1: { invoice_id: 'a' },
    2: {},
    3: { invoice_id: 'a', order: 'x' },
    4: { invoice_id: 'b' },
    5: { order: 'y' },
    6: { order: 'y' },
  };
  const identityOf = (page: number) => new Map(Object.entries(identities[page] ?? {}));

  const cases: Array<[string, { pages: number[]; want: number[][] }]> = [
    ['a page without identifiers continues its part', { pages: [1, 2, 3], want: [[1, 2, 3]] }],
    ['a contradicting identifier starts a part', { pages: [1, 2, 3, 4], want: [[1, 2, 3], [4]] }],
    ['an identifier first seen on a later page is learnt, then contradicted', { pages: [3, 5, 6], want: [[3], [5, 6]] }],
    ['one page', { pages: [4], want: [[4]] }],
  ];
  it.each(cases)('%s', (_name, { pages, want }) => {
    expect(splitAtIdentityChanges(pages, identityOf)).toEqual(want);
  });
});
