import type { TableParsingFormat } from '../types.js';
import type { Block } from './layout.js';
import { formatTable } from './table-format.js';

/** One page of a parsed document. */
export interface ParsedPage {
  /** Where the text came from: a PDF text layer, OCR, or a text-based format. */
  source: 'text-layer' | 'ocr' | 'text';
  blocks: Block[];
}

/** What the parser hands to rendering and to the local engine. */
export interface ParsedDocument {
  filename: string;
  mimeType: string;
  pages: ParsedPage[];
}

/** A page as text: lines in reading order, tables in the requested format. */
export function renderPage(page: ParsedPage, format: TableParsingFormat): string {
  const parts: string[] = [];
  for (const block of page.blocks) {
    if (block.kind === 'table') {
      parts.push(formatTable(block, format));
    } else if (block.raw !== undefined) {
      parts.push(block.raw);
    } else {
      // Wide gaps inside a line (columns, label and value) are kept as a double space.
      parts.push(block.segments.map((segment) => segment.text).join('  '));
    }
  }
  return parts.join('\n');
}

/** Plain text of a page for scoring (tables as tab-separated rows). */
export function pagePlainText(page: ParsedPage): string {
  return page.blocks
    .map((block) =>
      block.kind === 'table' ? block.rows.map((row) => row.join('\t')).join('\n') : (block.raw ?? block.segments.map((segment) => segment.text).join('  ')),
    )
    .join('\n');
}
