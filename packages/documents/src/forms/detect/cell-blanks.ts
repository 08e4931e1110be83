/**
 * Blanks in boxes: a box whose label leaves room to write (below or beside it), an empty table
 * cell under or beside a header, an empty box with its label outside, and checkboxes.
 */
import type { PositionedWord } from '../../parse/layout.js';
import { type DetectedBlank, textBlankType } from './blank.js';
import { type Box, type Cell, isCheckboxSized } from '../page/cells.js';
import { centerInside, cleanLabel, type FormPageLayout, isMark, joinWords, overlapX, overlapY } from '../page/layout.js';

/** What a box holds. */
type CellRole = { kind: 'labelled'; label: string; area: Box } | { kind: 'header'; label: string } | { kind: 'empty' } | { kind: 'content' };

// More words than this in a box is prose or a filled-in value, not a label.
const MAX_LABEL_WORDS = 20;
// Room to write needs at least this much height below a label (a line of 8 pt text)...
const MIN_WRITE_HEIGHT_PT = 8;
// ...or this much width beside a one-line label.
const MIN_WRITE_WIDTH_PT = 50;
// Inside a checkbox: anything above this share of ink is a filled square or a glyph.
const MAX_CHECKBOX_INK = 0.12;
// Around a checkbox: a glyph-made "box" inside a word or a coloured band has ink all around.
const MAX_CHECKBOX_SURROUNDING_INK = 0.15;
// A label beside a box or checkbox starts within this distance of it.
const LABEL_REACH_PT = 30;
// Words further apart than this are different phrases.
const PHRASE_GAP_PT = 12;
const TOUCH_PT = 3;
// Room to write is blank paper: a box filled with colour (a heading band, letters in a bar) is not.
// The "X" printed where to sign covers well under 1% of its box.
const MAX_WRITE_AREA_INK = 0.08;
// Narrower or lower than this is a sliver between strokes, not room to write.
const MIN_AREA_WIDTH_PT = 20;
const MIN_AREA_HEIGHT_PT = 6;

// A mark printed at the start of a box (the "X" where to sign or date) starts this close to its
// left edge, is at most this wide, and is followed by blank paper.
const MARK_START_PT = 12;
const MARK_MAX_WIDTH_PT = 24;
const MARK_GAP_PT = 3;

/**
 * The area to write in, moved right of a mark printed at its start: a value drawn over the "X"
 * of a signature or date box is hard to read. Found from ink, column by column, so it works
 * whether or not OCR read the mark as a letter.
 */
function pastMarks(area: Box, layout: FormPageLayout): Box {
  // A box may start with a coloured band and then the mark: step past up to two of them.
  const once = pastMark(area, layout);
  return once === area ? area : pastMark(once, layout);
}

function pastMark(area: Box, layout: FormPageLayout): Box {
  const inked = (x: number): boolean => layout.ink({ x0: x, y0: area.y0, x1: x + 1, y1: area.y1 }) > 0.03;
  let start: number | undefined;
  for (let x = area.x0; x < area.x0 + MARK_START_PT + MARK_MAX_WIDTH_PT; x += 1) {
    if (start === undefined) {
      if (x > area.x0 + MARK_START_PT) return area;
      if (inked(x)) start = x;
      continue;
    }
    if (x - start > MARK_MAX_WIDTH_PT) return area;
    let gap = true;
    for (let step = 0; step < MARK_GAP_PT && gap; step += 1) gap = !inked(x + step);
    if (gap) return { ...area, x0: x + 2 };
  }
  return area;
}

function isRoomToWrite(area: Box, layout: FormPageLayout): boolean {
  return area.x1 - area.x0 >= MIN_AREA_WIDTH_PT && area.y1 - area.y0 >= MIN_AREA_HEIGHT_PT && layout.ink(area) <= MAX_WRITE_AREA_INK;
}

function wordsInside(box: Box, words: PositionedWord[]): PositionedWord[] {
  return words.filter((word) => centerInside(word, box) && !isMark(word));
}

function roleOf(cell: Cell, layout: FormPageLayout): CellRole {
  const inside = wordsInside(cell, layout.words);
  if (inside.length === 0) return { kind: 'empty' };
  if (inside.length > MAX_LABEL_WORDS) return { kind: 'content' };
  const label = cleanLabel(joinWords(inside));
  const bottom = Math.max(...inside.map((word) => word.y1));
  const right = Math.max(...inside.map((word) => word.x1));
  const height = cell.y1 - cell.y0;
  if (cell.y1 - bottom >= Math.max(MIN_WRITE_HEIGHT_PT, 0.35 * height)) {
    const area = { x0: cell.x0 + 2, y0: bottom + 1, x1: cell.x1 - 2, y1: cell.y1 - 1.5 };
    if (isRoomToWrite(area, layout)) return { kind: 'labelled', label, area: pastMarks(area, layout) };
  }
  const oneLine = inside.every((word) => overlapY(word, inside[0]!) > 0);
  if (oneLine && cell.x1 - right >= Math.max(MIN_WRITE_WIDTH_PT, 0.4 * (cell.x1 - cell.x0))) {
    const area = { x0: right + 4, y0: cell.y0 + 1.5, x1: cell.x1 - 2, y1: cell.y1 - 1.5 };
    if (isRoomToWrite(area, layout)) return { kind: 'labelled', label, area: pastMarks(area, layout) };
  }
  return { kind: 'header', label };
}

/** Words outside every box, on the line band `band`, read outward from `edge` (left or right). */
function phraseBeside(band: Box, edge: number, direction: 1 | -1, free: PositionedWord[]): string {
  const onLine = free
    .filter((word) => overlapY(word, band) > 0.5 * (word.y1 - word.y0) && !isMark(word))
    .filter((word) => (direction === 1 ? word.x0 >= edge - 1 : word.x1 <= edge + 1))
    .sort((a, b) => direction * (a.x0 - b.x0));
  const phrase: PositionedWord[] = [];
  let reach = edge;
  for (const word of onLine) {
    const gap = direction === 1 ? word.x0 - reach : reach - word.x1;
    if (gap > (phrase.length === 0 ? LABEL_REACH_PT : PHRASE_GAP_PT)) break;
    phrase.push(word);
    reach = direction === 1 ? word.x1 : word.x0;
  }
  return cleanLabel(joinWords(phrase));
}

/**
 * The header of an empty cell's column (above) or row (left): the nearest header cell, walking
 * across the empty cells between (the second empty row of a table is labelled by its header too).
 */
function neighbour(cell: Cell, cells: Cell[], roles: Map<Cell, CellRole>, side: 'left' | 'above'): string | undefined {
  let current = cell;
  for (let steps = 0; steps < cells.length; steps += 1) {
    const next = cells.find((other) => {
      if (other === current || other.table !== current.table) return false;
      if (side === 'left') return Math.abs(other.x1 - current.x0) <= TOUCH_PT && overlapY(other, current) > 0.6 * (current.y1 - current.y0);
      return Math.abs(other.y1 - current.y0) <= TOUCH_PT && overlapX(other, current) > 0.6 * (current.x1 - current.x0);
    });
    const role = next ? roles.get(next) : undefined;
    if (!next || !role) return undefined;
    if (role.kind === 'header') return role.label;
    if (role.kind !== 'empty') return undefined;
    current = next;
  }
  return undefined;
}

/** Label of an empty box: its table header (above) and row header (left), or text just outside it. */
function emptyCellLabel(
  cell: Cell,
  cells: Cell[],
  roles: Map<Cell, CellRole>,
  free: PositionedWord[],
): { label: string; source: 'table-cell' | 'box' } | undefined {
  const above = neighbour(cell, cells, roles, 'above');
  const left = neighbour(cell, cells, roles, 'left');
  if (above && left) return { label: `${above} (${left})`, source: 'table-cell' };
  if (above ?? left) return { label: (above ?? left)!, source: 'table-cell' };
  const beside = phraseBeside(cell, cell.x0, -1, free);
  if (beside) return { label: beside, source: 'box' };
  const overhead = free.filter((word) => word.y1 <= cell.y0 + 1 && word.y1 >= cell.y0 - 14 && overlapX(word, cell) > 0 && !isMark(word));
  const label = cleanLabel(joinWords(overhead));
  return label ? { label, source: 'box' } : undefined;
}

function isCheckbox(cell: Cell, layout: FormPageLayout): boolean {
  const inner = { x0: cell.x0 + 1.5, y0: cell.y0 + 1.5, x1: cell.x1 - 1.5, y1: cell.y1 - 1.5 };
  if (layout.ink(inner) > MAX_CHECKBOX_INK) return false;
  const ring = [
    { x0: cell.x0 - 4, y0: cell.y0 - 4, x1: cell.x1 + 4, y1: cell.y0 - 1.5 },
    { x0: cell.x0 - 4, y0: cell.y1 + 1.5, x1: cell.x1 + 4, y1: cell.y1 + 4 },
    { x0: cell.x0 - 4, y0: cell.y0, x1: cell.x0 - 1.5, y1: cell.y1 },
  ];
  if (ring.some((band) => layout.ink(band) > MAX_CHECKBOX_SURROUNDING_INK)) return false;
  // A real checkbox is not part of a word: OCR may read the box itself as "[J" or "O", but never
  // a word of several letters straddling it.
  return !layout.words.some(
    (word) =>
      word.text.replace(/[^\p{L}\p{N}]/gu, '').length >= 3 &&
      overlapX(word, cell) > 0.5 * (cell.x1 - cell.x0) &&
      overlapY(word, cell) > 0.5 * (cell.y1 - cell.y0),
  );
}

/** Blanks found in the boxes of one page. */
export function detectCellBlanks(layout: FormPageLayout): DetectedBlank[] {
  const boxes = layout.cells.filter((cell) => !isCheckboxSized(cell));
  const free = layout.words.filter((word) => !layout.cells.some((cell) => !isCheckboxSized(cell) && centerInside(word, cell)));
  const roles = new Map<Cell, CellRole>(boxes.map((cell) => [cell, roleOf(cell, layout)]));
  // A labelled cell over an empty cell of its column is a table header, not a place to write.
  for (const cell of boxes) {
    const role = roles.get(cell)!;
    const below = boxes.find(
      (other) => other.table === cell.table && Math.abs(other.y0 - cell.y1) <= TOUCH_PT && overlapX(other, cell) > 0.8 * (cell.x1 - cell.x0),
    );
    if (role.kind === 'labelled' && below && roles.get(below)!.kind === 'empty') roles.set(cell, { kind: 'header', label: role.label });
  }
  const blanks: DetectedBlank[] = [];
  for (const cell of boxes) {
    const role = roles.get(cell)!;
    if (role.kind === 'labelled') {
      blanks.push({ type: textBlankType(role.label), box: role.area, label: role.label, context: [], source: 'box' });
    } else if (role.kind === 'empty') {
      const found = emptyCellLabel(cell, boxes, roles, free);
      const inset = pastMarks({ x0: cell.x0 + 2, y0: cell.y0 + 1.5, x1: cell.x1 - 2, y1: cell.y1 - 1.5 }, layout);
      if (found && isRoomToWrite(inset, layout))
        blanks.push({ type: textBlankType(found.label), box: inset, label: found.label, context: [], source: found.source });
    }
  }
  for (const cell of layout.cells.filter(isCheckboxSized)) {
    if (!isCheckbox(cell, layout)) continue;
    const label = phraseBeside(cell, cell.x1, 1, free) || phraseBeside(cell, cell.x0, -1, free);
    if (label) blanks.push({ type: 'checkbox', box: { x0: cell.x0, y0: cell.y0, x1: cell.x1, y1: cell.y1 }, label, context: [], source: 'checkbox' });
  }
  return blanks;
}
