import mammoth from 'mammoth';
import { NodeHtmlMarkdown } from 'node-html-markdown';
import { unprocessableDocument } from '../errors.js';
import { checkTextLength } from '../limits/index.js';
import { checkMarkupDepth } from '../limits/nesting.js';
import { checkZipSizes } from '../limits/zip.js';
import type { ParsedPage } from './parsed-document.js';
import { pagesFromText } from './text-formats.js';

const converter = new NodeHtmlMarkdown({ keepDataImages: false, maxConsecutiveNewlines: 2 });

/** HTML to Markdown (node-html-markdown keeps tables as pipe tables), then to blocks. */
export function htmlToMarkdown(html: string): string {
  // Scripts and styles are never content; the converter would keep their text.
  const cleaned = html.replace(/<(script|style|noscript)\b[\s\S]*?<\/\1\s*>/gi, '');
  return converter.translate(cleaned);
}

/** An HTML document as one page of Markdown-derived blocks. */
export function parseHtmlDocument(html: string): ParsedPage[] {
  checkTextLength(html.length, 'The HTML');
  checkMarkupDepth(html, 'HTML document');
  return pagesFromText(htmlToMarkdown(html).replace(/\f/g, ''));
}

/** A DOCX via mammoth's HTML conversion (headings, lists and tables survive), as one page. */
export async function parseDocx(bytes: Uint8Array): Promise<ParsedPage[]> {
  checkZipSizes(bytes);
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }));
  } catch (error) {
    throw unprocessableDocument('corrupt_document', 'The DOCX file could not be read.', {
      cause: error instanceof Error ? error.message : String(error),
    });
  }
  return parseHtmlDocument(html);
}
