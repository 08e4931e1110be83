/**
 * Cutting a part out of a bundled PDF as a PDF of its own pages, so the part is extracted with its
 * layout. It parses the whole PDF (pdf-lib), so it runs where documents are read: the server calls
 * it in an engine sandbox.
 */
import { PDFDocument } from 'pdf-lib';
import { DocumentError } from '../errors.js';

/**
 * A PDF holding only `pages` (1-based, in the order given) of `pdf`. Throws a 422
 * `document_encrypted` for an encrypted PDF (pdf-lib cannot copy its pages, though the engine
 * reads it: callers fall back to the pages' text), a 422 `corrupt_document` when the bytes are
 * not a readable PDF, and a 400 when a page is out of range.
 */
export async function selectPdfPages(pdf: Uint8Array, pages: readonly number[]): Promise<Uint8Array> {
  let source: PDFDocument;
  try {
    source = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // pdf-lib's EncryptedPDFError is compiled to ES5: neither instanceof nor its name identify it, its message does.
    if (/is encrypted/.test(message)) throw new DocumentError('document_encrypted', 'The PDF is encrypted: its pages cannot be copied.', 422);
    throw new DocumentError('corrupt_document', `The PDF cannot be read: ${message}`, 422);
  }
  const count = source.getPageCount();
  const outOfRange = pages.filter((page) => !Number.isInteger(page) || page < 1 || page > count);
  if (outOfRange.length > 0) {
    throw new DocumentError('invalid_request', `Pages ${outOfRange.join(', ')} are not in the ${count}-page PDF.`, 400, { pages: outOfRange });
  }
  const part = await PDFDocument.create();
  const copied = await part.copyPages(
    source,
    pages.map((page) => page - 1),
  );
  for (const page of copied) part.addPage(page);
  return part.save();
}
