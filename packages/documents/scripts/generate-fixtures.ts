/**
 * Writes the small synthetic fixtures under fixtures/ (committed; rerun only to change them):
 * one file per text format, a DOCX, image crops of the real invoice sample in JPEG/WEBP/TIFF, a
 * scanned (image-only) PDF, a text PDF with a table, and a bundle PDF assembled from several
 * real documents for classify/split. Run: `npx tsx scripts/generate-fixtures.ts`.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import JSZip from 'jszip';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openPdf, pageTextWords } from '../src/parse/pdf.js';
import { realFixture, realFixturesDir } from '../test/helpers/fixtures.js';
import type * as Utif from 'utif2';

const UTIF = createRequire(import.meta.url)('utif2') as typeof Utif;
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
const real = realFixturesDir();
fs.mkdirSync(out, { recursive: true });
const write = (name: string, data: string | Uint8Array): void => fs.writeFileSync(path.join(out, name), data);

const LINE_ITEMS = [
  ['Widget A', '2', '10.00', '20.00'],
  ['Gadget B', '1', '1,200.00', '1,200.00'],
  ['Service C', '3', '4.50', '13.50'],
];

// Text formats: the same small purchase order in each, so every parser test reads one fact set.
write('order.txt', 'PURCHASE ORDER\nOrder Number: PO-7731\nOrder Date: 2024-03-15\nCustomer Name: Alice Martin\nTotal Amount: 1,233.50 EUR\n');
write(
  'order.md',
  '# Purchase order\n\nOrder Number: PO-7731\n\nCustomer Name: **Alice Martin**\n\n| Description | Quantity | Unit Price | Amount |\n| --- | --- | --- | --- |\n' +
    LINE_ITEMS.map((row) => `| ${row.join(' | ')} |`).join('\n') +
    '\n\nTotal Amount: 1,233.50\n',
);
write(
  'order.csv',
  'Description,Quantity,Unit Price,Amount\n' +
    LINE_ITEMS.map((row) => row.map((cell) => (cell.includes(',') ? `"${cell}"` : cell)).join(',')).join('\n') +
    '\n',
);
write(
  'order.json',
  JSON.stringify(
    {
      order_number: 'PO-7731',
      order_date: '2024-03-15',
      customer: { name: 'Alice Martin' },
      line_items: LINE_ITEMS.map(([description, quantity, unit_price, amount]) => ({ description, quantity: Number(quantity), unit_price, amount })),
      total_amount: 1233.5,
    },
    null,
    2,
  ) + '\n',
);
write(
  'order.xml',
  '<?xml version="1.0" encoding="UTF-8"?>\n<order>\n  <order_number>PO-7731</order_number>\n  <customer_name>Alice Martin</customer_name>\n  <total_amount currency="EUR">1233.50</total_amount>\n  <note><![CDATA[Deliver <before> noon & call]]></note>\n</order>\n',
);
const htmlTable =
  '<table><thead><tr><th>Description</th><th>Quantity</th><th>Unit Price</th><th>Amount</th></tr></thead><tbody>' +
  LINE_ITEMS.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('') +
  '</tbody></table>';
write(
  'order.html',
  `<!doctype html><html><head><title>Order</title><style>td{color:red}</style><script>var x = 1;</script></head><body><h1>Purchase order</h1><p>Order Number: PO-7731</p><p>Customer Name: Alice Martin</p>${htmlTable}<p>Total Amount: 1,233.50</p></body></html>\n`,
);

// DOCX: a minimal WordprocessingML package (content types, relationships, document).
async function writeDocx(): Promise<void> {
  const paragraph = (text: string, style?: string): string =>
    `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
  const cell = (text: string): string => `<w:tc><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:tc>`;
  const rows = [['Description', 'Quantity', 'Unit Price', 'Amount'], ...LINE_ITEMS].map((row) => `<w:tr>${row.map(cell).join('')}</w:tr>`).join('');
  const body =
    paragraph('Purchase order', 'Heading1') +
    paragraph('Order Number: PO-7731') +
    paragraph('Customer Name: Alice Martin') +
    `<w:tbl>${rows}</w:tbl>` +
    paragraph('Total Amount: 1,233.50');
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  write('order.docx', await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
}

// Image crops of the real invoice sample, one per raster format the OCR path reads.
async function writeImageCrops(): Promise<void> {
  const invoice = await loadImage(fs.readFileSync(path.join(real, 'invoice_sample1.png')));
  const crop = (x: number, y: number, width: number, height: number) => {
    const canvas = createCanvas(width, height);
    canvas.getContext('2d').drawImage(invoice, x, y, width, height, 0, 0, width, height);
    return canvas;
  };
  write('invoice_number.jpg', await crop(0, 60, 330, 60).encode('jpeg', 95));
  write('invoice_totals.webp', await crop(320, 400, 330, 87).encode('webp', 100));
  const services = crop(0, 300, 650, 90);
  const rgba = services.getContext('2d').getImageData(0, 0, services.width, services.height).data;
  write('invoice_services.tiff', new Uint8Array(UTIF.encodeImage(new Uint8Array(rgba.buffer), services.width, services.height)));
}

// A scan: the invoice PNG as the only content of a PDF page (no text layer, so OCR runs).
async function writeScannedPdf(): Promise<void> {
  const pdf = await PDFDocument.create();
  const png = await pdf.embedPng(fs.readFileSync(path.join(real, 'invoice_sample1.png')));
  const page = pdf.addPage([png.width * 0.75, png.height * 0.75]);
  page.drawImage(png, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  write('scanned_invoice.pdf', await pdf.save());
}

// A born-digital invoice: labels with values, a line-item table, totals.
async function writeTablePdf(): Promise<void> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const page = pdf.addPage([612, 792]);
  const text = (value: string, x: number, y: number, size = 10, useBold = false): void => {
    page.drawText(value, { x, y, size, font: useBold ? bold : font });
  };
  text('INVOICE', 50, 740, 20, true);
  text('Northwind Traders Ltd', 50, 715);
  text('12 Harbour Road, Bristol BS1 4DJ', 50, 702);
  text('Invoice Number: INV-2024-0042', 350, 740);
  text('Invoice Date: 15/03/2024', 350, 726);
  text('Customer: Contoso Pharmacy', 350, 712);
  text('Phone: +44 117 496 0123', 350, 698);
  text('Email: billing@northwind.example', 350, 684);
  const columns = [50, 300, 380, 480];
  ['Description', 'Quantity', 'Unit Price', 'Amount'].forEach((header, i) => text(header, columns[i]!, 640, 10, true));
  LINE_ITEMS.forEach((row, r) => row.forEach((cell, i) => text(cell, columns[i]!, 622 - r * 18, 10)));
  text('Subtotal', 380, 550);
  text('1,233.50', 480, 550);
  text('VAT', 380, 536);
  text('246.70', 480, 536);
  text('Total Due', 380, 522, 10, true);
  text('1,480.20', 480, 522, 10, true);
  text('Currency: GBP', 50, 500);
  text('Payment is due within 30 days of the invoice date.', 50, 470);
  write('table_invoice.pdf', await pdf.save());
}

// Several documents in one PDF for classify and split: payslip, medical bill, invoice, manual.
async function writeBundle(): Promise<void> {
  const bundle = await PDFDocument.create();
  const append = async (bytes: Uint8Array, pages?: number[]): Promise<void> => {
    const source = await PDFDocument.load(bytes);
    const indices = pages ?? source.getPageIndices();
    for (const page of await bundle.copyPages(source, indices)) bundle.addPage(page);
  };
  await append(fs.readFileSync(path.join(real, 'payslip.pdf')));
  await append(fs.readFileSync(path.join(real, 'medical_bill_sample4.pdf')));
  await append(fs.readFileSync(path.join(out, 'table_invoice.pdf')));
  // The manual is encrypted, which pdf-lib cannot copy from: its first pages' text runs are
  // re-set at their original positions instead (pdfjs reads them; Helvetica writes them).
  const manual = await openPdf(realFixture('om_manual_31_pages.pdf'));
  const font = await bundle.embedFont(StandardFonts.Helvetica);
  for (let number = 1; number <= 3; number += 1) {
    const source = await manual.getPage(number);
    const viewport = source.getViewport({ scale: 1 });
    const page = bundle.addPage([viewport.width, viewport.height]);
    for (const word of await pageTextWords(source)) {
      const text = word.text.normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
      if (text.trim()) page.drawText(text, { x: word.x0, y: viewport.height - word.y1, size: Math.max(4, word.y1 - word.y0), font });
    }
  }
  await manual.loadingTask.destroy();
  write('bundle.pdf', await bundle.save());
}

await writeDocx();
await writeImageCrops();
await writeScannedPdf();
await writeTablePdf();
await writeBundle();
console.log(`fixtures written to ${out}`);
