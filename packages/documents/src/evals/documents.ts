/**
 * Reading the documents of an eval: a project document is read once, when it is added (so a
 * file the engine could not read is refused then, with the engine's own error), and a part of
 * a bundled PDF is cut out as a PDF of its own pages so it is extracted with its layout.
 */
import { PDFDocument } from 'pdf-lib';
import { DocumentError } from '../errors.js';
import { createGuardedFetch, type GuardedFetchOptions } from '../input/guarded-fetch.js';
import { loadDocument, type LoadedDocument, type ResolveDocument } from '../input/load-document.js';
import { MIME } from '../input/mime.js';
import type { DocumentRef } from '../types.js';

/** How {@link readDocument} reaches documents. */
export interface ReadDocumentOptions {
  signal: AbortSignal;
  /** Policy for `https://` URLs (the engine's defaults: https only, public addresses, 50 MiB). */
  fetch?: GuardedFetchOptions;
  /** Resolves other URL schemes (the server's blob refs). */
  resolveDocument?: ResolveDocument;
}

/**
 * A document's bytes and settled MIME type, read exactly as the engine reads it (data: and
 * https: URLs, declared type checked against the bytes). Throws the engine's `DocumentError`s
 * (422 `unsupported_mime_type`, `mime_type_mismatch`, `document_url_refused`, ...).
 */
export function readDocument(ref: DocumentRef, options: ReadDocumentOptions): Promise<LoadedDocument> {
  return loadDocument(ref, { fetch: createGuardedFetch(options.fetch), signal: options.signal, resolveDocument: options.resolveDocument });
}

export type { LoadedDocument };

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

/** Whether a settled MIME type is a PDF (whose pages {@link selectPdfPages} can cut out). */
export function isPdf(mimeType: string): boolean {
  return mimeType === MIME.pdf;
}
