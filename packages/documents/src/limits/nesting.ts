/**
 * Nesting depth of JSON and markup, measured by one linear scan before a recursive parser or
 * converter walks the document (deep nesting overflows their stacks or takes quadratic time).
 */
import { documentLimits, limitExceeded } from './index.js';

function refuse(depth: number, what: string): never {
  const max = documentLimits().maxNestingDepth;
  throw limitExceeded('document_too_large', 'maxNestingDepth', `The ${what} nests deeper than ${max} levels.`, depth);
}

/** Throws when JSON arrays/objects nest deeper than the limit (brackets inside strings do not count). */
export function checkJsonDepth(text: string): void {
  const max = documentLimits().maxNestingDepth;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) refuse(depth, 'JSON document');
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
}

// HTML elements that never have content, so never nest.
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'param']);
// Elements whose start tag closes an open one of the same name (implied end tags): `<p>a<p>b`.
const SELF_CLOSING_SIBLINGS = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option']);
const TAG = /<(\/?)([A-Za-z][\w:.-]*)[^>]*?(\/?)>/g;

/**
 * Throws when HTML/XML elements nest deeper than the limit. A closing tag closes back to its
 * opening tag, as an HTML parser does with unclosed elements (`<p>`, `<li>`) inside it.
 */
export function checkMarkupDepth(text: string, what: string): void {
  const max = documentLimits().maxNestingDepth;
  const open: string[] = [];
  for (const match of text.matchAll(TAG)) {
    const [, closing, rawName, selfClosing] = match;
    const name = rawName!.toLowerCase();
    if (closing) {
      const index = open.lastIndexOf(name);
      if (index !== -1) open.length = index;
    } else if (!selfClosing && !VOID_ELEMENTS.has(name)) {
      if (SELF_CLOSING_SIBLINGS.has(name)) {
        const index = open.lastIndexOf(name);
        if (index !== -1) open.length = index;
      }
      open.push(name);
      if (open.length > max) refuse(open.length, what);
    }
  }
}
