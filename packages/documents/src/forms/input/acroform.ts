/**
 * The fields of an AcroForm PDF, read with pdf-lib: name, type, page, rectangle, current value,
 * and a human label (the field's tooltip, else the text printed next to it, else its name).
 */
import type { FormField, FormFieldType } from '@jobs-api/api-types';
import {
  type PDFDocument,
  PDFCheckBox,
  PDFDropdown,
  type PDFField,
  PDFName,
  PDFOptionList,
  PDFRadioGroup,
  type PDFRef,
  PDFSignature,
  PDFString,
  PDFHexString,
  PDFTextField,
} from 'pdf-lib';
import type { PositionedWord } from '../../parse/layout.js';
import { splitIdentifier } from '../../local/text-match.js';
import type { Box } from '../page/cells.js';
import { cleanLabel, isMark, joinWords, overlapX, overlapY } from '../page/layout.js';

/** The type of a pdf-lib field; undefined for push buttons, which hold no value. */
export function fieldType(field: PDFField): FormFieldType | undefined {
  if (field instanceof PDFTextField) return 'text';
  if (field instanceof PDFCheckBox) return 'checkbox';
  if (field instanceof PDFRadioGroup) return 'radio';
  if (field instanceof PDFDropdown || field instanceof PDFOptionList) return 'choice';
  if (field instanceof PDFSignature) return 'signature';
  return undefined;
}

function currentValue(field: PDFField): string | boolean | null {
  if (field instanceof PDFTextField) return field.getText() ?? null;
  if (field instanceof PDFCheckBox) return field.isChecked();
  if (field instanceof PDFRadioGroup) return field.getSelected() ?? null;
  if (field instanceof PDFDropdown || field instanceof PDFOptionList) return field.getSelected()[0] ?? null;
  return null;
}

function options(field: PDFField): string[] | undefined {
  if (field instanceof PDFRadioGroup || field instanceof PDFDropdown || field instanceof PDFOptionList) return field.getOptions();
  return undefined;
}

/** The tooltip (`/TU`), which form authors use as the field's accessible label. */
function tooltip(field: PDFField): string | undefined {
  const value = field.acroField.dict.lookup(PDFName.of('TU'));
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText().trim() || undefined;
  return undefined;
}

/** Where a widget annotation sits: its page index (by `/P`, else by scanning the pages' `/Annots`). */
function widgetPageIndex(document: PDFDocument, widgetRef: PDFRef | undefined, pageRef: PDFRef | undefined): number {
  const pages = document.getPages();
  if (pageRef) {
    const index = pages.findIndex((page) => page.ref === pageRef);
    if (index >= 0) return index;
  }
  if (widgetRef) {
    const index = pages.findIndex(
      (page) =>
        page.node
          .Annots()
          ?.asArray()
          .some((annotation) => annotation === widgetRef) ?? false,
    );
    if (index >= 0) return index;
  }
  return 0;
}

// Labels are often set in a column of their own, well left of their fields.
const LEFT_LABEL_REACH_PT = 120;
// A checkbox's or radio button's label follows it closely.
const RIGHT_LABEL_REACH_PT = 20;
const PHRASE_GAP_PT = 12;

/** Words on the field's line, read outward from one of its sides, as one phrase. */
function phrase(box: Box, words: PositionedWord[], direction: 1 | -1, reach: number): string | undefined {
  const edge = direction === 1 ? box.x1 : box.x0;
  const onLine = words
    .filter((word) => overlapY(word, box) > 0.5 * (word.y1 - word.y0))
    .filter((word) => (direction === 1 ? word.x0 >= edge - 2 : word.x1 <= edge + 2))
    .sort((a, b) => direction * (a.x0 - b.x0));
  const taken: PositionedWord[] = [];
  let end = edge;
  for (const word of onLine) {
    const gap = direction === 1 ? word.x0 - end : end - word.x1;
    if (gap > (taken.length === 0 ? reach : PHRASE_GAP_PT)) break;
    taken.push(word);
    end = direction === 1 ? word.x1 : word.x0;
  }
  return cleanLabel(joinWords(taken)) || undefined;
}

/** The text printed for a field: left of it on its line (right of it for a box to tick), or just above. */
export function nearbyLabel(box: Box, words: PositionedWord[], tickable = false): string | undefined {
  const visible = words.filter((word) => !isMark(word));
  const beside = tickable
    ? (phrase(box, visible, 1, RIGHT_LABEL_REACH_PT) ?? phrase(box, visible, -1, LEFT_LABEL_REACH_PT))
    : phrase(box, visible, -1, LEFT_LABEL_REACH_PT);
  if (beside) return beside;
  const above = visible.filter((word) => word.y1 <= box.y0 + 1 && word.y1 >= box.y0 - 14 && overlapX(word, box) > 0);
  return cleanLabel(joinWords(above)) || undefined;
}

/** Page geometry the reader needs from pdfjs: the text layer and the PDF → top-left transform. */
export interface PageText {
  words: PositionedWord[];
  /** PDF user-space point → top-left points. */
  toTopLeft(x: number, y: number): [number, number];
}

/** Every field of the document's AcroForm except push buttons, in the form's order. */
export function readAcroFormFields(document: PDFDocument, pages: PageText[]): FormField[] {
  const fields: FormField[] = [];
  for (const field of document.getForm().getFields()) {
    const type = fieldType(field);
    const widgets = field.acroField.getWidgets();
    if (!type || widgets.length === 0) continue;
    // A radio group has a widget per option: its rectangle is the union of them.
    const rectangles = widgets.map((widget) => widget.getRectangle());
    const x0 = Math.min(...rectangles.map((r) => r.x));
    const y0 = Math.min(...rectangles.map((r) => r.y));
    const x1 = Math.max(...rectangles.map((r) => r.x + r.width));
    const y1 = Math.max(...rectangles.map((r) => r.y + r.height));
    const widgetRef = document.context.getObjectRef(widgets[0]!.dict);
    const pageIndex = widgetPageIndex(document, widgetRef, widgets[0]!.P());
    const page = pages[pageIndex];
    let nearby: string | undefined;
    if (page) {
      const [ax, ay] = page.toTopLeft(x0, y1);
      const [bx, by] = page.toTopLeft(x1, y0);
      // A radio group's widgets each have their own label (its options): the group's label is before them.
      nearby = nearbyLabel({ x0: Math.min(ax, bx), y0: Math.min(ay, by), x1: Math.max(ax, bx), y1: Math.max(ay, by) }, page.words, type === 'checkbox');
    }
    const name = field.getName();
    const label = tooltip(field) ?? nearby ?? splitIdentifier(name.split('.').at(-1) ?? name).trim();
    const round = (value: number): number => Math.round(value * 100) / 100;
    const choices = options(field);
    fields.push({
      name,
      type,
      page: pageIndex + 1,
      rect: { x: round(x0), y: round(y0), width: round(x1 - x0), height: round(y1 - y0) },
      value: currentValue(field),
      label,
      description: nearby && nearby !== label ? nearby : null,
      ...(choices ? { options: choices } : {}),
    });
  }
  return fields;
}
