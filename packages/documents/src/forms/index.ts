/**
 * Form inference and filling: AcroForm fields read with pdf-lib, blanks of flat forms
 * detected from the page layout (rules, boxes, text or OCR), flat forms made fillable, and values
 * placed from free-text or JSON instructions.
 */
export { createFormEngine } from './form-engine.js';
export type { FormCallOptions, FormEngine, FormEngineOptions, FormTemplate, InferredDocument } from './form-engine.js';
export { parseInstructions } from './instructions.js';
export type { FillEntry, Instructions } from './instructions.js';
