/**
 * Form fields of a flat PDF (no AcroForm), detected from each page's layout: boxes, table cells,
 * checkboxes and blank lines, each with the label printed for it.
 */
import type { FormField } from '@jobs-api/api-types';
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { throwIfAborted } from '../../errors.js';
import type { OcrPool } from '../../parse/ocr-pool.js';
import { openPdf, readPdfPage } from '../../parse/pdf.js';
import type { DetectedBlank } from './blank.js';
import { findCells } from '../page/cells.js';
import { detectCellBlanks } from './cell-blanks.js';
import { addContext } from './context.js';
import { type FormPageLayout, overlapX, overlapY } from '../page/layout.js';
import { detectLineBlanks } from './line-blanks.js';
import { renderPageRaster } from '../page/raster.js';
import { findRules, inkRatio } from '../page/rules.js';
import { recognizeRegions, regionsOfInterest } from '../page/scan-words.js';
import { textLayerWords } from '../page/text-layer-words.js';
import { uniqueFieldName } from './field-names.js';

/** What detection needs besides the PDF. */
export interface DetectOptions {
  /** The OCR pool for scanned pages; only called when a page has no text layer. */
  ocr: () => OcrPool;
  signal: AbortSignal;
}

const MAX_BOX_INK = 0.35;

/** Resumes after pending I/O callbacks have run. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Two detectors finding the same place (a box's bottom edge seen as a blank line): keep the first. */
function withoutOverlaps(blanks: DetectedBlank[]): DetectedBlank[] {
  const kept: DetectedBlank[] = [];
  for (const blank of blanks) {
    const area = (blank.box.x1 - blank.box.x0) * (blank.box.y1 - blank.box.y0);
    const clash = kept.some((other) => Math.max(0, overlapX(blank.box, other.box)) * Math.max(0, overlapY(blank.box, other.box)) > 0.5 * area);
    if (!clash) kept.push(blank);
  }
  return kept;
}

/** Reading order: top to bottom in bands of a few points, then left to right. */
function readingOrder(a: DetectedBlank, b: DetectedBlank): number {
  return Math.abs(a.box.y0 - b.box.y0) > 4 ? a.box.y0 - b.box.y0 : a.box.x0 - b.box.x0;
}

/** A detected blank as a form field: rect in PDF user space (bottom-left origin), label as description. */
function toFormField(blank: DetectedBlank, page: PDFPageProxy, pageNumber: number, taken: Set<string>): FormField {
  const viewport = page.getViewport({ scale: 1 });
  const [ax, ay] = viewport.convertToPdfPoint(blank.box.x0, blank.box.y0) as [number, number];
  const [bx, by] = viewport.convertToPdfPoint(blank.box.x1, blank.box.y1) as [number, number];
  const round = (value: number): number => Math.round(value * 100) / 100;
  const description = blank.context.length ? `${blank.label} (in ${blank.context.join(' › ')})` : blank.label;
  return {
    name: uniqueFieldName(blank.label, taken),
    type: blank.type,
    page: pageNumber,
    rect: { x: round(Math.min(ax, bx)), y: round(Math.min(ay, by)), width: round(Math.abs(bx - ax)), height: round(Math.abs(by - ay)) },
    value: blank.type === 'checkbox' ? false : null,
    label: blank.label,
    description,
  };
}

/** Detects the blanks of every page of a flat PDF, in reading order. */
export async function detectFlatFields(bytes: Uint8Array, options: DetectOptions): Promise<FormField[]> {
  const document = await openPdf(bytes);
  try {
    const fields: FormField[] = [];
    const taken = new Set<string>();
    let section: string | undefined;
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber += 1) {
      throwIfAborted(options.signal);
      const page = await readPdfPage(document, pageNumber);
      const viewport = page.getViewport({ scale: 1 });
      const raster = await renderPageRaster(document, page);
      // Rendering and rule finding are long synchronous stretches (~0.3 s each per scanned page on
      // an idle core): let the server answer other requests in between.
      await yieldToEventLoop();
      const rules = findRules(raster);
      const ink = (box: { x0: number; y0: number; x1: number; y1: number }): number => inkRatio(raster, box);
      // A box filled with ink (a black registration square, a coloured badge) is a shape, not a box to write in.
      const cells = findCells(rules).filter((cell) => ink({ x0: cell.x0 + 2, y0: cell.y0 + 2, x1: cell.x1 - 2, y1: cell.y1 - 2 }) < MAX_BOX_INK);
      const geometry = { width: viewport.width, height: viewport.height, cells, rules, ink };
      const words = (await textLayerWords(page)) ?? (await recognizeRegions(document, page, regionsOfInterest(geometry), options.ocr(), options.signal));
      const layout: FormPageLayout = { pageNumber, ...geometry, words };
      const blanks = withoutOverlaps([...detectCellBlanks(layout), ...detectLineBlanks(layout)]).sort(readingOrder);
      section = addContext(blanks, layout, section);
      fields.push(...blanks.map((blank) => toFormField(blank, page, pageNumber, taken)));
      page.cleanup();
    }
    return fields;
  } finally {
    await document.loadingTask.destroy();
  }
}
