/**
 * A blank found on a flat form: where a value goes and the printed label that asks for it.
 */
import type { Box } from '../page/cells.js';

/** How a blank was recognised. */
export type BlankSource = 'box' | 'table-cell' | 'line' | 'checkbox';

/** A place to write on a flat form, in points from the page's top-left corner. */
export interface DetectedBlank {
  type: 'text' | 'checkbox' | 'signature';
  /** Where the value goes: the free part of its box, the space above its line, the checkbox. */
  box: Box;
  /** The printed label the blank was detected from. */
  label: string;
  /** Text around it that says which part of the form it belongs to: table caption, section heading. */
  context: string[];
  source: BlankSource;
}

// "Signature", "Sign here" ask for a signature; "Print name of signer" or a date next to it do not.
const SIGNATURE_LABEL = /\b(signature|sign here|signed)\b/i;
const NOT_SIGNATURE = /\b(print|printed|name|date|title)\b/i;

/** The type of a text blank from its label: a signature box is not for typed values. */
export function textBlankType(label: string): 'text' | 'signature' {
  return SIGNATURE_LABEL.test(label) && !NOT_SIGNATURE.test(label) ? 'signature' : 'text';
}
