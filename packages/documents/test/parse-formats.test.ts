import { describe, expect, it } from 'vitest';
import type { TableParsingFormat } from '../src/index.js';
import { call, useEngine } from './helpers/engine.js';
import { documentRef, localFixture, realFixture } from './helpers/fixtures.js';

const engine = useEngine();

describe('parse: text-based formats', () => {
  it.each([
    ['order.txt', 'text/plain', ['PO-7731', 'Total Amount: 1,233.50 EUR']],
    ['order.md', 'text/markdown', ['PO-7731', '<td>Gadget B</td>']],
    ['order.csv', 'text/csv', ['<th>Unit Price</th>', '<td>1,200.00</td>']],
    ['order.json', 'application/json', ['order number: PO-7731', 'customer name: Alice Martin', '<td>Service C</td>']],
    ['order.xml', 'application/xml', ['order number: PO-7731', 'total amount: 1233.50', 'Deliver <before> noon & call']],
    ['order.html', 'text/html', ['# Purchase order', 'Order Number: PO-7731', '<td>Widget A</td>']],
    [
      'order.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ['# Purchase order', 'Customer Name: Alice Martin', '<th>Quantity</th>'],
    ],
  ])('parses %s', async (filename, mimeType, expected) => {
    const result = await engine.parse({ document: documentRef(filename, mimeType, localFixture(filename)) }, call());
    expect(result.document).toEqual({ filename, mime_type: mimeType });
    expect(result.usage).toEqual({ page_count: 1, credits: 1 });
    expect(result.pages).toHaveLength(1);
    for (const text of expected) expect(result.text).toContain(text);
  });

  it('drops scripts and styles from HTML', async () => {
    const result = await engine.parse({ document: documentRef('order.html', 'text/html', localFixture('order.html')) }, call());
    expect(result.text).not.toContain('var x');
    expect(result.text).not.toContain('color:red');
  });

  it('rejects malformed JSON as a corrupt document', async () => {
    const bytes = new TextEncoder().encode('{"a": ');
    await expect(engine.parse({ document: documentRef('bad.json', 'application/json', bytes) }, call())).rejects.toMatchObject({
      code: 'corrupt_document',
      status: 422,
    });
  });
});

describe('parse: PDFs with a text layer', () => {
  it('reads the payslip in reading order', async () => {
    const result = await engine.parse({ document: documentRef('payslip.pdf', 'application/pdf', realFixture('payslip.pdf')) }, call());
    expect(result.usage.page_count).toBe(1);
    expect(result.text).toContain('BULLETIN');
    expect(result.text).toContain('AOUT 2023');
    // Reading order: the header comes before the pay lines, which come before the totals.
    expect(result.text.indexOf('MOIS DE AOUT 2023')).toBeLessThan(result.text.indexOf('REMBT DOMICILE-TRAVAIL'));
    expect(result.text.indexOf('REMBT DOMICILE-TRAVAIL')).toBeLessThan(result.text.indexOf('NET À PAYER'));
  });

  it('gives one entry per page for the 31-page manual', async () => {
    const bytes = realFixture('om_manual_31_pages.pdf');
    const result = await engine.parse({ document: documentRef('om_manual_31_pages.pdf', 'application/pdf', bytes) }, call());
    expect(result.pages).toHaveLength(31);
    expect(result.usage).toEqual({ page_count: 31, credits: 31 });
    expect(result.pages[1]).toContain('O&M');
    expect(result.text).toBe(result.pages.join('\n\n'));
  });

  const tableInvoice = documentRef('table_invoice.pdf', 'application/pdf', localFixture('table_invoice.pdf'));
  it.each<[TableParsingFormat, string]>([
    [
      'html',
      '<tr><th>Description</th><th>Quantity</th><th>Unit Price</th><th>Amount</th></tr>\n<tr><td>Widget A</td><td>2</td><td>10.00</td><td>20.00</td></tr>',
    ],
    ['markdown', '| Description | Quantity | Unit Price | Amount |\n| --- | --- | --- | --- |\n| Widget A | 2 | 10.00 | 20.00 |'],
    ['json', '[{"Description":"Widget A","Quantity":"2","Unit Price":"10.00","Amount":"20.00"},'],
    ['yaml', '- "Description": "Widget A"\n  "Quantity": "2"\n  "Unit Price": "10.00"\n  "Amount": "20.00"'],
  ])('renders the detected line-item table as %s', async (format, expected) => {
    const result = await engine.parse({ document: tableInvoice, table_parsing_format: format }, call());
    expect(result.text).toContain(expected);
    expect(result.text).toContain('Invoice Number: INV-2024-0042');
  });
});

describe('parse: OCR', () => {
  it.each([
    ['invoice_number.jpg', 'image/jpeg', ['INVOICE NUMBER', '12398982']],
    ['invoice_totals.webp', 'image/webp', ['Total Invoice', '561']],
    ['invoice_services.tiff', 'image/tiff', ['Labour 2', '225']],
  ])('reads %s', async (filename, mimeType, expected) => {
    const result = await engine.parse({ document: documentRef(filename, mimeType, localFixture(filename)) }, call());
    expect(result.document.mime_type).toBe(mimeType);
    for (const text of expected) expect(result.text).toContain(text);
  });

  it('finds the invoice number and the total in invoice_sample1.png', async () => {
    const result = await engine.parse({ document: documentRef('invoice_sample1.png', 'image/png', realFixture('invoice_sample1.png')) }, call());
    expect(result.text).toContain('12398982');
    expect(result.text).toMatch(/Total Invoice\D+561/);
  });

  it('rejects with an AbortError when the job is cancelled during OCR, and keeps working after', async () => {
    const controller = new AbortController();
    const document = documentRef('invoice_sample1.png', 'image/png', realFixture('invoice_sample1.png'));
    const pending = engine.parse({ document }, { signal: controller.signal });
    setImmediate(() => controller.abort());
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    const again = await engine.parse({ document }, call());
    expect(again.text).toContain('12398982');
  });

  it('renders and OCRs a PDF page that has no text layer', async () => {
    const result = await engine.parse(
      { document: documentRef('scanned_invoice.pdf', 'application/pdf', localFixture('scanned_invoice.pdf')), image_resolution_dpi: 200 },
      call(),
    );
    expect(result.pages).toHaveLength(1);
    expect(result.text).toContain('12398982');
    expect(result.text).toContain('561');
  });
});
