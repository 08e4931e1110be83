import { DocumentError, invalidRequest, throwIfAborted, unprocessableDocument } from '../errors.js';
import type { DocumentRef } from '../types.js';
import { parseDataUrl } from './data-url.js';
import type { GuardedFetch } from './guarded-fetch.js';
import { DOCUMENT_MIME_TYPES, isConsistentMimeType, mimeTypeFromFilename, normalizeMimeType, sniffMimeType } from './mime.js';

/** A document's bytes with its checked MIME type. */
export interface LoadedDocument {
  filename: string;
  mimeType: string;
  bytes: Uint8Array;
}

/** Resolves URLs the engine does not fetch itself (e.g. the server's `jobs-blob:` refs). */
export type ResolveDocument = (url: string) => Promise<{ bytes: Uint8Array; mimeType: string } | undefined>;

/** What `loadDocument` needs besides the reference. */
export interface LoadDocumentContext {
  fetch: GuardedFetch;
  signal: AbortSignal;
  resolveDocument?: ResolveDocument | undefined;
}

// Types a server may send for anything; the bytes then decide.
const GENERIC_TYPES = new Set(['application/octet-stream', 'binary/octet-stream', 'application/binary', '']);

/**
 * Fetches or decodes a document and settles its MIME type: the declared one (data URL
 * or Content-Type) must agree with the bytes; a generic declared type falls back to
 * the bytes, then to the filename. Throws 4xx `DocumentError`s for bad input.
 */
export async function loadDocument(ref: DocumentRef, context: LoadDocumentContext): Promise<LoadedDocument> {
  if (typeof ref?.url !== 'string' || ref.url.length === 0) throw invalidRequest('document.url is required.');
  const filename = typeof ref.filename === 'string' && ref.filename ? ref.filename : 'document';
  throwIfAborted(context.signal);
  const { mimeType: declared, bytes } = await readDocumentBytes(ref.url, context);
  throwIfAborted(context.signal);
  return { filename, bytes, mimeType: settleMimeType(filename, declared, bytes) };
}

async function readDocumentBytes(url: string, context: LoadDocumentContext): Promise<{ mimeType: string; bytes: Uint8Array }> {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'data') {
    // The server may stand a placeholder data: URL for a document it decoded while the body
    // streamed in, and resolve it here.
    const streamed = await context.resolveDocument?.(url);
    return streamed ? { mimeType: normalizeMimeType(streamed.mimeType), bytes: streamed.bytes } : parseDataUrl(url);
  }
  if (scheme === 'https' || scheme === 'http') return fetchDocument(url, context);
  if (context.resolveDocument) {
    const resolved = await context.resolveDocument(url);
    if (resolved) return { mimeType: normalizeMimeType(resolved.mimeType), bytes: resolved.bytes };
    throw unprocessableDocument('document_not_found', `The document ${url.slice(0, 80)} could not be found.`);
  }
  throw unprocessableDocument('document_url_refused', `Unsupported document URL scheme "${scheme ?? ''}": use a data: or https: URL.`);
}

async function fetchDocument(url: string, context: LoadDocumentContext): Promise<{ mimeType: string; bytes: Uint8Array }> {
  let response: Response;
  try {
    response = await context.fetch(url, { signal: context.signal });
  } catch (error) {
    if (error instanceof DocumentError) throw asDocumentFetchError(error);
    throw error;
  }
  if (!response.ok) {
    const status = response.status >= 500 || response.status === 429 ? 502 : 422;
    throw new DocumentError('document_fetch_failed', `Fetching the document answered HTTP ${response.status}.`, status, {
      upstream_status: response.status,
    });
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { mimeType: normalizeMimeType(response.headers.get('content-type') ?? ''), bytes };
}

function asDocumentFetchError(error: DocumentError): DocumentError {
  const code =
    error.code === 'url_refused' || error.code === 'too_many_redirects'
      ? 'document_url_refused'
      : error.code === 'response_too_large'
        ? 'document_too_large'
        : 'document_fetch_failed';
  return new DocumentError(code, error.message, error.status, error.details);
}

function settleMimeType(filename: string, declared: string, bytes: Uint8Array): string {
  const sniffed = sniffMimeType(bytes);
  const fromName = mimeTypeFromFilename(filename);
  let mimeType = declared;
  if (GENERIC_TYPES.has(declared) || (declared === 'text/plain' && fromName && sniffed && isConsistentMimeType(fromName, sniffed))) {
    // A bare "text/plain" from a data URL with no type, or octet-stream from a server: the
    // filename refines a text type (.csv, .md), the bytes decide for binary formats.
    mimeType = fromName && isConsistentMimeType(fromName, sniffed) ? fromName : (sniffed ?? fromName ?? declared);
  }
  if (!DOCUMENT_MIME_TYPES.includes(mimeType)) {
    throw unprocessableDocument('unsupported_mime_type', `Documents of type "${mimeType || 'unknown'}" are not supported.`, {
      mime_type: mimeType,
      supported: DOCUMENT_MIME_TYPES,
    });
  }
  if (!isConsistentMimeType(mimeType, sniffed)) {
    throw unprocessableDocument(
      'mime_type_mismatch',
      `The document is declared as ${mimeType} but its bytes look like ${sniffed ?? 'an unknown binary format'}.`,
      { declared: mimeType, detected: sniffed ?? null },
    );
  }
  return mimeType;
}
