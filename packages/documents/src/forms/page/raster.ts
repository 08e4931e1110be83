/**
 * A PDF page rendered to pixels, for what only the picture shows: the rules and boxes of a flat
 * form, and the words of a scanned one. Rendering goes through the same pdfjs document the text
 * layer comes from (parse/pdf.ts).
 */
import type { Canvas } from '@napi-rs/canvas';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { renderScale } from '../../limits/index.js';

/** A rendered page: the canvas (for OCR) and its grayscale pixels (for rule detection). */
export interface PageRaster {
  canvas: Canvas;
  /** One byte per pixel, 0 = black, row-major. */
  gray: Uint8Array;
  width: number;
  height: number;
  /** Pixels per PDF point. */
  scale: number;
}

/**
 * 200 dpi: a 6 pt box label is ~17 px high, enough for tesseract once upscaled, and a hairline
 * rule is at least one full pixel. Higher resolutions cost time (~0.25 s per page here) and gave
 * no more fields on the fidelity form.
 */
export const RASTER_DPI = 200;

/** Renders a page at `dpi` on white and converts it to grayscale. */
export async function renderPageRaster(document: PDFDocumentProxy, page: PDFPageProxy, dpi = RASTER_DPI): Promise<PageRaster> {
  const size = page.getViewport({ scale: 1 });
  const scale = renderScale(size.width, size.height, dpi);
  const viewport = page.getViewport({ scale });
  const width = Math.ceil(viewport.width);
  const height = Math.ceil(viewport.height);
  const factory = document.canvasFactory as { create(width: number, height: number): unknown };
  const { canvas, context } = factory.create(width, height) as { canvas: Canvas; context: CanvasRenderingContext2D };
  // Transparent pixels would read as black below: paint the paper first.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  await page.render({ canvasContext: context, canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
  return { ...toGray(canvas, width, height), canvas, width, height, scale };
}

function toGray(canvas: Canvas, width: number, height: number): { gray: Uint8Array } {
  const rgba = canvas.getContext('2d').getImageData(0, 0, width, height).data;
  const gray = new Uint8Array(width * height);
  for (let i = 0; i < gray.length; i += 1) {
    gray[i] = (0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!) | 0;
  }
  return { gray };
}
