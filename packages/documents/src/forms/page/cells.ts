/**
 * Boxes closed on four sides by rules: the cells of a form's tables, single boxes and checkboxes.
 * A cell is the smallest rectangle whose top rule, two side rules and bottom rule all meet within
 * a small tolerance, so a table yields its cells rather than its outline.
 */
import { type PageRules, positionAt, type Rule } from './rules.js';

/** A rectangle in points, top-left origin. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A closed box, and the group of touching boxes (a table) it belongs to. */
export interface Cell extends Box {
  /** Index of its table: cells sharing borders share a table. */
  table: number;
}

// Rules meet when their ends are this close: scanned corners are rarely exact.
const JOIN_TOLERANCE_PT = 3;
// Smaller than this is a glyph, not a box (checkboxes are 7-12 pt).
const MIN_CELL_PT = 6;
// Letter strokes close small boxes inside text lines (6-9 pt high); a box to write in is taller,
// unless it is a checkbox-sized square.
const MIN_BOX_HEIGHT_PT = 11;

function spans(rule: Rule, from: number, to: number): boolean {
  return rule.x0 <= from + JOIN_TOLERANCE_PT && rule.x1 >= to - JOIN_TOLERANCE_PT;
}

/** Where a vertical rule is (its x) at its top end. */
const topX = (side: Rule): number => positionAt(side, side.y0);

/** Vertical rules that go down from `top` (starting at it or crossing it), left to right, one per x. */
function sidesBelow(top: Rule, vertical: Rule[]): Rule[] {
  const sides = vertical
    .filter((rule) => {
      const x = topX(rule);
      const y = positionAt(top, x);
      return x >= top.x0 - JOIN_TOLERANCE_PT && x <= top.x1 + JOIN_TOLERANCE_PT && rule.y0 <= y + JOIN_TOLERANCE_PT && rule.y1 >= y + MIN_CELL_PT;
    })
    .sort((a, b) => a.x0 - b.x0);
  const distinct: Rule[] = [];
  for (const side of sides) {
    const previous = distinct.at(-1);
    if (previous && side.x0 - previous.x0 < MIN_CELL_PT) {
      // Two rules at one x (a double line, a band edge): keep the one reaching further down.
      if (side.y1 > previous.y1) distinct[distinct.length - 1] = side;
    } else {
      distinct.push(side);
    }
  }
  return distinct;
}

/** Every closed cell of a page, top to bottom, left to right. */
export function findCells(rules: PageRules): Cell[] {
  const horizontal = [...rules.horizontal].sort((a, b) => a.y0 - b.y0);
  const found: Box[] = [];
  for (const top of horizontal) {
    const sides = sidesBelow(top, rules.vertical);
    for (let i = 0; i + 1 < sides.length; i += 1) {
      const left = sides[i]!;
      const leftX = topX(left);
      const topY = positionAt(top, leftX);
      // Rules the left side reaches down to: the candidates for the cell's bottom.
      const bottoms = horizontal.filter((rule) => {
        const y = positionAt(rule, leftX);
        return y >= topY + MIN_CELL_PT && y <= left.y1 + JOIN_TOLERANCE_PT && rule.x0 <= leftX + JOIN_TOLERANCE_PT;
      });
      if (bottoms.length === 0) continue;
      // The nearest right side that closes a box: letter stems inside a label also come down
      // from the top rule, but no bottom rule joins them.
      for (const right of sides.slice(i + 1)) {
        const rightX = topX(right);
        if (!spans(top, leftX, rightX)) break;
        const bottom = bottoms.find((rule) => rule.x1 >= rightX - JOIN_TOLERANCE_PT && right.y1 >= positionAt(rule, rightX) - JOIN_TOLERANCE_PT);
        if (!bottom) continue;
        const cell = {
          x0: leftX,
          y0: (topY + positionAt(top, rightX)) / 2,
          x1: rightX,
          y1: (positionAt(bottom, leftX) + positionAt(bottom, rightX)) / 2,
        };
        // Letter strokes in a label close tiny boxes with a stem; keep looking for the real side.
        if (cell.y1 - cell.y0 < MIN_BOX_HEIGHT_PT && !isCheckboxSized(cell)) continue;
        if (!found.some((other) => sameBox(other, cell))) found.push(cell);
        break;
      }
    }
  }
  return groupIntoTables(found);
}

function sameBox(a: Box, b: Box): boolean {
  const t = JOIN_TOLERANCE_PT;
  return Math.abs(a.x0 - b.x0) <= t && Math.abs(a.x1 - b.x1) <= t && Math.abs(a.y0 - b.y0) <= t && Math.abs(a.y1 - b.y1) <= t;
}

/** A small square: the shape of a checkbox. */
export function isCheckboxSized(box: Box): boolean {
  const width = box.x1 - box.x0;
  const height = box.y1 - box.y0;
  return width <= 16 && height <= 16 && width / height > 0.7 && width / height < 1.4;
}

/** Labels cells with a table index: cells whose borders touch belong together. */
function groupIntoTables(boxes: Box[]): Cell[] {
  const parent = boxes.map((_, index) => index);
  const root = (index: number): number => (parent[index] === index ? index : (parent[index] = root(parent[index]!)));
  const touch = (a: Box, b: Box): boolean =>
    a.x0 <= b.x1 + JOIN_TOLERANCE_PT && b.x0 <= a.x1 + JOIN_TOLERANCE_PT && a.y0 <= b.y1 + JOIN_TOLERANCE_PT && b.y0 <= a.y1 + JOIN_TOLERANCE_PT;
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) {
      if (!isCheckboxSized(boxes[i]!) && !isCheckboxSized(boxes[j]!) && touch(boxes[i]!, boxes[j]!)) parent[root(i)] = root(j);
    }
  }
  return boxes.map((box, index) => ({ ...box, table: root(index) })).sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
}
