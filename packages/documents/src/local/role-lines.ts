/**
 * What the role finders share: their answer, and the lines that carry a label with where the
 * label ends (the value is looked for right of it).
 */
import type { DocumentLine } from './document-lines.js';
import { normalizeText } from './text-match.js';

/** What a role's finder answers: a value and how sure it is (0..1). */
export interface RoleAnswer {
  value: string | number;
  likelihood: number;
  /** OCR confidence of the line it was read from (1 for a text layer), when known. */
  confidence?: number;
  /** Other readings of the document agree with it arithmetically: a second witness in itself. */
  witnessed?: boolean;
}

/** A line carrying a label. */
export interface Labelled {
  line: DocumentLine;
  /** Where the label ends in the line's text. */
  end: number;
}

/** Lines whose text contains a label matching `pattern` (and not `excluded`), with where it ends. */
export function labelledLines(lines: DocumentLine[], pattern: RegExp, excluded?: RegExp): Labelled[] {
  const found: Labelled[] = [];
  for (const line of lines) {
    const normalized = normalizeText(line.text);
    if (!pattern.test(normalized) || (excluded && excluded.test(normalized))) continue;
    found.push({ line, end: labelEnd(line.text, pattern) });
  }
  return found;
}

/** Where a label ends in the raw text: after the last letter of the matched words (approximately). */
function labelEnd(text: string, pattern: RegExp): number {
  // Normalizing keeps word order: find the last word of the match in the raw text.
  const normalized = normalizeText(text);
  const match = pattern.exec(normalized);
  if (!match) return 0;
  const lastWord = match[0].trim().split(' ').at(-1)!;
  const raw = text.toLowerCase();
  const at = raw.indexOf(lastWord === 'number' ? '#' : lastWord);
  const fallback = raw.indexOf(lastWord);
  const position = at >= 0 ? at : fallback;
  return position >= 0 ? position + (lastWord === 'number' && at >= 0 && raw[at] === '#' ? 1 : lastWord.length) : 0;
}

/** The mean OCR confidence of a line's parts (1 for a text layer). */
export const confidenceOf = (line: DocumentLine): number => line.parts.reduce((sum, part) => sum + part.confidence, 0) / line.parts.length;
