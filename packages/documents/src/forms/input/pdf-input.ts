/**
 * Opening a PDF to edit: the bytes must be a PDF that both pdfjs (reading) and pdf-lib (writing)
 * accept. Anything else is a 422 the caller can act on: not a PDF, encrypted, or corrupt.
 */
import { EncryptedPDFError, PDFDocument } from 'pdf-lib';
import { unprocessableDocument } from '../../errors.js';
import { sniffMimeType } from '../../input/mime.js';
import { openPdf, readPdfPage } from '../../parse/pdf.js';
import type { PageText } from './acroform.js';
import { textLayerWords } from '../page/text-layer-words.js';

/** A PDF opened for editing, with each page's text layer for labels. */
export interface EditablePdf {
  document: PDFDocument;
  pages: PageText[];
}

/** Throws a 422 unless the bytes are a PDF. */
export function requirePdfBytes(bytes: Uint8Array): void {
  const sniffed = sniffMimeType(bytes);
  if (sniffed !== 'application/pdf') {
    throw unprocessableDocument('unsupported_mime_type', `Forms must be PDFs; the document looks like ${sniffed ?? 'an unknown format'}.`, {
      detected: sniffed ?? null,
      supported: ['application/pdf'],
    });
  }
}

/** Opens the bytes with pdf-lib; encryption (even with an empty user password) is refused, since pdf-lib cannot write it back. */
async function loadWithPdfLib(bytes: Uint8Array): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (error) {
    if (error instanceof EncryptedPDFError) throw unprocessableDocument('document_encrypted', 'Encrypted PDFs cannot be edited.');
    throw unprocessableDocument('corrupt_document', 'The PDF could not be read.', { cause: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Checks a PDF without keeping it open (job create): not a PDF, encrypted or corrupt → 422.
 * pdfjs reports password protection and broken structure; pdf-lib what it cannot rewrite.
 */
export async function checkEditablePdf(bytes: Uint8Array): Promise<void> {
  requirePdfBytes(bytes);
  const reader = await openPdf(bytes);
  await reader.loadingTask.destroy();
  await loadWithPdfLib(bytes);
}

/** Opens a PDF for editing and reads every page's text layer (in top-left points). */
export async function openEditablePdf(bytes: Uint8Array): Promise<EditablePdf> {
  requirePdfBytes(bytes);
  const reader = await openPdf(bytes);
  try {
    const document = await loadWithPdfLib(bytes);
    const pages: PageText[] = [];
    for (let number = 1; number <= reader.numPages; number += 1) {
      const page = await readPdfPage(reader, number);
      const viewport = page.getViewport({ scale: 1 });
      pages.push({
        words: (await textLayerWords(page)) ?? [],
        toTopLeft: (x, y) => viewport.convertToViewportPoint(x, y) as [number, number],
      });
      page.cleanup();
    }
    return { document, pages };
  } finally {
    await reader.loadingTask.destroy();
  }
}
