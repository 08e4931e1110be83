/**
 * What blank detection reads from one page: its words, rules and boxes, in points from the
 * top-left corner, plus small geometry helpers shared by the detectors.
 */
import type { PositionedWord } from '../../parse/layout.js';
import type { Box, Cell } from './cells.js';
import type { PageRules } from './rules.js';

/** One page of a flat form, ready for blank detection. */
export interface FormPageLayout {
  /** 1-based. */
  pageNumber: number;
  width: number;
  height: number;
  words: PositionedWord[];
  rules: PageRules;
  cells: Cell[];
  /** Share of ink pixels inside a box (0 = blank paper). */
  ink(box: Box): number;
}

/** Horizontal overlap of two spans, in points (negative when apart). */
export function overlapX(a: Box, b: Box): number {
  return Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
}

/** Vertical overlap of two spans, in points (negative when apart). */
export function overlapY(a: Box, b: Box): number {
  return Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
}

/** Whether a word's centre lies inside a box. */
export function centerInside(word: Box, box: Box): boolean {
  const x = (word.x0 + word.x1) / 2;
  const y = (word.y0 + word.y1) / 2;
  return x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1;
}

/**
 * Marks, not words: OCR reads the "X" printed where to sign, arrows and box outlines as
 * one-character words, which must not count as a label or as content.
 */
export function isMark(word: PositionedWord): boolean {
  return word.text.replace(/[^\p{L}\p{N}]/gu, '').length <= 1;
}

/** Text of words in reading order, one space between words and lines. */
export function joinWords(words: PositionedWord[]): string {
  const sorted = [...words].sort((a, b) => {
    const sameLine = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) > 0.4 * Math.min(a.y1 - a.y0, b.y1 - b.y0);
    return sameLine ? a.x0 - b.x0 : a.y0 - b.y0;
  });
  return sorted.map((word) => word.text).join(' ');
}

/** A label as printed, without OCR debris: stray brackets and bars at the ends, a trailing colon. */
export function cleanLabel(text: string): string {
  let label = text.replace(/\s+/g, ' ').trim();
  label = label.replace(/^[\s[\]{}|~_:;.,»«>*•-]+/, '').replace(/[\s[\]{}|~_:;,»«>*•-]+$/, '');
  // An opening bracket left without its closing one (or the reverse) is debris too.
  if ((label.match(/\(/g) ?? []).length > (label.match(/\)/g) ?? []).length) label = label.replace(/\($/, '').trim();
  return label;
}

/** The bounding box of boxes. */
export function boundingBox(boxes: Box[]): Box {
  return {
    x0: Math.min(...boxes.map((box) => box.x0)),
    y0: Math.min(...boxes.map((box) => box.y0)),
    x1: Math.max(...boxes.map((box) => box.x1)),
    y1: Math.max(...boxes.map((box) => box.y1)),
  };
}
