import { describe, expect, it } from 'vitest';
import { roleAcceptsLabel } from '../src/local/document-roles.js';
import { centsColumnAmount } from '../src/local/role-amounts.js';
import { compactDatesAfterLabel } from '../src/local/role-dates.js';
import { extractLocally, taxFromSummary } from '../src/local/extract.js';
import { findAmounts, findDates, hasOwnNameWord, identifierIn, inferDayFirst } from '../src/local/typed-values.js';
import type { LineBlock } from '../src/parse/layout.js';
import type { ParsedDocument } from '../src/parse/parsed-document.js';
import { documentLines } from '../src/local/document-lines.js';

/** A one-page OCR-like document: each line's parts separated by two spaces, with an OCR confidence. */
function ocrDocument(lines: string[], confidence = 0.95): ParsedDocument {
  const blocks: LineBlock[] = lines.map((line, index) => ({
    kind: 'line',
    segments: line.split(/ {2,}/).map((text) => ({ text, confidence })),
    y0: index * 30,
    y1: index * 30 + 24,
  }));
  return { filename: 'receipt.jpg', mimeType: 'image/jpeg', pages: [{ source: 'ocr', blocks }] };
}

const invoiceSchema = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string' },
    date: { type: 'string', format: 'date', description: 'Date the document was issued' },
    seller: { type: 'string' },
    buyer: { type: 'string' },
    subtotal: { type: 'number' },
    tax: { type: 'number' },
    total: { type: 'number' },
    address: { type: 'string', description: 'Address of the company that issued the receipt' },
  },
};

const receipt = [
  'annotator name',
  'KEDAI EXAMPLE HARDWARE SDN BHD',
  '(123456-X)',
  'NO. 12, JALAN CONTOH 3,',
  '81100 JOHOR BAHRU, JOHOR.',
  'TEL: 07-1234567   GST ID: 001234567890',
  'TAX INVOICE',
  'Doc No : CS00012345   Date: 05/03/2018',
  'ITEM  QTY  AMOUNT',
  'WIDGET  2  20.00',
  'Total Sales (Excluding GST) :  40.00',
  'Total GST :  2.40',
  'TOTAL  42.40',
  'Rounding Adjustment  -0.05',
  'Rounded Total (RM):  42.35',
  'CASH  50.00',
  'CHANGE  7.65',
];

describe('typed recognisers', () => {
  it.each([
    ['RM 1,234.50', [1234.5]],
    ['Total: 9.00  Cash 10.00', [9, 10]],
    ['GST @6%: $0.46', [0.46]],
    ['Rounding  -0.02', [-0.02]],
    ['Tax @ 3.8%  22', [22]],
    ['SR100 A10', []],
  ])('amounts in %j', (text, want) => {
    expect(findAmounts(text).map((amount) => amount.value)).toEqual(want);
  });

  it.each([
    ['19/10/2018 20:49', true, ['2018-10-19']],
    ['12-01-19 21:13', true, ['2019-01-12']],
    ['12-01-19 21:13', false, ['2019-12-01']],
    ['05 Mar 2018 18:24', false, ['2018-03-05']],
    ['Date issued November 18, 2022', false, ['2022-11-18']],
    ['Invoice 2024-03-15', false, ['2024-03-15']],
    ['Bill Dt./Time : 13-Jan-2013 10:06 AM', false, ['2013-01-13']],
    ['Ref 13-Jan-13', false, ['2013-01-13']],
    ['05 MAR 18 10:30', false, ['2018-03-05']],
    ['Time 05 MAR 18:30', false, []],
  ])('dates in %j (day first: %s)', (text, dayFirst, want) => {
    expect(findDates(text, dayFirst).map((date) => date.iso)).toEqual(want);
  });

  it('infers the day/month order from the document itself, then from currency and place', () => {
    expect(inferDayFirst('Date 11/24/2021 and 03/04/2021', true)).toBe(false);
    expect(inferDayFirst('Date 25/12/2018 and 03/04/2021', false)).toBe(true);
    expect(inferDayFirst('12-01-19 TOTAL RM 33.90 JOHOR', false)).toBe(true);
    expect(inferDayFirst('03/04/2021 Springfield, IL 62701', true)).toBe(false);
  });

  it.each([
    ['CS No: CS00012345', 'CS00012345'],
    ['Cash Sales No. 778812', '778812'],
    ['Resit No: R-1029', 'R-1029'],
    ['Order No: 4521', null],
  ])('takes the document number from %j', (line, want) => {
    const schema = { type: 'object', properties: { invoice_number: { type: 'string' } } };
    expect(extractLocally(ocrDocument(['ACME TRADING LTD', line]), schema).parsed.invoice_number).toBe(want);
  });

  it('reads identifiers and refuses words', () => {
    expect(identifierIn(': OR18031202170432')).toBe('OR18031202170432');
    expect(identifierIn('INV-00060 due')).toBe('INV-00060');
    expect(identifierIn('USER')).toBeUndefined();
  });
});

describe('field roles on a receipt', () => {
  it('finds seller, address, number, date and the amounts from the layout', () => {
    const { parsed, likelihoods } = extractLocally(ocrDocument(receipt), invoiceSchema);
    expect(parsed).toEqual({
      invoice_number: 'CS00012345',
      date: '2018-03-05',
      seller: 'KEDAI EXAMPLE HARDWARE SDN BHD',
      buyer: null,
      subtotal: 40,
      tax: 2.4,
      total: 42.35,
      address: 'NO. 12, JALAN CONTOH 3, 81100 JOHOR BAHRU, JOHOR.',
    });
    for (const [field, value] of Object.entries(parsed)) {
      const likelihood = likelihoods[field] as number;
      if (value === null) expect(likelihood, field).toBe(0);
      else expect(likelihood, field).toBeGreaterThan(0.4);
    }
  });

  it('answers null, not a guess, when the OCR is unsure of a name', () => {
    const { parsed } = extractLocally(ocrDocument(receipt, 0.6), invoiceSchema);
    expect(parsed.seller).toBeNull();
    expect(parsed.address).toBeNull();
    expect(parsed.invoice_number).toBeNull();
  });

  it('drops the tax and total when subtotal + tax does not give the total (a misread amount)', () => {
    const misread = receipt.map((line) => (line.startsWith('Total GST') ? 'Total GST :  8.40' : line));
    const { parsed } = extractLocally(ocrDocument(misread), invoiceSchema);
    expect(parsed.subtotal).toBe(40);
    expect(parsed.tax).toBeNull();
    expect(parsed.total).toBeNull();
  });

  it('does not take a registration number for a tax nor a column header for the buyer', () => {
    const invoice = ['ACME TRADING LTD', 'GST No: 000800589624', 'Bill To  Ship To', 'Jane Smith  John Smith', 'Total  $1,155.00'];
    const { parsed } = extractLocally(ocrDocument(invoice), invoiceSchema);
    expect(parsed.tax).toBeNull();
    expect(parsed.buyer).toBe('Jane Smith');
    expect(parsed.total).toBe(1155);
  });

  it('gives no date when the document lists several unlabelled dates', () => {
    const statement = ['Patient: John Doe', 'Service Date  Description  Amount', '03/24/2022  X-RAY  793.00', '03/30/2022  PAYMENT  -60.00'];
    expect(extractLocally(ocrDocument(statement), invoiceSchema).parsed.date).toBeNull();
    expect(extractLocally(ocrDocument(statement), invoiceSchema).parsed.buyer).toBe('John Doe');
  });

  it('takes a bare integer for a total only beside a label that starts its line', () => {
    const invoice = ['Special cleaning (25 ha total)  6000  60000', 'Repairs  92.00  92.00'];
    expect(extractLocally(ocrDocument(invoice), invoiceSchema).parsed.total).toBeNull();
  });

  it('does not take a balance due after payments for the total', () => {
    const invoice = ['Payments / Credits  -$12,045.66', 'Balance Due  $68.01'];
    expect(extractLocally(ocrDocument(invoice), invoiceSchema).parsed.total).toBeNull();
  });

  it('gives the rounded total when a rounding adjustment follows the total, confirmed by cash less change', () => {
    const receiptLines = ['TOTAL AMT RM  60.31', 'ROUNDING ADJ  -0.01', 'CASH  70.30', 'CHANGE  10.00'];
    const { parsed } = extractLocally(ocrDocument(receiptLines, 0.8), invoiceSchema);
    expect(parsed.total).toBe(60.3);
  });

  it('answers null for an unsure total that nothing else on the document confirms', () => {
    expect(extractLocally(ocrDocument(['TOTAL  60.31'], 0.8), invoiceSchema).parsed.total).toBeNull();
    expect(extractLocally(ocrDocument(['TOTAL  60.31', 'CASH  70.31', 'CHANGE  10.00'], 0.8), invoiceSchema).parsed.total).toBe(60.31);
    expect(extractLocally(ocrDocument(['TOTAL  60.31'], 0.95), invoiceSchema).parsed.total).toBe(60.31);
  });

  it('keeps an unsure tax the printed rate confirms, drops one nothing confirms', () => {
    const lines = ['Total Amount:  $8.20', 'GST @6%:  $0.46', 'Nett Total:  $8.20'];
    expect(extractLocally(ocrDocument(lines, 0.8), invoiceSchema).parsed.tax).toBe(0.46);
    const misread = lines.map((line) => line.replace('0.46', '0.66'));
    expect(extractLocally(ocrDocument(misread, 0.8), invoiceSchema).parsed.tax).toBeNull();
  });

  it("does not take another field's label for the buyer", () => {
    const invoice = ['ACME TRADING LTD', 'Bill To:  Salesperson', 'Total  $1,155.00'];
    expect(extractLocally(ocrDocument(invoice), invoiceSchema).parsed.buyer).toBeNull();
  });

  it("does not take a registration number's label for the seller", () => {
    expect(roleAcceptsLabel('seller', 'Company No', [])).toBe(false);
    expect(roleAcceptsLabel('seller', 'Company', [])).toBe(true);
  });

  it('reads the rounded total from the arithmetic around its rounding line when the total label is misread', () => {
    const lines = ['0pTE  RY  60.31', 'ROUNDING ADJ  -0.01', 'RH  60.30'];
    expect(extractLocally(ocrDocument(lines, 0.8), invoiceSchema).parsed.total).toBe(60.3);
    // The three readings must add up: one misread digit and there is no answer.
    const misread = lines.map((line) => line.replace('60.30', '60.38'));
    expect(extractLocally(ocrDocument(misread, 0.8), invoiceSchema).parsed.total).toBeNull();
    // A zero adjustment proves nothing.
    const zero = ['SOMETHING  20.00', 'ROUNDING ADJ  0.00', 'CASH  20.00'];
    expect(extractLocally(ocrDocument(zero, 0.8), invoiceSchema).parsed.total).toBeNull();
  });
});

describe('amounts with their cents in a column of their own', () => {
  it.each([
    ['  300 00', 300],
    [' :  2169 50  000', 2169.5],
    ['; $8 20', 8.2],
    ['  1,234 56', 1234.56],
    ['  300.00', undefined],
    ['  3 items', undefined],
    ['  12 345', undefined],
    ['  300 00 12', undefined],
  ])('reads %j as %s', (text, want) => {
    expect(centsColumnAmount(text)).toBe(want);
  });

  it("reads a claim form's TOTALS line written in cents columns", () => {
    const form = ['PAGE 1  OF 1  CREATION DATE  110406  TOTALS  2169 50  000'];
    expect(extractLocally(ocrDocument(form), invoiceSchema).parsed.total).toBe(2169.5);
  });
});

describe('names on forms', () => {
  const sellerSchema = { type: 'object', properties: { seller: { type: 'string' } } };

  it('takes a name the form prints twice and OCR reads the same from both prints, at a lower confidence than one reading needs', () => {
    const form = (text: string, confidence: number, minConfidence: number): ParsedDocument => ({
      filename: 'form.jpg',
      mimeType: 'image/jpeg',
      pages: [{ source: 'ocr', blocks: [{ kind: 'line', segments: [{ text, confidence, minConfidence }], y0: 0, y1: 20 }] }],
    });
    expect(extractLocally(form('Any Clinic Any Clinic', 0.83, 0.69), sellerSchema).parsed.seller).toBe('Any Clinic');
    // One reading at that confidence is where misread names sat: no answer.
    expect(extractLocally(form('Any Clinic', 0.83, 0.69), sellerSchema).parsed.seller).toBeNull();
    // Two readings that disagree are not a witness.
    expect(extractLocally(form('Any Clinic Anv Clinic', 0.83, 0.69), sellerSchema).parsed.seller).toBeNull();
    // Nor two readings with a word read worse than single misread words.
    expect(extractLocally(form('Any Clinic Any Clinic', 0.83, 0.5), sellerSchema).parsed.seller).toBeNull();
  });
});

describe('the tax of a tax summary', () => {
  const summary = ['GST SUMMARY', 'Tax Code  %  Amount  GST', 'SR  6  106.10  6.37', 'Total:  106.10  6.37'];

  it('reads the tax the summary prints twice beside the subtotal, at a whole-percent rate of it', () => {
    expect(taxFromSummary(documentLines(ocrDocument(summary)), 106.1)).toBe(6.37);
    // Printed once: no second reading.
    expect(taxFromSummary(documentLines(ocrDocument(summary.slice(0, 3))), 106.1)).toBeUndefined();
    // Not a whole-percent rate of the base: a misread.
    expect(taxFromSummary(documentLines(ocrDocument(summary.map((line) => line.replace('6.37', '6.87')))), 106.1)).toBeUndefined();
  });

  it('replaces a misread tax line that fails the sum, and still drops the total it cannot confirm', () => {
    const receiptLines = ['Sub Total (RM):  106.10', 'Total GST (RM)  8.37', 'Rounding (RM):  -0.02', 'Total (RM):  112.46', ...summary];
    const { parsed } = extractLocally(ocrDocument(receiptLines, 0.8), invoiceSchema);
    expect(parsed.tax).toBe(6.37);
    expect(parsed.total).toBeNull();
  });
});

describe('a bill laid out in columns', () => {
  // A text-layer page (confidence 1): the letterhead shares its line with other columns, the
  // patient's name sits under a "PATIENT DETAILS" header whose neighbour is another field.
  const bill: ParsedDocument = {
    filename: 'bill.pdf',
    mimeType: 'application/pdf',
    pages: [
      {
        source: 'text-layer',
        blocks: [
          {
            kind: 'line',
            segments: [
              { text: 'NORTHWIND HOSPITALS', confidence: 1 },
              { text: 'EMERGENCY', confidence: 1 },
              { text: '1066', confidence: 1 },
            ],
            y0: 0,
            y1: 24,
          },
          { kind: 'line', segments: [{ text: '12 Harbour Road, Springfield', confidence: 1 }], y0: 30, y1: 41 },
          { kind: 'line', segments: [{ text: 'Tel.: 555 0100', confidence: 1 }], y0: 45, y1: 56 },
          {
            kind: 'table',
            hasHeader: false,
            rows: [
              ['PATIENT DETAILS', 'IP No. : 97101'],
              ['Jane Q Public', 'Bill No. : BN-3350'],
              ['4 Elm Street', 'Bill Dt./Time : 13-Jan-2013 10:06 AM'],
            ],
          },
          {
            kind: 'line',
            segments: [
              { text: 'Bill Amount', confidence: 1 },
              { text: '15,143.54', confidence: 1 },
            ],
            y0: 200,
            y1: 211,
          },
        ],
      },
    ],
  };

  it('reads the letterhead, the patient under its header, the bill date and the bill amount', () => {
    const { parsed } = extractLocally(bill, { ...invoiceSchema, properties: { ...invoiceSchema.properties, company: { type: 'string' } } });
    expect(parsed).toMatchObject({
      seller: 'NORTHWIND HOSPITALS',
      company: 'NORTHWIND HOSPITALS',
      buyer: 'Jane Q Public',
      date: '2013-01-13',
      total: 15143.54,
      invoice_number: 'BN-3350',
      address: '12 Harbour Road, Springfield',
    });
  });

  it('does not take a lone trade word for a business name', () => {
    expect(hasOwnNameWord('SUPPLIERS')).toBe(false);
    expect(hasOwnNameWord('Sdn Bhd')).toBe(false);
    expect(hasOwnNameWord('Any Hospital')).toBe(true);
    const logoLost = ocrDocument(['SUPPLIERS  Lake Charles  Date', 'Total  $12.00']);
    expect(extractLocally(logoLost, invoiceSchema).parsed.seller).toBeNull();
  });
});

describe('the seller block under its label', () => {
  it('answers the name and address under a "From:" label when the letterhead gives no name', () => {
    const invoice = ocrDocument(['From:', 'Acme Design Studio', '77 King Road, Leeds LS1 4AB', 'To:', 'Beta Corp', 'Total due:  £1,200.00']);
    expect(extractLocally(invoice, invoiceSchema).parsed).toMatchObject({ seller: 'Acme Design Studio', address: '77 King Road, Leeds LS1 4AB' });
    // A phrase containing "from" is not the seller's label.
    const statement = ocrDocument(['Statement for the period from', 'Acme Design Studio', 'Total due:  £1,200.00']);
    expect(extractLocally(statement, invoiceSchema).parsed.seller).toBeNull();
  });

  it('answers the name and the address lines below "Billed From", for every field asking for the seller', () => {
    const rows = [
      ['BILLED TO', 'BILLED FROM'],
      ['Jane Smith', 'Acme Repair Ltd'],
      ['1 Oak Road, Springfield', '123 Main Street, NY City'],
      ['X489Y125', 'Q456 U657'],
    ];
    const invoice: ParsedDocument = {
      filename: 'invoice.png',
      mimeType: 'image/png',
      pages: [
        {
          source: 'ocr',
          blocks: [
            { kind: 'line', segments: [{ text: 'INVOICE', confidence: 0.95 }], y0: 0, y1: 20 },
            { kind: 'table', hasHeader: true, rows, cellConfidence: rows.map((row) => row.map(() => 0.95)) },
          ],
        },
      ],
    };
    const schema = { type: 'object', properties: { seller: { type: 'string' }, company: { type: 'string' }, address: invoiceSchema.properties.address } };
    expect(extractLocally(invoice, schema).parsed).toEqual({ seller: 'Acme Repair Ltd', company: 'Acme Repair Ltd', address: '123 Main Street, NY City' });
  });
});

describe('dates a form writes in boxes, without separators', () => {
  it.each([
    ['CREATION DATE  110406', false, ['2006-11-04']],
    ['CREATION DATE  11 04 06', false, ['2006-11-04']],
    ['Date: 041106', true, ['2006-11-04']],
    ['CREATION DATE  300 00', false, []],
    ['BIRTH DATE  03 20 1971', false, []],
    ['Account 110406', false, []],
    ['DATE  139906', false, []],
  ])('%j (day first: %s)', (text, dayFirst, want) => {
    expect(compactDatesAfterLabel(text, dayFirst).map((date) => date.iso)).toEqual(want);
  });

  it("answers a claim form's creation date, not its statement period", () => {
    const form = ['STATEMENT COVERS PERIOD FROM  THROUGH', '110306  110406', 'PAGE 1  OF 1  CREATION DATE  110706  TOTALS  300 00'];
    expect(extractLocally(ocrDocument(form), invoiceSchema).parsed.date).toBe('2006-11-07');
  });
});

describe('values that belong to other fields', () => {
  it.each([
    [
      'a "label: value" line under the letterhead is not its address',
      ['ACME TRADING LTD', 'Order No: 4521', 'Total  5.00'],
      { address: null, invoice_number: null },
    ],
    ['"Address:" names the address', ['ACME TRADING LTD', 'Address: 12 Main Street, Springfield', 'Tel: 555 1234'], { address: '12 Main Street, Springfield' }],
    ['"Invoice To" is the buyer\'s label, not the number\'s', ['ACME TRADING LTD', 'Invoice To: 12 Main Street'], { invoice_number: null, address: null }],
    ['"Cust:" labels the buyer', ['ACME TRADING LTD', 'Cust: ABC ENTERPRISE'], { buyer: 'ABC ENTERPRISE' }],
    ['a receipt sold to "CASH" has no buyer', ['ACME TRADING LTD', 'Customer: CASH', 'Total  5.00'], { buyer: null, total: 5 }],
    [
      'two subtotals (before and after a discount) leave the subtotal open, and the tax and total stand',
      ['ACME TRADING LTD', 'Subtotal  10.00', 'Discount  -2.00', 'Subtotal  8.00', 'Tax 6%  0.48', 'Total  8.48'],
      { subtotal: null, tax: 0.48, total: 8.48 },
    ],
    [
      '"Sub Total" and "Total Excl. GST" printing different amounts leave the subtotal open',
      ['ACME TRADING LTD', 'Total Excl. GST  20.00', 'GST 6%  1.20', 'Sub Total  21.20', 'Total  21.20'],
      { subtotal: null, total: 21.2 },
    ],
  ])('%s', (_, lines, want) => {
    expect(extractLocally(ocrDocument(lines), invoiceSchema).parsed).toMatchObject(want);
  });
});

describe('the sum that confirms the total', () => {
  it("counts a restaurant's service charge between subtotal and total", () => {
    const bill = ['ABC RESTAURANT', 'Bill No 88123', 'Nasi Lemak  2  15.00', 'Sub-Total  15.00', 'Service Charge 10%  1.50', 'GST 6%  0.99', 'Total  17.49'];
    expect(extractLocally(ocrDocument(bill, 0.8), invoiceSchema).parsed).toMatchObject({ subtotal: 15, tax: 0.99, total: 17.49 });
    // Without the service charge line the same amounts do not add up: tax and total are dropped.
    const withoutCharge = bill.filter((line) => !line.startsWith('Service'));
    expect(extractLocally(ocrDocument(withoutCharge, 0.8), invoiceSchema).parsed).toMatchObject({ subtotal: 15, tax: null, total: null });
  });

  it('takes "Sold By" for the seller\'s label', () => {
    expect(roleAcceptsLabel('seller', 'Sold By', [])).toBe(true);
  });
});
