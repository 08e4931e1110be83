/**
 * @jobs-api/documents — the document engine: parse, extract, classify, split and schema
 * generation over PDFs, images (OCR), DOCX, HTML and text formats. Pure library: the
 * server's handlers call `createDocumentEngine(...)` and map `DocumentError`s to answers.
 */
export { createDocumentEngine, CREDITS_PER_PAGE } from './engine.js';
export type { DocumentEngine, DocumentEngineOptions, EngineCallOptions } from './engine.js';
export { DocumentError, isAbortError } from './errors.js';
export { createGuardedFetch, DEFAULT_MAX_BYTES } from './input/guarded-fetch.js';
export type { GuardedFetch, GuardedFetchOptions, GuardedRequestInit } from './input/guarded-fetch.js';
export { classifyAddress } from './input/address-policy.js';
export type { AddressClass } from './input/address-policy.js';
export { parseDataUrl, toDataUrl } from './input/data-url.js';
export type { DecodedDataUrl } from './input/data-url.js';
export type { ResolveDocument } from './input/load-document.js';
export {
  acceptedMimeTypes,
  DOCUMENT_MIME_TYPES,
  isConsistentMimeType,
  mimeTypeFromFilename,
  normalizeMimeType,
  sniffMimeType,
} from './input/mime.js';
export { defaultOcrPoolSize } from './parse/ocr-pool.js';
export type { OcrPoolOptions } from './parse/ocr-pool.js';
export type { ModelRoute } from './provider/chat-completions.js';
export { DEFAULT_MODEL } from './request-checks.js';
export type * from './types.js';
export * from './forms/index.js';
export * from './evals/index.js';
export { configureDocumentLimits, DEFAULT_DOCUMENT_LIMITS, documentLimits } from './limits/index.js';
export type { DocumentLimits } from './limits/index.js';
