/**
 * A flat form made fillable: a real AcroForm field (text field or checkbox, its tooltip the
 * detected label) added at each detected blank.
 */
import type { FormField } from '@jobs-api/api-types';
import { type PDFDocument, PDFHexString, PDFName, StandardFonts } from 'pdf-lib';

// Boxes taller than this hold more than one line of writing.
const MULTILINE_HEIGHT_PT = 30;

/** Adds one AcroForm field per detected field to `document` (in place). */
export async function addAcroFields(document: PDFDocument, fields: FormField[]): Promise<void> {
  const form = document.getForm();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (const field of fields) {
    const page = document.getPage(field.page - 1);
    // Transparent and borderless: the printed box is the frame; viewers highlight fields themselves.
    const look = { ...field.rect, borderWidth: 0, backgroundColor: undefined, borderColor: undefined };
    const created = field.type === 'checkbox' ? form.createCheckBox(field.name) : form.createTextField(field.name);
    if (field.type === 'checkbox') {
      // pdf-lib grows a widget by its border width (half each side): shrink it back onto the printed box.
      const border = 0.5;
      const { x, y, width, height } = field.rect;
      const inset = { x: x + border / 2, y: y + border / 2, width: width - border, height: height - border };
      (created as ReturnType<typeof form.createCheckBox>).addToPage(page, { ...look, ...inset, borderWidth: border });
    } else {
      const text = created as ReturnType<typeof form.createTextField>;
      if (field.rect.height > MULTILINE_HEIGHT_PT) text.enableMultiline();
      text.addToPage(page, { ...look, font });
    }
    created.acroField.dict.set(PDFName.of('TU'), PDFHexString.fromText(field.label));
  }
  form.updateFieldAppearances(font);
}
