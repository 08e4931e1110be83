/**
 * Geometry shared by the PDF text layer and OCR: positioned words become lines
 * (by vertical overlap) and lines become segments (by wide horizontal gaps).
 * Coordinates have a top-left origin; units are whatever the source used (PDF
 * points, image pixels): only ratios matter.
 */

/** A run of text with its box, from the PDF text layer or from OCR. */
export interface PositionedWord {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** 0..1; 1 for a text layer. */
  confidence: number;
}

/** Part of a line separated from its neighbours by a wide gap: a label, a value, a table cell. */
export interface TextSegment {
  text: string;
  /** Horizontal extent, when the source had geometry. */
  x0?: number;
  x1?: number;
  /** 0..1: OCR confidence, 1 for a text layer or a text format. */
  confidence: number;
  /** 0..1: the least confident word's OCR confidence (when it differs from `confidence`'s 1). */
  minConfidence?: number;
}

/** A line of text, split into segments. */
export interface LineBlock {
  kind: 'line';
  segments: TextSegment[];
  /** The line exactly as written, for text formats (rendering keeps it verbatim). */
  raw?: string;
  /** Vertical extent, when the source had geometry. */
  y0?: number;
  y1?: number;
}

/** A table; `rows[0]` is the header when `hasHeader`. */
export interface TableBlock {
  kind: 'table';
  rows: string[][];
  hasHeader: boolean;
  /**
   * Per cell, the OCR confidence of its segments, weighted by length (same shape as `rows`), when the table
   * came from positioned words: a misread cell must not pass for a clean one.
   */
  cellConfidence?: number[][];
  /** Per cell, its least confident word's OCR confidence. */
  cellMinConfidence?: number[][];
}

/** A page's content in reading order. */
export type Block = LineBlock | TableBlock;

// A gap wider than this many line heights starts a new segment. Word spacing is about
// 0.25-0.5 em in print and in OCR boxes; columns and label/value gaps are wider.
const SEGMENT_GAP_IN_LINE_HEIGHTS = 1.0;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Groups words into lines, top to bottom, each line's words left to right. */
export function groupWordsIntoLines(words: PositionedWord[]): PositionedWord[][] {
  const visible = words.filter((word) => word.text.trim().length > 0 && word.y1 > word.y0);
  const byCenter = [...visible].sort((a, b) => (a.y0 + a.y1) / 2 - (b.y0 + b.y1) / 2);
  const lines: Array<{ words: PositionedWord[]; y0: number; y1: number }> = [];
  for (const word of byCenter) {
    const center = (word.y0 + word.y1) / 2;
    // Words join the latest line whose band holds their vertical centre; small superscripts
    // and mixed font sizes on one baseline still land together.
    const line = lines.findLast((candidate) => center >= candidate.y0 && center <= candidate.y1);
    if (line) {
      line.words.push(word);
      line.y0 = Math.min(line.y0, word.y0);
      line.y1 = Math.max(line.y1, word.y1);
    } else {
      lines.push({ words: [word], y0: word.y0, y1: word.y1 });
    }
  }
  lines.sort((a, b) => a.y0 - b.y0);
  return lines.map((line) => line.words.sort((a, b) => a.x0 - b.x0));
}

/** Splits a line's words into segments at gaps wider than about one line height. */
export function segmentLine(words: PositionedWord[]): LineBlock {
  const height = median(words.map((word) => word.y1 - word.y0));
  const segments: TextSegment[] = [];
  let current: PositionedWord[] = [];
  const flush = (): void => {
    if (current.length === 0) return;
    segments.push({
      text: joinWords(current),
      x0: current[0]!.x0,
      x1: Math.max(...current.map((word) => word.x1)),
      confidence: current.reduce((sum, word) => sum + word.confidence, 0) / current.length,
      minConfidence: Math.min(...current.map((word) => word.confidence)),
    });
    current = [];
  };
  for (const word of words) {
    const previous = current.at(-1);
    if (previous && word.x0 - previous.x1 > SEGMENT_GAP_IN_LINE_HEIGHTS * height) flush();
    current.push(word);
  }
  flush();
  return {
    kind: 'line',
    segments,
    y0: Math.min(...words.map((word) => word.y0)),
    y1: Math.max(...words.map((word) => word.y1)),
  };
}

function joinWords(words: PositionedWord[]): string {
  let text = '';
  let previous: PositionedWord | undefined;
  for (const word of words) {
    const piece = word.text.replace(/\s+/g, ' ');
    if (previous) {
      // PDF text runs split mid-word touch each other; only add a space for a visible gap.
      const gap = word.x0 - previous.x1;
      const touching = gap < 0.15 * (word.y1 - word.y0);
      if (!(touching && !text.endsWith(' ') && !piece.startsWith(' '))) text += ' ';
    }
    text += piece;
    previous = word;
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** Lines with segments, from positioned words. */
export function layoutLines(words: PositionedWord[]): LineBlock[] {
  return groupWordsIntoLines(words).map(segmentLine);
}
