/**
 * @jobs-api/documents/api — everything of the engine package that does not read documents:
 * errors, MIME rules, data: URLs, the guarded fetcher, limits, eval scoring and the types. The
 * server's own process imports this entry only, so pdfjs, the canvas library, tesseract and the
 * DOCX converter (~70 MB resident) load in the engine sandboxes and nowhere else.
 */
export { CREDITS_PER_PAGE } from './usage.js';
export type { DocumentEngine, DocumentEngineOptions, EngineCallOptions } from './engine.js';
export { DocumentError, isAbortError } from './errors.js';
export { createGuardedFetch, DEFAULT_MAX_BYTES } from './input/guarded-fetch.js';
export type { CheckedGuardedFetch, GuardedFetch, GuardedFetchOptions, GuardedRequestInit } from './input/guarded-fetch.js';
export { classifyAddress } from './input/address-policy.js';
export type { AddressClass } from './input/address-policy.js';
export { checkDataUrlHeader, isCanonicalBase64, parseDataUrl, splitDataUrl, toDataUrl } from './input/data-url.js';
export type { DataUrlErrorCode, DataUrlParts, DecodedDataUrl } from './input/data-url.js';
export { compileLinearPattern } from './schema/linear-regexp.js';
export { compileSchema } from './schema/json-schema.js';
export type { ResolveDocument } from './input/load-document.js';
export { acceptedMimeTypes, DOCUMENT_MIME_TYPES, isConsistentMimeType, mimeTypeFromFilename, normalizeMimeType, sniffMimeType } from './input/mime.js';
export { defaultOcrPoolSize } from './parse/ocr-pool-size.js';
export type { OcrPoolOptions } from './parse/ocr-pool.js';
export type { ModelRoute } from './provider/chat-completions.js';
export { DEFAULT_MODEL } from './request-checks.js';
export type * from './types.js';
export type { FormCallOptions, FormEngine, FormEngineOptions, FormTemplate, InferredDocument } from './forms/form-engine.js';
export { parseInstructions } from './forms/place/instructions.js';
export type { FillEntry, Instructions } from './forms/place/instructions.js';
export * from './evals/index.js';
export { configureDocumentLimits, DEFAULT_DOCUMENT_LIMITS, documentLimits } from './limits/index.js';
export type { DocumentLimits } from './limits/index.js';
export { identifierFields, identifierSchema, pageIdentity, splitAtIdentityChanges } from './local/document-boundaries.js';
