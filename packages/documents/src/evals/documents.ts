/**
 * Reading the documents of an eval: a project document is read once, when it is added (so a
 * file the engine could not read is refused then, with the engine's own error), and a part of
 * a bundled PDF is cut out as a PDF of its own pages so it is extracted with its layout.
 */
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

/** Whether a settled MIME type is a PDF (whose pages `selectPdfPages` can cut out). */
export function isPdf(mimeType: string): boolean {
  return mimeType === MIME.pdf;
}
