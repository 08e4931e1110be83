import { throwIfAborted } from '../errors.js';
import type { LoadedDocument } from '../input/load-document.js';
import { checkTextLength } from '../limits/index.js';
import { checkJsonDepth, checkMarkupDepth } from '../limits/nesting.js';
import { MIME, isImageMimeType } from '../input/mime.js';
import { parseDocx, parseHtmlDocument } from './html.js';
import { parseImage } from './image.js';
import type { OcrPool } from './ocr-pool.js';
import type { ParsedDocument, ParsedPage } from './parsed-document.js';
import { parsePdf } from './pdf.js';
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

async function parsePages(document: LoadedDocument, context: ParseContext): Promise<ParsedPage[]> {
  const { bytes, mimeType } = document;
  if (mimeType === MIME.pdf) return parsePdf(bytes, context);
  if (isImageMimeType(mimeType)) return parseImage(bytes, mimeType, context.ocr, context.signal);
  if (mimeType === MIME.docx) return parseDocx(bytes);
  const text = decodeUtf8(bytes, mimeType);
  checkTextLength(text.length);
  switch (mimeType) {
    case MIME.html:
      return parseHtmlDocument(text);
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
