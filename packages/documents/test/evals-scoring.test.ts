import { describe, expect, it } from 'vitest';
import {
  alignByBestMatch,
  compareExtraction,
  leafMatches,
  normalizeString,
  scoreSplit,
  summarizeClassification,
  summarizeExtraction,
  summarizeSplit,
  toExtractionComparison,
} from '../src/index.js';

describe('leafMatches', () => {
  const cases: Array<[string, { expected: unknown; got: unknown; schema?: Record<string, unknown>; want: boolean }]> = [
    [
      'strings ignore case, spacing and punctuation',
      { expected: 'Morris Auto Repair service Pvt. Ltd', got: 'MORRIS AUTO REPAIR SERVICE PVT LTD', want: true },
    ],
    ['phone numbers ignore brackets and spaces', { expected: '(123) 456 7890', got: '123-456-7890', want: true }],
    ['different words do not match', { expected: 'Margarita Morris', got: 'Margaret Morris', want: false }],
    ['accents are kept', { expected: 'Net à payer', got: 'Net a payer', want: false }],
    ['numbers within half a cent match', { expected: 561, got: 561.004, want: true }],
    ['a one-cent error does not', { expected: 561, got: 561.01, want: false }],
    ['a number given as text is read', { expected: 1233.5, got: '1,233.50', want: true }],
    ['a number field labelled as text compares as a number', { expected: '22', got: 22.0, schema: { type: 'number' }, want: true }],
    ['ISO date vs written date', { expected: '2024-03-15', got: 'March 15, 2024', want: true }],
    ['date by schema format, day-first numeric', { expected: '15/03/2024', got: '2024-03-15', schema: { type: 'string', format: 'date' }, want: true }],
    ['a different date', { expected: '2024-03-15', got: '2024-03-16', want: false }],
    ['months compare as months', { expected: '2023-08', got: 'August 2023', want: true }],
    ['date-times compare as instants', { expected: '2024-03-15T10:00:00Z', got: '2024-03-15T11:00:00+01:00', want: true }],
    ['null label, null answer', { expected: null, got: null, want: true }],
    ['null label, an answer: a false positive', { expected: null, got: 'anything', want: false }],
    ['a label, no answer', { expected: '12398982', got: null, want: false }],
    ['booleans', { expected: true, got: 'yes', want: true }],
    ['a string id is not read as a number', { expected: '0042', got: '42', want: false }],
  ];
  it.each(cases)('%s', (_name, { expected, got, schema, want }) => {
    expect(leafMatches(expected, got, schema)).toBe(want);
  });

  it('normalizeString keeps letters, digits and symbols only', () => {
    expect(normalizeString(' Pvt.  Ltd — “A/B” $5 ')).toBe('pvtltdab$5');
  });
});

describe('alignByBestMatch', () => {
  it('pairs the most similar items first and reports the rest', () => {
    const expected = ['a', 'b', 'c'];
    const got = ['c', 'x', 'a', 'y'];
    const alignment = alignByBestMatch(3, 4, (e, g) => (expected[e] === got[g] ? 1 : 0));
    expect(alignment.pairs).toEqual([
      { expected: 0, got: 2 },
      { expected: 1, got: 1 },
      { expected: 2, got: 0 },
    ]);
    expect(alignment.missing).toEqual([]);
    expect(alignment.extra).toEqual([3]);
  });
});

describe('compareExtraction', () => {
  const schema = {
    type: 'object',
    properties: {
      invoice_id: { type: 'string' },
      total: { type: 'number' },
      issued: { type: 'string', format: 'date' },
      line_items: { type: 'array', items: { $ref: '#/$defs/Item' } },
    },
    $defs: { Item: { type: 'object', properties: { description: { type: 'string' }, amount: { type: 'number' } } } },
  };

  it('scores each labelled leaf, aligning array items by best match', () => {
    const expected = {
      invoice_id: 'INV-1',
      total: 30,
      issued: '2024-03-15',
      line_items: [
        { description: 'Widget', amount: 10 },
        { description: 'Gadget', amount: 20 },
      ],
    };
    const got = {
      invoice_id: 'inv 1',
      total: 31,
      issued: '15 March 2024',
      line_items: [
        { description: 'Gadget', amount: '20.00' },
        { description: 'Widget', amount: 10 },
      ],
    };
    const score = compareExtraction(expected, got, { schema });
    const comparison = toExtractionComparison(score);
    expect(comparison.fields).toEqual({
      invoice_id: { expected: 'INV-1', got: 'inv 1', match: true },
      total: { expected: 30, got: 31, match: false },
      issued: { expected: '2024-03-15', got: '15 March 2024', match: true },
      'line_items.0.description': { expected: 'Widget', got: 'Widget', match: true },
      'line_items.0.amount': { expected: 10, got: 10, match: true },
      'line_items.1.description': { expected: 'Gadget', got: 'Gadget', match: true },
      'line_items.1.amount': { expected: 20, got: '20.00', match: true },
    });
    expect(comparison.accuracy).toBeCloseTo(6 / 7);
    expect(score.leaves.filter((leaf) => leaf.field === 'line_items.*.amount')).toHaveLength(2);
  });

  it('counts missing items as wrong and extra items as false positives', () => {
    const expected = {
      line_items: [
        { description: 'Widget', amount: 10 },
        { description: 'Gadget', amount: 20 },
      ],
    };
    const fewer = compareExtraction(expected, { line_items: [{ description: 'Gadget', amount: 20 }] }, { schema });
    expect(fewer.leaves.map((leaf) => [leaf.path, leaf.match])).toEqual([
      ['line_items.0.description', false],
      ['line_items.0.amount', false],
      ['line_items.1.description', true],
      ['line_items.1.amount', true],
    ]);
    const more = compareExtraction(
      { line_items: [{ description: 'Widget', amount: 10 }] },
      {
        line_items: [
          { description: 'Widget', amount: 10 },
          { description: 'Freebie', amount: null },
        ],
      },
      { schema },
    );
    expect(more.leaves.map((leaf) => [leaf.path, leaf.expected, leaf.got, leaf.match])).toEqual([
      ['line_items.0.description', 'Widget', 'Widget', true],
      ['line_items.0.amount', 10, 10, true],
      ['line_items.1.description', null, 'Freebie', false],
    ]);
  });

  it('scores only labelled fields; a null label is scored', () => {
    const score = compareExtraction({ invoice_id: 'INV-1', total: null }, { invoice_id: 'INV-1', total: 12, issued: '2024-01-01' }, { schema });
    expect(score.leaves.map((leaf) => [leaf.path, leaf.match])).toEqual([
      ['invoice_id', true],
      ['total', false],
    ]);
    expect(score.accuracy).toBe(0.5);
  });

  it('treats a missing answer as null everywhere and an empty array label as one leaf', () => {
    const score = compareExtraction({ invoice_id: 'INV-1', line_items: [] }, null, { schema });
    expect(score.leaves).toEqual([
      { path: 'invoice_id', field: 'invoice_id', expected: 'INV-1', got: null, match: false },
      { path: 'line_items', field: 'line_items', expected: [], got: null, match: true },
    ]);
  });

  it('keeps "__proto__" as an ordinary field name', () => {
    const expected = JSON.parse('{"__proto__": "x", "a": 1}') as Record<string, unknown>;
    const comparison = toExtractionComparison(compareExtraction(expected, JSON.parse('{"__proto__": "x", "a": 2}') as Record<string, unknown>));
    expect(Object.keys(comparison.fields)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(comparison.fields)).toBe(Object.prototype);
  });
});

describe('metrics', () => {
  it('summarizeExtraction pools leaves over documents and fields over array items; failed documents are left out', () => {
    const first = compareExtraction({ id: 'a', items: [{ amount: 1 }, { amount: 2 }] }, { id: 'a', items: [{ amount: 1 }, { amount: 3 }] });
    const second = compareExtraction({ id: 'b' }, { id: 'c' });
    expect(summarizeExtraction([first, undefined, second])).toEqual({
      accuracy: 2 / 4,
      per_field: { id: 0.5, 'items.*.amount': 0.5 },
      document_count: 3,
      failed_count: 1,
    });
  });

  const splitCases: Array<
    [string, { expected: Array<{ name: string; pages: number[] }>; predicted: Array<{ name: string; pages: number[] }>; accuracy: number; exact: boolean }]
  > = [
    [
      'identical, parts in another order',
      {
        expected: [
          { name: 'b', pages: [3] },
          { name: 'a', pages: [1, 2] },
        ],
        predicted: [
          { name: 'a', pages: [1, 2] },
          { name: 'b', pages: [3] },
        ],
        accuracy: 1,
        exact: true,
      },
    ],
    [
      'one page in the wrong part',
      {
        expected: [
          { name: 'a', pages: [1, 2] },
          { name: 'b', pages: [3, 4] },
        ],
        predicted: [
          { name: 'a', pages: [1, 2, 3] },
          { name: 'b', pages: [4] },
        ],
        accuracy: 0.75,
        exact: false,
      },
    ],
    [
      'right pages, parts merged differently',
      {
        expected: [
          { name: 'a', pages: [1] },
          { name: 'a', pages: [2] },
        ],
        predicted: [{ name: 'a', pages: [1, 2] }],
        accuracy: 1,
        exact: false,
      },
    ],
  ];
  it.each(splitCases)('scoreSplit: %s', (_name, { expected, predicted, accuracy, exact }) => {
    const score = scoreSplit(expected, predicted);
    expect(score.page_accuracy).toBe(accuracy);
    expect(score.exact_match).toBe(exact);
  });

  it('summarizeSplit pools pages and counts exact documents', () => {
    const right = scoreSplit([{ name: 'a', pages: [1, 2] }], [{ name: 'a', pages: [1, 2] }]);
    const half = scoreSplit(
      [
        { name: 'a', pages: [1] },
        { name: 'b', pages: [2] },
      ],
      [{ name: 'a', pages: [1, 2] }],
    );
    expect(summarizeSplit([right, half, undefined])).toEqual({ page_accuracy: 3 / 4, exact_match_rate: 0.5, document_count: 3, failed_count: 1 });
  });

  it('summarizeClassification: accuracy and confusion[expected][predicted]', () => {
    const metrics = summarizeClassification([
      { expected: 'invoice', predicted: 'invoice' },
      { expected: 'payslip', predicted: 'invoice' },
      { expected: 'payslip', predicted: 'payslip' },
      { expected: 'invoice', predicted: null },
    ]);
    expect(metrics).toEqual({
      accuracy: 2 / 3,
      confusion: { invoice: { invoice: 1 }, payslip: { invoice: 1, payslip: 1 } },
      document_count: 4,
      failed_count: 1,
    });
  });

  it('an eval with nothing evaluated answers zero rates, not NaN', () => {
    expect(summarizeExtraction([undefined]).accuracy).toBe(0);
    expect(summarizeSplit([]).page_accuracy).toBe(0);
    expect(summarizeClassification([]).accuracy).toBe(0);
  });
});
