import { createRequire } from 'node:module';
import { createCanvas, ImageData, loadImage, type Canvas } from '@napi-rs/canvas';
import { throwIfAborted, unprocessableDocument } from '../errors.js';
import { MIME } from '../input/mime.js';
import { checkImageHeader } from '../limits/image-header.js';
import { layoutLines } from './layout.js';
import type { OcrPool } from './ocr-pool.js';
import type { ParsedPage } from './parsed-document.js';
import { step } from '../tracing.js';
import { detectTables } from './tables.js';
import type * as Utif from 'utif2';

// utif2 is CommonJS without named-export hints, so ESM sees only its default export.
const UTIF = createRequire(import.meta.url)('utif2') as typeof Utif;

// Tesseract reads best with text 20-40 px high. Small scans (the invoice fixture is 650 px
// wide) misread at native size; upscaling them 3x to ~2000 px fixed "12398982" and "561".
const TARGET_WIDTH_PX = 2000;
const MAX_UPSCALE = 3;
// Very large scans only cost time: 2500 px wide is ~300 dpi for a letter page.
const MAX_WIDTH_PX = 2500;

/** Decodes an image into canvases, one per frame (TIFF may hold several pages). */
async function decodeFrames(bytes: Uint8Array, mimeType: string): Promise<Canvas[]> {
  try {
    if (mimeType === MIME.tiff) {
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      return UTIF.decode(buffer).map((ifd) => {
        UTIF.decodeImage(buffer, ifd);
        const canvas = createCanvas(ifd.width, ifd.height);
        const rgba = UTIF.toRGBA8(ifd);
        canvas.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength), ifd.width, ifd.height), 0, 0);
        return canvas;
      });
    }
    const image = await loadImage(Buffer.from(bytes));
    const canvas = createCanvas(image.width, image.height);
    canvas.getContext('2d').drawImage(image, 0, 0);
    return [canvas];
  } catch (error) {
    throw unprocessableDocument('corrupt_document', `The ${mimeType} image could not be decoded.`, {
      cause: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * Grayscale on white, scaled towards `TARGET_WIDTH_PX`, as PNG: what made tesseract read
 * the invoice fixture correctly. Transparent areas become white rather than black.
 */
export async function prepareForOcr(source: Canvas): Promise<{ png: Uint8Array; scale: number }> {
  const scale = source.width < TARGET_WIDTH_PX ? Math.min(MAX_UPSCALE, TARGET_WIDTH_PX / source.width) : Math.min(1, MAX_WIDTH_PX / source.width);
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, 0, 0, width, height);
  const pixels = context.getImageData(0, 0, width, height);
  const data = pixels.data;
  for (let i = 0; i < data.length; i += 4) {
    const gray = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
    data[i] = data[i + 1] = data[i + 2] = gray;
  }
  context.putImageData(pixels, 0, 0);
  return { png: await canvas.encode('png'), scale };
}

// The resolution tesseract is told: 300 is what it was tuned for and what read the fixtures
// correctly after the rescaling above, whatever the source resolution was.
const OCR_DPI = 300;

/** OCRs one canvas into a page of lines and tables (`page`: 1-based, for the step's span). */
export function ocrCanvas(canvas: Canvas, ocr: OcrPool, signal: AbortSignal, page: number): Promise<ParsedPage> {
  return step('engine.ocr', { 'jobs_api.document.page': page }, async (span) => {
    const { png } = await prepareForOcr(canvas);
    throwIfAborted(signal);
    const words = await ocr.recognize({ image: png, dpi: OCR_DPI, signal });
    span.setAttribute('jobs_api.ocr.words', words.length);
    return { source: 'ocr', blocks: detectTables(layoutLines(words)) };
  });
}

/** Parses a PNG, JPEG, WEBP or TIFF image by OCR, one page per frame. */
export async function parseImage(bytes: Uint8Array, mimeType: string, ocr: OcrPool, signal: AbortSignal): Promise<ParsedPage[]> {
  // Before the decoder allocates what the header claims (the canvas library aborts the process
  // on a 100,000 × 100,000 px PNG).
  checkImageHeader(bytes, mimeType);
  const frames = await decodeFrames(bytes, mimeType);
  const pages: ParsedPage[] = [];
  for (const [index, frame] of frames.entries()) {
    throwIfAborted(signal);
    pages.push(await ocrCanvas(frame, ocr, signal, index + 1));
  }
  return pages;
}
