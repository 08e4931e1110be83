/**
 * @jobs-api/documents — the document engine: parse, extract, classify, split and schema
 * generation over PDFs, images (OCR), DOCX, HTML and text formats. Pure library: the
 * server's handlers call `createDocumentEngine(...)` and map `DocumentError`s to answers.
 * What does not read documents is also in the lighter `@jobs-api/documents/api` entry.
 */
export * from './api.js';
export { createDocumentEngine } from './engine.js';
export { createFormEngine } from './forms/form-engine.js';
export { selectPdfPages } from './evals/pdf-pages.js';
