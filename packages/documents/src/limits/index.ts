/**
 * Hard limits on what one document may cost, checked before anything is decoded (image pixels from
 * the header, PDF pages and stream sizes, ZIP part sizes, nesting depth) and while it is read (text
 * length, render size). A document over a limit is a 422 naming the limit; it never gets the chance
 * to exhaust the process. The defaults and what each guards are in the README ("Limits") and docs/architecture.md ("Engine sandbox");
 * they keep a 2-core, 4 GB machine alive with one document per core in flight.
 *
 * The limits are per process: the server's engine sandboxes set them once at start-up
 * (`configureDocumentLimits`), from the `ENGINE_MAX_*` variables.
 */
import { DocumentError } from '../errors.js';

export interface DocumentLimits {
  /** Pixels of one image (or TIFF frame), read from its header before decoding: 40 Mpx = 160 MB as RGBA. */
  maxImagePixels: number;
  /** Pages of one PDF (or frames of one TIFF). */
  maxPdfPages: number;
  /** Pixels of one rendered PDF page; a larger page is rendered at a lower resolution rather than refused. */
  maxRenderPixels: number;
  /** Decompressed bytes of one PDF stream or one ZIP (DOCX) part. */
  maxDecompressedBytes: number;
  /** Characters of text in one document (as read, or as parsed from its pages). */
  maxTextChars: number;
  /** Nesting depth of JSON values and HTML/XML elements. */
  maxNestingDepth: number;
}

export const DEFAULT_DOCUMENT_LIMITS: Readonly<DocumentLimits> = Object.freeze({
  maxImagePixels: 40_000_000,
  maxPdfPages: 1_000,
  maxRenderPixels: 16_000_000,
  maxDecompressedBytes: 64 * 1024 * 1024,
  maxTextChars: 5_000_000,
  maxNestingDepth: 256,
});

let current: DocumentLimits = { ...DEFAULT_DOCUMENT_LIMITS };

/** Sets this process's limits (unset fields keep their defaults). */
export function configureDocumentLimits(limits: Partial<DocumentLimits> = {}): DocumentLimits {
  current = { ...DEFAULT_DOCUMENT_LIMITS, ...Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) };
  return current;
}

/** This process's limits. */
export function documentLimits(): Readonly<DocumentLimits> {
  return current;
}

/** The 422 for a document over a limit: `code` says what kind, `details.limit` which limit. */
export function limitExceeded(code: 'document_too_large' | 'too_many_pages', limit: keyof DocumentLimits, message: string, value: number): DocumentError {
  return new DocumentError(code, message, 422, { limit, value, max: current[limit] });
}

/** Throws `document_too_large` when `text` is longer than the text limit. */
export function checkTextLength(length: number, what = 'The document'): void {
  const max = current.maxTextChars;
  if (length > max) throw limitExceeded('document_too_large', 'maxTextChars', `${what} holds ${length} characters of text; the limit is ${max}.`, length);
}

/**
 * The scale at which to render a page of `width` × `height` points for `dpi`, lowered so the
 * canvas stays within the render limit (a page with a huge MediaBox would otherwise allocate
 * gigabytes of pixels).
 */
export function renderScale(width: number, height: number, dpi: number): number {
  const scale = dpi / 72;
  const area = width * height * scale * scale;
  const max = current.maxRenderPixels;
  return area > max ? scale * Math.sqrt(max / area) : scale;
}
