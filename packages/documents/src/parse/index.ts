import { throwIfAborted } from '../errors.js';
import type { LoadedDocument } from '../input/load-document.js';
import { checkTextLength } from '../limits/index.js';
import { checkJsonDepth, checkMarkupDepth } from '../limits/nesting.js';
import { MIME, isImageMimeType } from '../input/mime.js';
import type { OcrPool } from './ocr-pool.js';
import type { ParsedDocument, ParsedPage } from './parsed-document.js';
import { decodeUtf8, pagesFromText, parseCsvDocument, parseJsonDocument, parseXmlDocument } from './text-formats.js';

/** What parsing needs besides the document. */
export interface ParseContext {
  ocr: OcrPool;
  /** Resolution for rendering PDF pages that need OCR. */
  dpi: number;
  signal: AbortSignal;
  /** Stop after this many pages where the format allows (PDF). */
  maxPages?: number | undefined;
}

// The parsers of PDFs (pdfjs), images (the canvas library, utif2) and DOCX/HTML (mammoth,
// node-html-markdown) load with the first document of their kind: an engine sandbox that starts
// (after a crash, or with a new worker) spends ~0.15 s less CPU before it can take a text document.
async function parsePages(document: LoadedDocument, context: ParseContext): Promise<ParsedPage[]> {
  const { bytes, mimeType } = document;
  if (mimeType === MIME.pdf) return (await import('./pdf.js')).parsePdf(bytes, context);
  if (isImageMimeType(mimeType)) return (await import('./image.js')).parseImage(bytes, mimeType, context.ocr, context.signal);
  if (mimeType === MIME.docx) return (await import('./html.js')).parseDocx(bytes);
  const text = decodeUtf8(bytes, mimeType);
  checkTextLength(text.length);
  switch (mimeType) {
    case MIME.html:
      return (await import('./html.js')).parseHtmlDocument(text);
    case MIME.csv:
      return parseCsvDocument(text);
    case MIME.json:
      checkJsonDepth(text);
      return parseJsonDocument(text);
    case MIME.xml:
    case MIME.textXml:
      checkMarkupDepth(text, 'XML document');
      return parseXmlDocument(text);
    default:
      return pagesFromText(text.replace(/^\uFEFF/, ''));
  }
}

/** Parses any supported document into pages of lines and tables. */
export async function parseDocument(document: LoadedDocument, context: ParseContext): Promise<ParsedDocument> {
  throwIfAborted(context.signal);
  const pages = await parsePages(document, context);
  throwIfAborted(context.signal);
  const limited = context.maxPages ? pages.slice(0, context.maxPages) : pages;
  return { filename: document.filename, mimeType: document.mimeType, pages: limited.length ? limited : [{ source: 'text', blocks: [] }] };
}
