/**
 * Small real documents for valid requests: text `data:` URLs for the document endpoints, and a
 * one-page PDF form made here with pdf-lib for the edit endpoints (a text layer, two text fields and
 * a checkbox; a few KB, so it stays inline and under the offload threshold).
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';

export const INVOICE_TEXT = ['INVOICE', 'Invoice number: 12398982', 'Billed to: Margarita Morris', 'Sub total: 595', 'Total: 561'].join('\n');

export function textDataUrl(text: string, mimeType = 'text/plain'): string {
  return `data:${mimeType};base64,${Buffer.from(text).toString('base64')}`;
}

export const textDocument = (filename = 'invoice.txt', text = INVOICE_TEXT) => ({ filename, url: textDataUrl(text) });

let formPdf: Promise<string> | undefined;

/** A one-page PDF form as a `data:` URL (built once per test file). */
export function formPdfDataUrl(): Promise<string> {
  formPdf ??= (async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage([612, 792]);
    page.drawText('Wire transfer request', { x: 72, y: 720, size: 18, font });
    page.drawText('Full name', { x: 72, y: 660, size: 11, font });
    page.drawText('Amount', { x: 72, y: 620, size: 11, font });
    page.drawText('Urgent', { x: 72, y: 580, size: 11, font });
    const form = pdf.getForm();
    form.createTextField('full_name').addToPage(page, { x: 160, y: 652, width: 240, height: 20, font });
    form.createTextField('amount').addToPage(page, { x: 160, y: 612, width: 120, height: 20, font });
    form.createCheckBox('urgent').addToPage(page, { x: 160, y: 576, width: 14, height: 14 });
    form.updateFieldAppearances(font);
    const bytes = await pdf.save();
    return `data:application/pdf;base64,${Buffer.from(bytes).toString('base64')}`;
  })();
  return formPdf;
}

export const pdfDocument = async (filename = 'wire_form.pdf') => ({ filename, url: await formPdfDataUrl() });
