/**
 * Words of a scanned form page, read only where labels can be: inside boxes, beside checkboxes
 * and blank lines, and over tables. OCR of a whole text-heavy page took 5-18 s here (2 cores under
 * load), and at 200 dpi gave "/ABA Number" for the 6 pt label "Bank Routing/ABA Number"; the
 * fidelity form's ~20 regions per page, rendered at 300 dpi, read every label right.
 */
import { createCanvas } from '@napi-rs/canvas';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { throwIfAborted } from '../../errors.js';
import type { PositionedWord } from '../../parse/layout.js';
import type { OcrPool } from '../../parse/ocr-pool.js';
import { type Box, type Cell, isCheckboxSized } from './cells.js';
import { boundingBox, overlapX, overlapY } from './layout.js';
import { renderPageRaster } from './raster.js';
import type { PageRules } from './rules.js';

/**
 * The resolution regions are rendered and read at: 300 dpi is what tesseract was tuned for, and
 * read the same labels as 400 dpi in half the time on the fidelity form.
 */
const REGION_DPI = 300;
// Crops go to tesseract as JPEG: encoding page 2's regions as PNG took 5.6 s, as JPEG 0.4 s, and
// tesseract read the same words from both (it binarizes anyway, so JPEG ringing does not matter).
const JPEG_QUALITY = 92;
// OCR words less sure than this are specks and halves of rules.
const MIN_OCR_CONFIDENCE = 0.3;
// Boxes taller than this are read only in their top band, where a label would be.
const FULL_CELL_MAX_HEIGHT_PT = 150;
const LABEL_BAND_PT = 40;
// Reach of the bands read beside checkboxes and blank lines and above tables.
const BESIDE_REACH_PT = 250;
const CAPTION_BAND_PT = 50;
const MIN_BLANK_LINE_PT = 36;

/** What region selection needs: the page's boxes and rules, and the ink in any box. */
export interface ScanGeometry {
  width: number;
  height: number;
  cells: Cell[];
  rules: PageRules;
  ink(box: Box): number;
}

/** Where to read on a scanned page. */
export function regionsOfInterest(page: ScanGeometry): Box[] {
  const regions: Box[] = [];
  const boxes = page.cells.filter((cell) => !isCheckboxSized(cell));
  const tables = new Map<number, Box>();
  for (const cell of boxes) {
    const height = cell.y1 - cell.y0;
    regions.push({ x0: cell.x0 + 1, y0: cell.y0 + 1, x1: cell.x1 - 1, y1: height > FULL_CELL_MAX_HEIGHT_PT ? cell.y0 + LABEL_BAND_PT : cell.y1 - 1 });
    const known = tables.get(cell.table);
    tables.set(cell.table, known ? boundingBox([known, cell]) : cell);
    // An empty box may be labelled from outside: on its left or just above.
    if (page.ink({ x0: cell.x0 + 2, y0: cell.y0 + 2, x1: cell.x1 - 2, y1: cell.y1 - 2 }) < 0.002) {
      regions.push({ x0: cell.x0 - BESIDE_REACH_PT, y0: cell.y0, x1: cell.x0, y1: cell.y1 });
      regions.push({ x0: cell.x0, y0: cell.y0 - 16, x1: cell.x1, y1: cell.y0 });
    }
  }
  // Full width: a section heading often starts left of the table it heads.
  for (const table of tables.values()) regions.push({ x0: 0, y0: table.y0 - CAPTION_BAND_PT, x1: page.width, y1: table.y0 - 0.5 });
  for (const cell of page.cells.filter(isCheckboxSized)) {
    if (page.ink({ x0: cell.x0 + 1.5, y0: cell.y0 + 1.5, x1: cell.x1 - 1.5, y1: cell.y1 - 1.5 }) > 0.12) continue;
    regions.push({ x0: cell.x0 - BESIDE_REACH_PT / 2, y0: cell.y0 - 4, x1: cell.x1 + BESIDE_REACH_PT, y1: cell.y1 + 4 });
  }
  for (const rule of page.rules.horizontal) {
    if (rule.band || rule.x1 - rule.x0 < MIN_BLANK_LINE_PT) continue;
    if (boxes.some((cell) => overlapX(rule, cell) > 0 && rule.y0 >= cell.y0 - 3 && rule.y0 <= cell.y1 + 3)) continue;
    if (page.ink({ x0: rule.x0, y0: rule.y0 - 12, x1: rule.x1, y1: rule.y0 - 2 }) > 0.02) continue;
    if (page.ink({ x0: rule.x0, y0: rule.y0 + 1, x1: rule.x1, y1: rule.y0 + 3.5 }) > 0.08) continue;
    regions.push({ x0: rule.x0 - BESIDE_REACH_PT, y0: rule.y0 - 14, x1: rule.x0 + 2, y1: rule.y0 + 3 });
    regions.push({ x0: rule.x0, y0: rule.y0, x1: rule.x1, y1: rule.y0 + 13 });
  }
  return (
    regions
      .map((box) => ({ x0: Math.max(0, box.x0), y0: Math.max(0, box.y0), x1: Math.min(page.width, box.x1), y1: Math.min(page.height, box.y1) }))
      // Slivers only make tesseract complain ("box outside rectangle"); no label fits in them.
      .filter((box) => box.x1 - box.x0 >= 12 && box.y1 - box.y0 >= 8)
  );
}

/** Keeps one of two words read twice from overlapping regions: the surer reading. */
function dedupe(words: PositionedWord[]): PositionedWord[] {
  const kept: PositionedWord[] = [];
  for (const word of [...words].sort((a, b) => b.confidence - a.confidence)) {
    const area = (word.x1 - word.x0) * (word.y1 - word.y0);
    const clash = kept.some((other) => {
      const shared = Math.max(0, overlapX(word, other)) * Math.max(0, overlapY(word, other));
      return shared > 0.4 * Math.min(area, (other.x1 - other.x0) * (other.y1 - other.y0));
    });
    if (!clash) kept.push(word);
  }
  return kept;
}

/** OCRs each region of a page (rendered once at {@link REGION_DPI}) and answers the words in points. */
export async function recognizeRegions(
  document: PDFDocumentProxy,
  page: PDFPageProxy,
  regions: Box[],
  ocr: OcrPool,
  signal: AbortSignal,
): Promise<PositionedWord[]> {
  if (regions.length === 0) return [];
  const raster = await renderPageRaster(document, page, REGION_DPI);
  const words: PositionedWord[] = [];
  for (const region of regions) {
    // Between regions, other requests get their turn (a page's regions take seconds of OCR).
    await new Promise((resolve) => setImmediate(resolve));
    throwIfAborted(signal);
    const x = Math.round(region.x0 * raster.scale);
    const y = Math.round(region.y0 * raster.scale);
    const width = Math.max(1, Math.round((region.x1 - region.x0) * raster.scale));
    const height = Math.max(1, Math.round((region.y1 - region.y0) * raster.scale));
    const crop = createCanvas(width, height);
    crop.getContext('2d').drawImage(raster.canvas, x, y, width, height, 0, 0, width, height);
    const image = await crop.encode('jpeg', JPEG_QUALITY);
    const toPoints = 1 / raster.scale;
    for (const word of await ocr.recognize({ image, dpi: REGION_DPI, signal })) {
      if (word.confidence < MIN_OCR_CONFIDENCE || !/[\p{L}\p{N}]/u.test(word.text)) continue;
      words.push({
        ...word,
        x0: region.x0 + word.x0 * toPoints,
        x1: region.x0 + word.x1 * toPoints,
        y0: region.y0 + word.y0 * toPoints,
        y1: region.y0 + word.y1 * toPoints,
      });
    }
  }
  return dedupe(words);
}
