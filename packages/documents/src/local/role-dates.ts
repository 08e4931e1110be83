/**
 * The document's date: the one date a label gives for the document (not a due, birth or service
 * date), else the one date the document writes.
 */
import { parseDate } from './coerce.js';
import type { DocumentLine } from './document-lines.js';
import type { RoleAnswer } from './role-lines.js';
import { normalizeText } from './text-match.js';
import { findDates } from './typed-values.js';

// "Dt" is how bills abbreviate it ("Bill Dt./Time").
export const DATE_LABEL = /\b(date|dated|dt|issued?)\b/;
export const DATE_EXCLUDED = /\b(due|birth|admission|discharge|delivery|ship\w*|expir\w*|service|from|through|period)\b/;

// Six digits right after a date label: forms write dates in boxes without separators, "MMDDYY"
// on US claim forms (dev: the claim form's statement period "110306 110406", service dates
// "1103 06"). Only beside a label: a bare six-digit number is more often a code.
const COMPACT_DATE_AFTER_LABEL = /\b(?:date|dated|dt)\b\.?\s*[:#]?\s*(\d{2})\s?(\d{2})\s?(\d{2})(?![\d/.-])/gi;

/** Compact dates ("110406", "11 04 06") right after a date label, read in the document's day/month order. */
export function compactDatesAfterLabel(text: string, dayFirst: boolean): Array<{ iso: string; labelText: string }> {
  const found: Array<{ iso: string; labelText: string }> = [];
  for (const match of text.matchAll(COMPACT_DATE_AFTER_LABEL)) {
    const iso = parseDate(`${match[1]}/${match[2]}/${match[3]}`, dayFirst);
    if (iso) found.push({ iso, labelText: text.slice(0, (match.index ?? 0) + match[0].search(/\d/)) });
  }
  return found;
}

/** The document's own date, or undefined when the document gives several or none. */
export function findDate(lines: DocumentLine[], dayFirst: boolean): RoleAnswer | undefined {
  const all: Array<{ iso: string; labelled: boolean; excluded: boolean; ambiguous: boolean }> = [];
  lines.forEach((line, index) => {
    const normalized = normalizeText(line.text);
    const previous = index > 0 ? normalizeText(lines[index - 1]!.text) : '';
    for (const compact of compactDatesAfterLabel(line.text, dayFirst)) {
      const labelText = normalizeText(compact.labelText);
      const excluded = DATE_EXCLUDED.test(labelText);
      all.push({ iso: compact.iso, labelled: !excluded, excluded, ambiguous: true });
    }
    for (const date of findDates(line.text, dayFirst)) {
      const labelText = normalizeText(line.text.slice(0, date.start));
      // A label on the line. (A "Date" column header above is not enough: payment and service
      // lists have one; a document with a single date is answered below anyway.)
      const labelled = DATE_LABEL.test(labelText);
      const excluded = DATE_EXCLUDED.test(labelText) || (labelText.trim() === '' && DATE_EXCLUDED.test(previous) && DATE_LABEL.test(previous));
      all.push({
        iso: date.iso,
        labelled: labelled && !DATE_EXCLUDED.test(labelText),
        excluded: excluded || (DATE_EXCLUDED.test(normalized) && !DATE_LABEL.test(labelText)),
        ambiguous: date.ambiguous,
      });
    }
  });
  const labelled = all.filter((date) => date.labelled && !date.excluded);
  const labelledDates = new Set(labelled.map((date) => date.iso));
  if (labelledDates.size === 1) return { value: labelled[0]!.iso, likelihood: labelled[0]!.ambiguous ? 0.7 : 0.85 };
  if (labelledDates.size > 1) return undefined;
  const unlabelled = all.filter((date) => !date.excluded);
  const dates = new Set(unlabelled.map((date) => date.iso));
  // The one date the document writes (a receipt's): its date. Several: no answer.
  if (dates.size === 1 && unlabelled.length === all.length) return { value: unlabelled[0]!.iso, likelihood: unlabelled[0]!.ambiguous ? 0.6 : 0.75 };
  return undefined;
}
