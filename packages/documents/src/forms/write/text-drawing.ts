/**
 * Writing a value into a box of a flat form: the text is fitted to the box (shrunk, then wrapped,
 * then cut), in a standard font, so any viewer shows it and its text layer reads it back.
 */
import { type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import type { Rectangle } from '@jobs-api/api-types';

// Typed values look like ink on paper: dark blue, 11 pt at most, 4 pt at least.
const INK = rgb(0.05, 0.1, 0.45);
const MAX_SIZE = 11;
const MIN_SIZE = 4;
const MIN_COMFORTABLE_SIZE = 6;
const PADDING = 2;
const LINE_SPACING = 1.15;

/** The text with characters the font cannot encode (standard fonts cover WinAnsi) replaced by "?". */
export function encodable(text: string, font: PDFFont): string {
  const supported = new Set(font.getCharacterSet());
  return [...text.replace(/[\r\n\t]+/g, ' ')].map((character) => (supported.has(character.codePointAt(0)!) ? character : '?')).join('');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function cut(text: string, font: PDFFont, size: number, width: number): string {
  let kept = text;
  while (kept.length > 1 && font.widthOfTextAtSize(`${kept}…`, size) > width) kept = kept.slice(0, -1);
  return kept === text ? text : `${kept}…`;
}

/**
 * Draws `text` inside `rect` (PDF user space): one line shrunk to fit when it can stay readable,
 * else wrapped over the lines the box holds, else shrunk to the minimum and cut with an ellipsis.
 */
export function drawTextInBox(page: PDFPage, text: string, rect: Rectangle, font: PDFFont): void {
  const value = encodable(text, font);
  const width = Math.max(1, rect.width - 2 * PADDING);
  const height = Math.max(1, rect.height - PADDING);
  let size = Math.max(MIN_SIZE, Math.min(MAX_SIZE, height * 0.75));
  const natural = font.widthOfTextAtSize(value, size);
  let lines = [value];
  if (natural > width) {
    const shrunk = (size * width) / natural;
    if (shrunk >= MIN_COMFORTABLE_SIZE) {
      size = shrunk;
    } else {
      // Wrap at the largest size whose lines fit the height; failing that, one cut line.
      let fitted: string[] | undefined;
      for (let candidate = size; candidate >= MIN_COMFORTABLE_SIZE && !fitted; candidate -= 0.5) {
        const wrapped = wrap(value, font, candidate, width);
        if (wrapped.length * candidate * LINE_SPACING <= height && wrapped.every((line) => font.widthOfTextAtSize(line, candidate) <= width)) {
          fitted = wrapped;
          size = candidate;
        }
      }
      if (fitted) lines = fitted;
      else {
        size = Math.max(MIN_SIZE, Math.min(size, (size * width) / natural));
        lines = [cut(value, font, size, width)];
      }
    }
  }
  const lineHeight = size * LINE_SPACING;
  const block = lines.length * lineHeight;
  // A tall box (a "Reason" area) is written from the top; a one-line box centred on its height.
  const top = rect.height > 2.6 * lineHeight ? rect.y + rect.height - PADDING : rect.y + (rect.height + block) / 2;
  lines.forEach((line, index) => {
    const baseline = top - (index + 1) * lineHeight + (lineHeight - size) + size * 0.22;
    page.drawText(line, { x: rect.x + PADDING, y: baseline, size, font, color: INK });
  });
}

/** Draws a cross in a checkbox's rectangle. */
export function drawCheckMark(page: PDFPage, rect: Rectangle): void {
  const inset = Math.min(rect.width, rect.height) * 0.18;
  const thickness = Math.max(0.8, Math.min(rect.width, rect.height) * 0.12);
  const [x0, y0, x1, y1] = [rect.x + inset, rect.y + inset, rect.x + rect.width - inset, rect.y + rect.height - inset];
  page.drawLine({ start: { x: x0, y: y0 }, end: { x: x1, y: y1 }, thickness, color: INK });
  page.drawLine({ start: { x: x0, y: y1 }, end: { x: x1, y: y0 }, thickness, color: INK });
}
