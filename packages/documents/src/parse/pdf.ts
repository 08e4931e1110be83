import { createRequire } from 'node:module';
import path from 'node:path';
import type { Canvas } from '@napi-rs/canvas';
import { loadPdfjs, pdfjs } from './pdfjs.js';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { throwIfAborted, unprocessableDocument } from '../errors.js';
import { checkTextLength, documentLimits, limitExceeded, renderScale } from '../limits/index.js';
import { checkPdfStreams } from '../limits/pdf-streams.js';
import { ocrCanvas } from './image.js';
import { layoutLines, type PositionedWord } from './layout.js';
import type { OcrPool } from './ocr-pool.js';
import type { ParsedPage } from './parsed-document.js';
import { detectTables } from './tables.js';

const pdfjsDirectory = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** pdfjs needs its font, CMap and wasm folders as paths with a trailing slash, or it warns per document. */
const PDFJS_RESOURCES = {
  standardFontDataUrl: path.join(pdfjsDirectory, 'standard_fonts') + path.sep,
  cMapUrl: path.join(pdfjsDirectory, 'cmaps') + path.sep,
  cMapPacked: true,
  wasmUrl: path.join(pdfjsDirectory, 'wasm') + path.sep,
  isEvalSupported: false,
  verbosity: 0,
};

// Pages rendered ahead of OCR: enough to keep a pool of up to four OCR workers busy.
const MAX_PAGES_AWAITING_OCR = 4;

// A page with fewer letters or digits than this in its text layer is treated as a scan.
const MIN_TEXT_LAYER_CHARACTERS = 3;

/**
 * Opens a PDF with pdfjs; corrupt or encrypted files become 422 `DocumentError`s, and so do PDFs
 * over the limits (a stream that inflates past the decompressed-size limit, more pages than the
 * page limit), checked before any page is read.
 */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  checkPdfStreams(bytes);
  const limits = documentLimits();
  let document: PDFDocumentProxy;
  try {
    // pdfjs transfers (detaches) the buffer it is given: hand it a copy. Images above the pixel
    // limit are skipped by pdfjs itself (maxImageSize) rather than decoded.
    const { getDocument } = await loadPdfjs();
    document = await getDocument({ data: bytes.slice(), ...PDFJS_RESOURCES, maxImageSize: limits.maxImagePixels }).promise;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException') {
      throw unprocessableDocument('document_encrypted', 'The PDF is password-protected.');
    }
    throw unprocessableDocument('corrupt_document', 'The PDF could not be read.', {
      cause: error instanceof Error ? error.message : String(error),
    });
  }
  if (document.numPages > limits.maxPdfPages) {
    const pages = document.numPages;
    await document.loadingTask.destroy();
    throw limitExceeded('too_many_pages', 'maxPdfPages', `The PDF has ${pages} pages; the limit is ${limits.maxPdfPages}.`, pages);
  }
  return document;
}

/**
 * One page of an open PDF. pdfjs reads the page tree lazily, so a broken tree (a cycle, a missing
 * Kids entry) shows only here, as its own exception types: a 422 `corrupt_document` like any PDF it
 * cannot read, never an internal error.
 */
export async function readPdfPage(document: PDFDocumentProxy, pageNumber: number): Promise<PDFPageProxy> {
  try {
    return await document.getPage(pageNumber);
  } catch (error) {
    throw unprocessableDocument('corrupt_document', 'The PDF could not be read.', {
      cause: error instanceof Error ? error.message : String(error),
    });
  }
}

/** The text layer of a page as positioned runs, top-left origin, in PDF points. */
export async function pageTextWords(page: PDFPageProxy): Promise<PositionedWord[]> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const words: PositionedWord[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    // The viewport transform folds in the page's rotation and crop box offset.
    const [, , c, d, x, y] = pdfjs!.Util.transform(viewport.transform, item.transform) as number[];
    const fontHeight = Math.hypot(c!, d!) || item.height;
    words.push({ text: item.str, x0: x!, y0: y! - fontHeight, x1: x! + item.width, y1: y!, confidence: 1 });
  }
  return words;
}

async function renderPage(document: PDFDocumentProxy, page: PDFPageProxy, dpi: number): Promise<Canvas> {
  const size = page.getViewport({ scale: 1 });
  const viewport = page.getViewport({ scale: renderScale(size.width, size.height, dpi) });
  const factory = document.canvasFactory as { create(width: number, height: number): unknown };
  const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height)) as {
    canvas: Canvas;
    context: CanvasRenderingContext2D;
  };
  await page.render({ canvasContext: context, canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
  return canvas;
}

/** Options for PDF parsing. */
export interface PdfParseOptions {
  ocr: OcrPool;
  /** Resolution at which pages without a text layer are rendered for OCR. */
  dpi: number;
  signal: AbortSignal;
  /** Read only the first N pages (classify's `first_n_pages`). */
  maxPages?: number | undefined;
  /** False leaves pages without a text layer empty instead of OCRing them (benchmarks only). */
  ocrPagesWithoutText?: boolean;
}

/**
 * Parses each page from its text layer (lines, segments, tables); a page with no text
 * layer is rendered at `dpi` and OCRed.
 */
export async function parsePdf(bytes: Uint8Array, options: PdfParseOptions): Promise<ParsedPage[]> {
  const document = await openPdf(bytes);
  try {
    const pageCount = Math.min(document.numPages, options.maxPages ?? Infinity);
    // Scanned pages are rendered in order but OCRed concurrently: the pool bounds how many
    // run at once, and a manual with a few scans among many text pages finishes sooner.
    const pages: Array<Promise<ParsedPage>> = [];
    // Rendered pages wait for OCR as canvases (~15 MB each at 192 dpi): at most this many at once,
    // or a PDF of 10,000 blank pages renders them all before the first is read (16 GB measured).
    const ocrInFlight = new Set<Promise<ParsedPage>>();
    let textLength = 0;
    for (let number = 1; number <= pageCount; number += 1) {
      throwIfAborted(options.signal);
      const page = await readPdfPage(document, number);
      const words = await pageTextWords(page);
      textLength += words.reduce((sum, word) => sum + word.text.length, 0);
      checkTextLength(textLength, 'The PDF');
      const characters = words.reduce((sum, word) => sum + word.text.replace(/[^\p{L}\p{N}]/gu, '').length, 0);
      if (characters >= MIN_TEXT_LAYER_CHARACTERS || options.ocrPagesWithoutText === false) {
        pages.push(Promise.resolve({ source: 'text-layer', blocks: detectTables(layoutLines(words)) }));
      } else {
        while (ocrInFlight.size >= MAX_PAGES_AWAITING_OCR) await Promise.race(ocrInFlight);
        const ocrPage = ocrCanvas(await renderPage(document, page, options.dpi), options.ocr, options.signal, number);
        const settled = ocrPage.then(
          () => undefined,
          // Rejections are observed by Promise.all below; this keeps an early one from being reported as unhandled.
          () => undefined,
        );
        ocrInFlight.add(ocrPage);
        void settled.then(() => ocrInFlight.delete(ocrPage));
        pages.push(ocrPage);
      }
      page.cleanup();
    }
    return await Promise.all(pages);
  } finally {
    await document.loadingTask.destroy();
  }
}
