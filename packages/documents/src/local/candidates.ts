import type { LineBlock, TableBlock, TextSegment } from '../parse/layout.js';
import type { ParsedDocument } from '../parse/parsed-document.js';

/** How a label/value pair was found; decides how much it is trusted. */
export type CandidateKind = 'inline' | 'adjacent' | 'below' | 'table-column' | 'table-row';

/** A label with a value found next to it somewhere in the document. */
export interface Candidate {
  label: string;
  value: string;
  kind: CandidateKind;
  /** 0..1: OCR confidence of the value. */
  confidence: number;
  /** 1-based page number. */
  page: number;
  /** Position in document order (ties go to the earlier pair). */
  order: number;
  /** For table-column pairs: 0 for the first body row, 1 for the next... */
  rowIndex?: number;
  /** True for a value from a column of several numbers: a list of records, weak evidence for a single field. */
  inDataColumn?: boolean;
}

/** A table with its page, for array extraction. */
export interface LocatedTable {
  table: TableBlock;
  page: number;
  /** The short line just above the table, often its title. */
  caption?: string;
}

/** How much each kind of pair is trusted, before label and value scores. */
export const KIND_WEIGHT: Record<CandidateKind, number> = {
  inline: 1,
  'table-column': 0.95,
  'table-row': 0.9,
  adjacent: 0.85,
  below: 0.75,
};

const MAX_LABEL_WORDS = 8;

/** Text that can be a label: has letters, is short, is not a sentence. */
export function isLabelLike(text: string): boolean {
  const trimmed = text.trim();
  if (!/\p{L}{2}/u.test(trimmed)) return false;
  if (trimmed.split(/\s+/).length > MAX_LABEL_WORDS) return false;
  // Sentences end with a full stop; labels rarely do ("Pvt. Ltd" and "No." aside, which end in letters).
  return !/[a-z]{3,}\.$/i.test(trimmed);
}

// "Label: value" inside one segment. Times (12:30) and URLs (https://) are not labels.
const INLINE_PAIR = /^([^:]{1,60}?)\s*[:：]\s*(.*)$/;

function splitInline(text: string): { label: string; value: string } | undefined {
  if (/^\s*https?:/i.test(text)) return undefined;
  const match = INLINE_PAIR.exec(text);
  if (!match || (/\d$/.test(match[1]!) && /^\d/.test(match[2]!))) return undefined;
  const label = match[1]!.trim();
  if (!isLabelLike(label)) return undefined;
  return { label, value: match[2]!.trim() };
}

function overlaps(a: TextSegment, b: TextSegment): boolean {
  if (a.x0 === undefined || a.x1 === undefined || b.x0 === undefined || b.x1 === undefined) return false;
  return Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 0;
}

/** Collects label/value candidates and tables from every page. */
export function collectCandidates(document: ParsedDocument): { candidates: Candidate[]; tables: LocatedTable[] } {
  const candidates: Candidate[] = [];
  const tables: LocatedTable[] = [];
  const add = (candidate: Omit<Candidate, 'order'>): void => {
    if (candidate.value.trim() === '' || candidate.label.trim() === '') return;
    candidates.push({ ...candidate, order: candidates.length });
  };
  document.pages.forEach((parsedPage, pageIndex) => {
    const page = pageIndex + 1;
    const blocks = parsedPage.blocks;
    blocks.forEach((block, blockIndex) => {
      if (block.kind === 'table') {
        const previous = blocks[blockIndex - 1];
        const caption =
          previous?.kind === 'line' &&
          previous.segments.length === 1 &&
          isLabelLike(previous.segments[0]!.text) &&
          !splitInline(previous.segments[0]!.text)?.value
            ? previous.segments[0]!.text.replace(/:$/, '')
            : undefined;
        tables.push({ table: block, page, ...(caption ? { caption } : {}) });
        collectTableCandidates(block, page, add);
        return;
      }
      const next = blocks[blockIndex + 1];
      collectLineCandidates(block, next?.kind === 'line' ? next : undefined, page, add);
    });
  });
  return { candidates, tables };
}

function collectLineCandidates(line: LineBlock, nextLine: LineBlock | undefined, page: number, add: (candidate: Omit<Candidate, 'order'>) => void): void {
  const segments = line.segments;
  segments.forEach((segment, index) => {
    const inline = splitInline(segment.text);
    const following = segments[index + 1];
    const below = nextLine && belowSegment(segment, segments.length, nextLine);
    if (inline && inline.value) {
      add({ ...inline, kind: 'inline', confidence: segment.confidence, page });
      return;
    }
    const label = inline?.label ?? segment.text;
    if (!isLabelLike(label)) return;
    if (following) add({ label, value: following.text, kind: 'adjacent', confidence: following.confidence, page });
    if (below) add({ label, value: below.text, kind: 'below', confidence: below.confidence, page });
  });
}

/** The segment under `segment` on the next line: by geometry, or the whole next line for text formats. */
function belowSegment(segment: TextSegment, segmentsOnLine: number, nextLine: LineBlock): TextSegment | undefined {
  if (segment.x0 !== undefined) return nextLine.segments.find((candidate) => overlaps(segment, candidate));
  if (segmentsOnLine === 1 && nextLine.segments.length === 1) return nextLine.segments[0];
  return undefined;
}

function collectTableCandidates(table: TableBlock, page: number, add: (candidate: Omit<Candidate, 'order'>) => void): void {
  // OCR'd tables carry each cell's confidence; text layers and text formats read exactly.
  const confidenceAt = (rowIndex: number, column: number): number => table.cellConfidence?.[rowIndex]?.[column] ?? 1;
  // A cell may hold a whole "Label: value" pair (two-column letterheads).
  table.rows.forEach((row, rowIndex) => {
    row.forEach((cell, column) => {
      const inline = splitInline(cell);
      if (inline?.value) add({ ...inline, kind: 'inline', confidence: confidenceAt(rowIndex, column), page });
    });
  });
  const [header, ...body] = table.rows;
  if (header) {
    // Without a detected header the first row may still label the columns (a form laid out
    // as a grid): trusted less, as a value found below its label.
    const kind: CandidateKind = table.hasHeader ? 'table-column' : 'below';
    header.forEach((label, column) => {
      if (!isLabelLike(label)) return;
      const numbers = body.filter((row) => /^[^\p{L}]*\d[^\p{L}]*$/u.test(row[column] ?? '')).length;
      const inDataColumn = numbers >= 2;
      body.forEach((row, rowIndex) => {
        add({ label, value: row[column] ?? '', kind, confidence: confidenceAt(rowIndex + 1, column), page, rowIndex, inDataColumn });
      });
    });
  }
  // Key/value grids (a totals box): a label cell followed by its value cell.
  const first = table.hasHeader ? 1 : 0;
  table.rows.slice(first).forEach((row, offset) => {
    row.forEach((cell, column) => {
      const value = row[column + 1];
      // Two-column grids are key/value tables whatever the value looks like.
      if (value !== undefined && isLabelLike(cell) && (row.length === 2 || !isLabelLike(value))) {
        add({ label: cell, value, kind: 'table-row', confidence: confidenceAt(first + offset, column + 1), page });
      }
    });
  });
}
