/**
 * What part of a form a blank belongs to: the caption printed over its table ("Wire Recipient")
 * and the section heading above it ("1. Account Owners"). Forms repeat labels ("Name",
 * "Country") across sections; this is what tells them apart when matching values.
 */
import { groupWordsIntoLines, type PositionedWord, segmentLine } from '../../parse/layout.js';
import type { DetectedBlank } from './blank.js';
import { type Box, isCheckboxSized } from '../page/cells.js';
import { boundingBox, centerInside, cleanLabel, type FormPageLayout, overlapX } from '../page/layout.js';

/** A line segment of free text (outside every box). */
interface Phrase extends Box {
  text: string;
  /** Median word height: headings are set larger. */
  size: number;
}

// Headings are numbered ("3. Bank Wire ...") or set noticeably larger than body text.
const NUMBERED_HEADING = /^\d{1,2}\.\s*\p{L}/u;
const HEADING_SIZE_RATIO = 1.35;
const MAX_HEADING_WORDS = 10;
// A table's caption sits right above it and is short: a longer line is the end of a paragraph.
const CAPTION_REACH_PT = 22;
const MAX_CAPTION_WORDS = 8;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function freePhrases(layout: FormPageLayout): Phrase[] {
  const boxes = layout.cells.filter((cell) => !isCheckboxSized(cell));
  const free = layout.words.filter((word) => !boxes.some((cell) => centerInside(word, cell)));
  const phrases: Phrase[] = [];
  for (const lineWords of groupWordsIntoLines(free)) {
    const line = segmentLine(lineWords);
    for (const segment of line.segments) {
      const words = lineWords.filter((word) => word.x0 >= (segment.x0 ?? 0) - 0.5 && word.x1 <= (segment.x1 ?? Infinity) + 0.5);
      if (words.length === 0) continue;
      phrases.push({ ...boundingBox(words), text: cleanLabel(segment.text), size: median(words.map((word) => word.y1 - word.y0)) });
    }
  }
  return phrases;
}

/** The section headings of a page, top to bottom. */
export function pageHeadings(layout: FormPageLayout): Array<{ text: string; y: number }> {
  const phrases = freePhrases(layout);
  const bodySize = median(layout.words.map((word: PositionedWord) => word.y1 - word.y0));
  return phrases
    .filter((phrase) => phrase.text.split(' ').length <= MAX_HEADING_WORDS && /\p{L}{3}/u.test(phrase.text))
    .filter((phrase) => NUMBERED_HEADING.test(phrase.text) || phrase.size >= HEADING_SIZE_RATIO * bodySize)
    .sort((a, b) => a.y0 - b.y0)
    .map((phrase) => ({ text: phrase.text, y: phrase.y1 }));
}

/**
 * Adds caption and section to each blank's context. `carriedSection` is the last heading of the
 * previous pages (a section continues over a page break).
 */
export function addContext(blanks: DetectedBlank[], layout: FormPageLayout, carriedSection: string | undefined): string | undefined {
  const headings = pageHeadings(layout);
  const phrases = freePhrases(layout);
  const tables = new Map<number, Box>();
  for (const cell of layout.cells.filter((candidate) => !isCheckboxSized(candidate))) {
    const known = tables.get(cell.table);
    tables.set(cell.table, known ? boundingBox([known, cell]) : cell);
  }
  for (const blank of blanks) {
    const table = [...tables.values()].find((box) => centerInside(blank.box, box));
    if (table) {
      const caption = phrases
        .filter((phrase) => phrase.y1 <= table.y0 + 1 && phrase.y1 >= table.y0 - CAPTION_REACH_PT && overlapX(phrase, table) > 0.2 * (phrase.x1 - phrase.x0))
        .filter((phrase) => phrase.text.split(' ').length <= MAX_CAPTION_WORDS)
        .sort((a, b) => b.y1 - a.y1)[0];
      if (caption && caption.text !== blank.label) blank.context.push(caption.text);
    }
    const section = headings.filter((heading) => heading.y <= blank.box.y0).at(-1)?.text ?? carriedSection;
    if (section && !blank.context.includes(section)) blank.context.push(section);
  }
  return headings.at(-1)?.text ?? carriedSection;
}
