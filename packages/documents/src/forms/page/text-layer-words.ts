/**
 * The words of a born-digital form page, from its text layer, with positions in points (top-left
 * origin).
 */
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import type { PositionedWord } from '../../parse/layout.js';
import { pageTextWords } from '../../parse/pdf.js';

// Below this many letters or digits a page is treated as a scan (as parse/pdf.ts does).
const MIN_TEXT_LAYER_CHARACTERS = 3;

/**
 * Splits runs of underscores out of text-layer words: "Name: ______" is a label followed by a
 * blank, and the blank itself is found as a rule in the raster. Positions are shared out in
 * proportion to characters, which is close enough for one font.
 */
function withoutUnderscores(words: PositionedWord[]): PositionedWord[] {
  const out: PositionedWord[] = [];
  for (const word of words) {
    if (!word.text.includes('___')) {
      out.push(word);
      continue;
    }
    const perCharacter = (word.x1 - word.x0) / Math.max(1, word.text.length);
    let offset = 0;
    for (const piece of word.text.split(/(_{3,})/)) {
      const start = word.x0 + offset * perCharacter;
      offset += piece.length;
      if (piece.startsWith('___') || piece.trim() === '') continue;
      out.push({ ...word, text: piece.trim(), x0: start, x1: start + piece.length * perCharacter });
    }
  }
  return out;
}

/**
 * The words of a page's text layer, underscores split out; undefined for a page without one
 * (a scan), whose words are read by OCR where labels can be (scan-words.ts).
 */
export async function textLayerWords(page: PDFPageProxy): Promise<PositionedWord[] | undefined> {
  const layer = await pageTextWords(page);
  const characters = layer.reduce((sum, word) => sum + word.text.replace(/[^\p{L}\p{N}]/gu, '').length, 0);
  return characters >= MIN_TEXT_LAYER_CHARACTERS ? withoutUnderscores(layer) : undefined;
}
