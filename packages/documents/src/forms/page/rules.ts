/**
 * Straight rules (the lines a form is drawn with) found in a page raster: long runs of dark
 * pixels, row by row for horizontal rules and column by column for vertical ones. Works the
 * same for vector forms and scans, which is why layout detection reads pixels rather than the
 * PDF's drawing operators. Coordinates come out in PDF points, top-left origin.
 */
import type { PageRaster } from './raster.js';

/** A stretch of a rule and where it lies across (y for a horizontal rule, x for a vertical one). */
export interface RulePiece {
  from: number;
  to: number;
  at: number;
}

/** A horizontal or vertical rule, in points from the page's top-left corner. */
export interface Rule {
  /** For a horizontal rule y0 = y1 is its mean position; for a vertical one x0 = x1. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** An edge of a filled band (a coloured bar, a black square) rather than a drawn line. */
  band: boolean;
  /**
   * The rule stretch by stretch: a scanned page is never quite flat, and one ruled line drifts
   * 2-4 pt across a page (measured on the fidelity form), so corners are compared where they are.
   */
  pieces: RulePiece[];
}

/** The rules of a page. */
export interface PageRules {
  horizontal: Rule[];
  vertical: Rule[];
}

// Anything darker than this is ink. Scans of these forms tint boxes light gray (220-240) and draw
// rules at 0-120; green section bars come out around 140.
export const INK_THRESHOLD = 170;
// Shortest rule kept: checkbox sides are 7-10 pt.
const MIN_RULE_PT = 5;
// Thicker than this is a filled band, not a line: ruled lines are 0.5-2 pt, scanned ones a bit more.
const MAX_LINE_THICKNESS_PT = 2.6;
// Scanners break rules into dashes; gaps this small are bridged.
const MAX_GAP_PT = 1.2;
// Rules this close end to end are one rule.
const MERGE_DISTANCE_PT = 1.5;
// A scan skewed by a fraction of a degree draws one rule as steps ~2 pt apart over a page width.
const MERGE_OFFSET_PT = 2.5;

interface Run {
  start: number;
  end: number;
}

interface OpenStroke {
  from: number;
  to: number;
  first: number;
  last: number;
  current: Run;
}

/** Long dark runs along one line of pixels. */
function darkRuns(length: number, pixelAt: (i: number) => number, minLength: number, maxGap: number): Run[] {
  const runs: Run[] = [];
  let i = 0;
  while (i < length) {
    if (pixelAt(i) >= INK_THRESHOLD) {
      i += 1;
      continue;
    }
    const start = i;
    let lastDark = i;
    i += 1;
    while (i < length && i - lastDark <= maxGap) {
      if (pixelAt(i) < INK_THRESHOLD) lastDark = i;
      i += 1;
    }
    if (lastDark - start + 1 >= minLength) runs.push({ start, end: lastDark });
    i = lastDark + 1;
  }
  return runs;
}

/**
 * Strokes along one axis: runs on consecutive scan lines that overlap become one stroke, whose
 * thickness tells a line from a filled band.
 */
function strokes(lines: number, length: number, pixelAt: (line: number, i: number) => number, scale: number): OpenStroke[] {
  const minLength = Math.round(MIN_RULE_PT * scale);
  const maxGap = Math.max(1, Math.round(MAX_GAP_PT * scale));
  const done: OpenStroke[] = [];
  let open: OpenStroke[] = [];
  for (let line = 0; line < lines; line += 1) {
    const runs = darkRuns(length, (i) => pixelAt(line, i), minLength, maxGap);
    const next: OpenStroke[] = [];
    for (const run of runs) {
      const stroke = open.find((candidate) => {
        const overlap = Math.min(candidate.current.end, run.end) - Math.max(candidate.current.start, run.start);
        return overlap >= 0.8 * Math.min(candidate.current.end - candidate.current.start, run.end - run.start);
      });
      if (stroke) {
        open.splice(open.indexOf(stroke), 1);
        stroke.from = Math.min(stroke.from, run.start);
        stroke.to = Math.max(stroke.to, run.end);
        stroke.last = line;
        stroke.current = run;
        next.push(stroke);
      } else {
        next.push({ from: run.start, to: run.end, first: line, last: line, current: run });
      }
    }
    done.push(...open);
    open = next;
  }
  return done.concat(open);
}

/** Turns strokes into rules in points: a thin stroke is one rule, a band gives its two edges. */
function toRules(found: OpenStroke[], scale: number, horizontal: boolean): Rule[] {
  const rules: Rule[] = [];
  const maxThickness = MAX_LINE_THICKNESS_PT * scale;
  for (const stroke of found) {
    const from = stroke.from / scale;
    const to = (stroke.to + 1) / scale;
    const thickness = stroke.last - stroke.first + 1;
    const positions = thickness <= maxThickness ? [(stroke.first + stroke.last + 1) / 2 / scale] : [stroke.first / scale, (stroke.last + 1) / scale];
    const band = thickness > maxThickness;
    for (const at of positions) {
      const pieces = [{ from, to, at }];
      rules.push(horizontal ? { x0: from, x1: to, y0: at, y1: at, band, pieces } : { x0: at, x1: at, y0: from, y1: to, band, pieces });
    }
  }
  return rules;
}

/** Where a rule lies across at a point along it: the position of the nearest stretch. */
export function positionAt(rule: Rule, along: number): number {
  let best = rule.pieces[0]!;
  let bestDistance = Infinity;
  for (const piece of rule.pieces) {
    const distance = along < piece.from ? piece.from - along : along > piece.to ? along - piece.to : 0;
    if (distance < bestDistance) {
      best = piece;
      bestDistance = distance;
    }
  }
  return best.at;
}

/** Joins collinear rules (scan dropouts, the steps of a drifting rule) into one. */
function mergeCollinear(rules: Rule[], horizontal: boolean): Rule[] {
  const start = (rule: Rule): number => (horizontal ? rule.x0 : rule.y0);
  const end = (rule: Rule): number => (horizontal ? rule.x1 : rule.y1);
  const sorted = [...rules].sort((a, b) => start(a) - start(b));
  const merged: Rule[] = [];
  for (const rule of sorted) {
    const target = merged.find((candidate) => {
      if (start(rule) > end(candidate) + MERGE_DISTANCE_PT || end(rule) < start(candidate) - MERGE_DISTANCE_PT) return false;
      // Compare where the two meet, not their averages: a drifting rule's ends are far apart.
      const meeting = Math.min(Math.max(start(rule), start(candidate)), end(candidate));
      return Math.abs(positionAt(candidate, meeting) - positionAt(rule, meeting)) <= MERGE_OFFSET_PT;
    });
    if (!target) {
      merged.push({ ...rule, pieces: [...rule.pieces] });
      continue;
    }
    target.pieces.push(...rule.pieces);
    target.band &&= rule.band;
    if (horizontal) {
      target.x0 = Math.min(target.x0, rule.x0);
      target.x1 = Math.max(target.x1, rule.x1);
    } else {
      target.y0 = Math.min(target.y0, rule.y0);
      target.y1 = Math.max(target.y1, rule.y1);
    }
  }
  for (const rule of merged) {
    const length = rule.pieces.reduce((sum, piece) => sum + piece.to - piece.from, 0);
    const mean = rule.pieces.reduce((sum, piece) => sum + piece.at * (piece.to - piece.from), 0) / Math.max(length, 1e-9);
    if (horizontal) rule.y0 = rule.y1 = mean;
    else rule.x0 = rule.x1 = mean;
  }
  return merged;
}

/** Every horizontal and vertical rule of a rendered page. */
export function findRules(raster: PageRaster): PageRules {
  const { gray, width, height, scale } = raster;
  const horizontal = strokes(height, width, (y, x) => gray[y * width + x]!, scale);
  const vertical = strokes(width, height, (x, y) => gray[y * width + x]!, scale);
  return {
    horizontal: mergeCollinear(toRules(horizontal, scale, true), true),
    vertical: mergeCollinear(toRules(vertical, scale, false), false),
  };
}

/** Share of ink pixels inside a rectangle given in points (0 for an empty box). */
export function inkRatio(raster: PageRaster, box: { x0: number; y0: number; x1: number; y1: number }): number {
  const { gray, width, height, scale } = raster;
  const x0 = Math.max(0, Math.ceil(box.x0 * scale));
  const x1 = Math.min(width, Math.floor(box.x1 * scale));
  const y0 = Math.max(0, Math.ceil(box.y0 * scale));
  const y1 = Math.min(height, Math.floor(box.y1 * scale));
  if (x1 <= x0 || y1 <= y0) return 0;
  let ink = 0;
  for (let y = y0; y < y1; y += 1) {
    for (let x = x0; x < x1; x += 1) if (gray[y * width + x]! < INK_THRESHOLD) ink += 1;
  }
  return ink / ((x1 - x0) * (y1 - y0));
}
