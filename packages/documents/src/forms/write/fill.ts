/**
 * Writing placed values into the PDF: AcroForm fields are set as fields (with appearance streams
 * regenerated, so every viewer shows them); a flat form gets the text drawn in its blanks. Every
 * field of the form is reported with what it received, or null and why not.
 */
import type { FilledFormField, FormField } from '@jobs-api/api-types';
import { PDFCheckBox, PDFDropdown, type PDFDocument, type PDFField, PDFOptionList, PDFRadioGroup, PDFTextField, StandardFonts } from 'pdf-lib';
import type { Placement } from '../place/assign.js';
import { drawCheckMark, drawTextInBox, encodable } from './text-drawing.js';
import { asBoolean, asText, matchOption, sameText } from '../place/values.js';

/** A value ready for one field, or why there is none. */
type Resolved = { value: string | boolean } | { value: null; reason: string };

/** What a placed value becomes in a field of this type. */
function resolve(placement: Placement | undefined, field: FormField): Resolved {
  if (!placement) {
    if (field.type === 'signature') return { value: null, reason: 'Signature fields are left for the signer.' };
    return { value: null, reason: 'No instruction matched this field.' };
  }
  const { value } = placement.entry;
  switch (field.type) {
    case 'checkbox': {
      const flag = asBoolean(value) ?? (sameText(value, field.label) ? true : undefined);
      return flag === undefined ? { value: null, reason: `"${String(value)}" is not a yes/no value for a checkbox.` } : { value: flag };
    }
    case 'radio':
    case 'choice': {
      const option = matchOption(value, field.options ?? []);
      if (option !== undefined) return { value: option };
      return { value: null, reason: `"${String(value)}" is not one of the options (${(field.options ?? []).join(', ')}).` };
    }
    default:
      return { value: asText(value) };
  }
}

function reasonFor(placement: Placement): string {
  return `Matched instruction "${placement.entry.source}" to the label "${placement.field.label}" (score ${placement.score.toFixed(2)}).`;
}

/** Sets one AcroForm field; answers an error message when the PDF refuses the value. */
function setAcroField(pdfField: PDFField, value: string | boolean, font: Parameters<typeof encodable>[1]): string | undefined {
  try {
    if (pdfField instanceof PDFTextField) {
      const maxLength = pdfField.getMaxLength();
      const text = encodable(String(value), font);
      pdfField.setText(maxLength === undefined ? text : text.slice(0, maxLength));
    } else if (pdfField instanceof PDFCheckBox) {
      if (value === true) pdfField.check();
      else pdfField.uncheck();
    } else if (pdfField instanceof PDFRadioGroup) {
      pdfField.select(String(value));
    } else if (pdfField instanceof PDFDropdown || pdfField instanceof PDFOptionList) {
      pdfField.select(String(value));
    } else {
      return 'This kind of field cannot be filled.';
    }
    return undefined;
  } catch (error) {
    return `The PDF refused the value: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Which way values go into the PDF. */
export type FillMode = 'acroform' | 'flat';

/**
 * Fills `fields` of `document` (in place) with the placed values; answers `form_data`, one entry
 * per field in the order given.
 */
export async function writeValues(document: PDFDocument, fields: FormField[], placements: Placement[], mode: FillMode): Promise<FilledFormField[]> {
  const font = await document.embedFont(StandardFonts.Helvetica);
  const byField = new Map(placements.map((placement) => [placement.field, placement]));
  const form = mode === 'acroform' ? document.getForm() : undefined;
  const formData: FilledFormField[] = [];
  for (const field of fields) {
    const placement = byField.get(field);
    const resolved = resolve(placement, field);
    const report: FilledFormField = {
      name: field.name,
      type: field.type,
      value: null,
      label: field.label,
      page: field.page,
      source: placement?.entry.source ?? null,
      reason: null,
    };
    if (resolved.value === null) {
      // An untouched AcroForm field keeps (and reports) what it already held.
      const kept = mode === 'acroform' && !placement ? field.value : null;
      formData.push({
        ...report,
        value: kept,
        reason: kept === null || kept === false ? resolved.reason : 'No instruction matched this field; it keeps its value.',
      });
      continue;
    }
    let refused: string | undefined;
    if (form) {
      const pdfField = form.getFieldMaybe(field.name);
      refused = pdfField ? setAcroField(pdfField, resolved.value, font) : 'The PDF has no field of this name.';
    } else if (field.type === 'checkbox') {
      if (resolved.value === true) drawCheckMark(document.getPage(field.page - 1), field.rect);
    } else {
      drawTextInBox(document.getPage(field.page - 1), String(resolved.value), field.rect, font);
    }
    formData.push(refused ? { ...report, reason: refused } : { ...report, value: resolved.value, reason: reasonFor(placement!) });
  }
  // Appearance streams for every field, so viewers that do not build them still show the values.
  form?.updateFieldAppearances(font);
  return formData;
}
