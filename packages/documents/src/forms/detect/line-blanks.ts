/**
 * Blanks on lines: "Name ________" (a label followed by a blank line, drawn or typed as
 * underscores) and signature lines with their caption printed underneath.
 */
import type { PositionedWord } from '../../parse/layout.js';
import { type DetectedBlank, textBlankType } from './blank.js';
import { type Box, isCheckboxSized } from '../page/cells.js';
import { centerInside, cleanLabel, type FormPageLayout, isMark, joinWords, overlapX } from '../page/layout.js';
import type { Rule } from '../page/rules.js';

// Shorter lines are underlines of a word or parts of glyphs.
const MIN_BLANK_LINE_PT = 36;
// Longer than this share of the page is a separator rule.
const MAX_BLANK_LINE_SHARE = 0.8;
// Height of the writing space above a blank line: one line of 10-12 pt text.
const WRITE_HEIGHT_PT = 14;
// A label ends at most this far before its line; words closer than the gap below belong together.
const LABEL_REACH_PT = 40;
const PHRASE_GAP_PT = 12;
// A caption under a signature line is short and close to it.
const CAPTION_MAX_WORDS = 6;
const CAPTION_REACH_PT = 12;
const EDGE_TOLERANCE_PT = 3;

/** A rule along a box's edge or inside a box belongs to the box. */
function isPartOfBox(rule: Rule, layout: FormPageLayout): boolean {
  return layout.cells.some(
    (cell) =>
      !isCheckboxSized(cell) &&
      overlapX(rule, cell) > 0.5 * (rule.x1 - rule.x0) &&
      rule.y0 >= cell.y0 - EDGE_TOLERANCE_PT &&
      rule.y0 <= cell.y1 + EDGE_TOLERANCE_PT,
  );
}

/** The phrase on the line's baseline that ends just before it. */
function labelBefore(rule: Rule, words: PositionedWord[], rules: Rule[]): string {
  const onLine = words
    .filter((word) => word.y1 >= rule.y0 - 12 && word.y1 <= rule.y0 + 3 && word.x1 <= rule.x0 + 4 && !isMark(word))
    .sort((a, b) => b.x1 - a.x1);
  // A phrase stops at the end of a previous blank on the same line ("Name ____ Date ____").
  const previousEnd = Math.max(
    -Infinity,
    ...rules.filter((other) => other !== rule && Math.abs(other.y0 - rule.y0) < 3 && other.x1 <= rule.x0).map((other) => other.x1),
  );
  const phrase: PositionedWord[] = [];
  let reach = rule.x0;
  for (const word of onLine) {
    if (word.x0 < previousEnd) break;
    if (reach - word.x1 > (phrase.length === 0 ? LABEL_REACH_PT : PHRASE_GAP_PT)) break;
    phrase.push(word);
    reach = word.x0;
  }
  return cleanLabel(joinWords(phrase));
}

/** A short caption printed right under the line, within its span. */
function captionBelow(rule: Rule, words: PositionedWord[]): string {
  const below = words.filter((word) => {
    const center = (word.x0 + word.x1) / 2;
    return word.y0 >= rule.y0 + 0.5 && word.y0 <= rule.y0 + CAPTION_REACH_PT && center >= rule.x0 - 5 && center <= rule.x1 + 5 && !isMark(word);
  });
  if (below.length === 0 || below.length > CAPTION_MAX_WORDS) return '';
  return cleanLabel(joinWords(below));
}

/** Blanks on the free-standing lines of one page. */
export function detectLineBlanks(layout: FormPageLayout): DetectedBlank[] {
  const free = layout.words.filter((word) => !layout.cells.some((cell) => !isCheckboxSized(cell) && centerInside(word, cell)));
  const lines = layout.rules.horizontal.filter(
    (rule) => !rule.band && rule.x1 - rule.x0 >= MIN_BLANK_LINE_PT && rule.x1 - rule.x0 <= MAX_BLANK_LINE_SHARE * layout.width && !isPartOfBox(rule, layout),
  );
  const blanks: DetectedBlank[] = [];
  for (const rule of lines) {
    const space: Box = { x0: rule.x0, y0: rule.y0 - WRITE_HEIGHT_PT, x1: rule.x1, y1: rule.y0 - 0.5 };
    // Text (or ink where no word was read) sitting on the line means it underlines something.
    if (layout.ink({ x0: space.x0, y0: space.y0 + 2, x1: space.x1, y1: space.y1 - 1.5 }) > 0.03) continue;
    // Letters of bold text touch along their tops and feet and read as a rule; a blank line has paper under it.
    if (layout.ink({ x0: rule.x0, y0: rule.y0 + 1, x1: rule.x1, y1: rule.y0 + 3.5 }) > 0.08) continue;
    if (layout.words.some((word) => overlapX(word, space) > 0.3 * (word.x1 - word.x0) && word.y1 > space.y0 + 3 && word.y0 < space.y1)) continue;
    const label = labelBefore(rule, free, lines) || captionBelow(rule, free);
    if (!label) continue;
    blanks.push({ type: textBlankType(label), box: space, label, context: [], source: 'line' });
  }
  return blanks;
}
