/**
 * Form inference and filling: AcroForm fields read with pdf-lib, blanks of flat forms
 * detected from the page layout (rules, boxes, text or OCR), flat forms made fillable, and values
 * placed from free-text or JSON instructions. The folders follow the steps, in order:
 *
 *   input/   open the PDF to edit; read an AcroForm's fields
 *   page/    what one page shows: its raster, rules, boxes and words (text layer or OCR)
 *   detect/  blanks on a flat form (on lines, in boxes), their labels, context and names
 *   place/   which instruction goes in which field, and the value each field takes
 *   write/   values written into the PDF, and a flat form made fillable
 *
 * form-engine.ts runs them for the three form endpoints.
 */
export { createFormEngine } from './form-engine.js';
export type { FormCallOptions, FormEngine, FormEngineOptions, FormTemplate, InferredDocument } from './form-engine.js';
export { parseInstructions } from './place/instructions.js';
export type { FillEntry, Instructions } from './place/instructions.js';
