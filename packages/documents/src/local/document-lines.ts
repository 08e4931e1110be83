import type { ParsedDocument } from '../parse/parsed-document.js';

/** A piece of a line: a segment of text, or a table cell. */
export interface LinePart {
  text: string;
  x0?: number | undefined;
  x1?: number | undefined;
  confidence: number;
  /** The least confident word's OCR confidence. */
  minConfidence: number;
}

/** A line of the document in reading order, from a text line or a table row. */
export interface DocumentLine {
  /** The parts joined by two spaces. */
  text: string;
  parts: LinePart[];
  /** 1-based page. */
  page: number;
  /** Position among all lines of the document. */
  index: number;
  /** Position among the lines of its page, 0..1 (0 = first line). */
  pageRank: number;
  /** Line height in source units, when the source had geometry: a font-size proxy. */
  height?: number | undefined;
  /** Median line height of its page, for comparing font sizes. */
  pageMedianHeight?: number | undefined;
  fromTable: boolean;
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Flattens a parsed document into lines: text lines keep their geometry, table rows become lines of cells. */
export function documentLines(document: ParsedDocument): DocumentLine[] {
  const lines: DocumentLine[] = [];
  document.pages.forEach((page, pageIndex) => {
    const onPage: Array<Omit<DocumentLine, 'index' | 'pageRank' | 'pageMedianHeight'>> = [];
    for (const block of page.blocks) {
      if (block.kind === 'table') {
        block.rows.forEach((row, rowIndex) => {
          const parts = row.flatMap((cell, cellIndex) =>
            cell.trim() === ''
              ? []
              : [
                  {
                    text: cell.trim(),
                    confidence: block.cellConfidence?.[rowIndex]?.[cellIndex] ?? 1,
                    minConfidence: block.cellMinConfidence?.[rowIndex]?.[cellIndex] ?? 1,
                  },
                ],
          );
          if (parts.length) onPage.push({ text: parts.map((part) => part.text).join('  '), parts, page: pageIndex + 1, fromTable: true });
        });
        continue;
      }
      const parts = block.segments
        .filter((segment) => segment.text.trim() !== '')
        .map((segment) => ({
          text: segment.text.trim(),
          x0: segment.x0,
          x1: segment.x1,
          confidence: segment.confidence,
          minConfidence: segment.minConfidence ?? segment.confidence,
        }));
      if (!parts.length) continue;
      const height = block.y0 !== undefined && block.y1 !== undefined ? block.y1 - block.y0 : undefined;
      onPage.push({ text: parts.map((part) => part.text).join('  '), parts, page: pageIndex + 1, height, fromTable: false });
    }
    const pageMedianHeight = median(onPage.flatMap((line) => (line.height === undefined ? [] : [line.height])));
    onPage.forEach((line, rank) => {
      lines.push({ ...line, index: lines.length, pageRank: onPage.length > 1 ? rank / (onPage.length - 1) : 0, pageMedianHeight });
    });
  });
  return lines;
}
