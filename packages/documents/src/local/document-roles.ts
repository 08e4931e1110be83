/**
 * Fields every invoice, receipt or bill has, found from the document's layout when no
 * "label: value" pair names them: the seller is the first business name in the header, the
 * total is the amount beside the strongest total label, the date is the one date the
 * document gives for itself. A field takes a role from its schema words (name, title,
 * description, with synonyms); a role's finder answers only on clear evidence, else nothing.
 */
import type { SchemaKind } from '../schema/json-schema.js';
import type { DocumentLine, LinePart } from './document-lines.js';
import type { FieldDescriptor } from './field-match.js';
import { parseDate } from './coerce.js';
import { normalizeText } from './text-match.js';
import { findAmounts, findDates, hasBusinessWord, hasOwnNameWord, identifierIn, isNameLike } from './typed-values.js';

export type FieldRole = 'total' | 'subtotal' | 'tax' | 'date' | 'documentNumber' | 'seller' | 'buyer' | 'sellerAddress';

/** What a role's finder answers: a value and how sure it is (0..1). */
export interface RoleAnswer {
  value: string | number;
  likelihood: number;
  /** OCR confidence of the line it was read from (1 for a text layer), when known. */
  confidence?: number;
  /** Other readings of the document agree with it arithmetically: a second witness in itself. */
  witnessed?: boolean;
}

const has = (tokens: readonly string[], ...wanted: string[]): boolean => wanted.some((token) => tokens.includes(token));

/** The role a schema field plays on a commercial document, from its concept tokens. */
export function roleOf(field: FieldDescriptor, kind: SchemaKind): FieldRole | undefined {
  const name = field.nameTokens;
  const all = [...name, ...field.descriptionTokens, ...field.parentTokens];
  if (kind === 'number' || kind === 'integer') {
    if (has(name, 'subtotal')) return 'subtotal';
    if (has(name, 'tax')) return 'tax';
    if (has(name, 'total') && !has(name, 'quantity', 'id')) return 'total';
    return undefined;
  }
  if (kind !== 'string' && kind !== 'unknown') return undefined;
  if (has(name, 'date')) {
    return has(all, 'due', 'birth', 'admission', 'discharge', 'service', 'delivery', 'shipto', 'start', 'end', 'period', 'expiry') ? undefined : 'date';
  }
  if (has(name, 'id')) return has(name, 'invoice', 'receipt', 'document', 'doc') ? 'documentNumber' : undefined;
  if (has(name, 'phone', 'email', 'website', 'tax', 'vatid', 'currency')) return undefined;
  if (has(name, 'address')) return has(all, 'receiver', 'shipto') ? undefined : 'sellerAddress';
  if (has(name, 'receiver') && !has(name, 'supplier')) return 'buyer';
  if (has(name, 'supplier', 'company', 'merchant', 'store', 'business')) return has(all, 'receiver') ? undefined : 'seller';
  return undefined;
}

// ---- labels, on normalized text (lower case, punctuation as spaces; "#" reads "number") ----
// "Totals" heads the sums line of claim forms (UB-04's line 23).
const TOTAL_LABEL = /\b(totals?|amount due|balance due|amount payable|net payable|bill amount|invoice amount)\b/;
const TOTAL_EXCLUDED =
  /\b(sub ?total|qty|quantity|items?|excl\w*|exclusive|before|discount|saving\w*|payments?|paid|credits?|points?|change|cash|tendered|rounding adj\w*|adj\w*)\b/;
const TOTAL_TAX_WORDS = /\b(gst|tax|vat|tva)\b/;
const TOTAL_STRONG = /\b(round\w*|grand|nett?|inclusive|incl|after tax|payable|final)\b/;
const SUBTOTAL_LABEL = /\b(sub ?total|total (sales )?(excl\w*|exclusive|before tax)|total before tax|amount before tax|net amount|total ht)\b/;
const TAX_LABEL = /\b(total gst|total tax|sales tax|gst|vat|tax|tva)\b/;
const TAX_EXCLUDED = /\b(id|no|number|reg\w*|invoice|code|summary|incl\w*|excl\w*|exclusive|before|after|rate|relief|act|price)\b/;
const DOC_NUMBER_LABEL = /\b(invoice|receipt|inv|doc|document|bill|cash bill|transaction|trans|order)\s*(no|nbr|num|nr|number|id)\b/;
// "Dt" is how bills abbreviate it ("Bill Dt./Time").
const DATE_LABEL = /\b(date|dated|dt|issued?)\b/;
const DATE_EXCLUDED = /\b(due|birth|admission|discharge|delivery|ship\w*|expir\w*|service|from|through|period)\b/;
const BUYER_LABEL = /\b(bill(ed)? to|sold to|invoice to|customer( name)?|client( name)?|patient( name)?|buyer|attention|attn)\b/;
const SELLER_LABEL = /\b(bill(ed)? from|vendor|seller|supplier|issued by|merchant|from)\b/;
const DOC_TYPE_LINE = /^(tax |simplified tax |cash |official )?(invoice|receipt|bill|statement|quotation|outpatient|inpatient|cash bill|tax invoice)s?$/;
const CONTACT = /\b(tel|phone|fax|h p|hp|email|e mail|www|http|gst|co reg|company no|reg no|business reg)\b/;

const REGISTRATION_LABEL = /\b(no|nbr|number|reg\w*|id|gst|vat|tax|sst|roc|ssm|code)\b/;

interface Labelled {
  line: DocumentLine;
  /** Where the label ends in the line's text. */
  end: number;
}

/** Lines whose text contains a label matching `pattern` (and not `excluded`), with where it ends. */
function labelledLines(lines: DocumentLine[], pattern: RegExp, excluded?: RegExp): Labelled[] {
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

const confidenceOf = (line: DocumentLine): number => line.parts.reduce((sum, part) => sum + part.confidence, 0) / line.parts.length;

// Names and addresses must be read letter for letter; on the dev receipts every misread
// letterhead line had an OCR confidence under 0.75 and every right one 0.9 or more.
export const NAME_MIN_CONFIDENCE = 0.85;
// …and no word of it much less: on dev (read with tesseract's modes 3, 6 and 11) the right
// names had no word under 0.80, misread words sat at 0.42–0.77 inside lines whose mean passed.
const NAME_MIN_WORD_CONFIDENCE = 0.8;

/** A part read cleanly enough to be a name: on average and in its least sure word. */
function readsAsName(part: LinePart): boolean {
  return part.confidence >= NAME_MIN_CONFIDENCE && part.minConfidence >= NAME_MIN_WORD_CONFIDENCE;
}

// Words of a form's own labels: a value made of them is another field's label ("Salesperson",
// "Terms", "Date"), not a person's or a company's name.
const FIELD_WORDS =
  /\b(sales ?person|sales ?rep|cashier|served by|operator|terms|date|time|phone|tel|fax|email|invoice|receipt|total|amount|qty|quantity|description|balance|account|ship to|payment|due)\b/;

/** A name value: name-like text that is not a label (no trailing colon, no field words). */
export function nameValue(text: string): boolean {
  return isNameLike(text) && !/[:：]\s*$/.test(text) && !FIELD_WORDS.test(normalizeText(text));
}
// A code with one misread digit is wrong; the misread one on dev scored 0.69, right ones 0.77+.
export const CODE_MIN_CONFIDENCE = 0.75;

/**
 * A bare integer ("6000") is weak evidence of money: on the dev scans it was a quantity, a
 * code or an amount whose decimal point OCR lost. It is accepted only beside a label that
 * starts its line ("Total 20"); inside a description ("(25 ha total) 6000") it is not.
 */
function amountEvidence(labelled: Labelled, amount: { moneyLike: boolean }): boolean {
  return amount.moneyLike || labelStartsLine(labelled.line.text.slice(0, labelled.end));
}

/** A label text short enough to start its line ("Total", "Sub Total (RM)"), not a description. */
export function labelStartsLine(label: string): boolean {
  return normalizeText(label).split(' ').length <= 3;
}

// Whole units, one space, two digits, then the end of the segment: cents written in their own
// column (claim forms print "300 00" for 300.00), or a decimal point OCR read as a space (dev: a
// receipt's "Total Amount; $8 20" for $8.20).
const CENTS_COLUMN = /^[\s:;.]*(?:(?:RM|USD|[$€£])\s?)?(\d{1,3}(?:,\d{3})+|\d{1,7}) (\d{2})(?= {2,}|\s*$)/iu;

/** An amount written with its cents in a column of their own, at the start of a text. */
export function centsColumnAmount(text: string): number | undefined {
  const match = CENTS_COLUMN.exec(text);
  return match ? Number(`${match[1]!.replace(/,/g, '')}.${match[2]}`) : undefined;
}

/** The amount right of a label on its line, else the first amount of the next line when the label stands alone. */
function amountBeside(labelled: Labelled, lines: DocumentLine[]): { value: number; moneyLike: boolean } | undefined {
  const cents = centsColumnAmount(labelled.line.text.slice(labelled.end));
  if (cents !== undefined) return { value: cents, moneyLike: true };
  // The first amount right of the label, preferring one written as money; long bare digit
  // runs are codes (an NPI, a registration number), not amounts.
  const right = findAmounts(labelled.line.text.slice(labelled.end)).filter((amount) => amount.moneyLike || Math.abs(amount.value) < 1e7);
  const first = right.find((amount) => amount.moneyLike) ?? right[0];
  if (first) return first;
  const rest = labelled.line.text.slice(labelled.end).replace(/[\s:;.()|\p{L}]/gu, '');
  if (rest !== '') return undefined;
  const next = lines[labelled.line.index + 1];
  const below = next && next.page === labelled.line.page ? findAmounts(next.text) : [];
  return below.length === 1 ? below[0] : undefined;
}

const PAYMENT_LINE = /\b(payments?|credits?|paid|deposit|pre ?payment)\b/;
const ROUNDING_LINE = /\bround\w*\b/;

/** The first line recording a payment or credit with an amount. */
function firstPaymentLine(lines: DocumentLine[]): DocumentLine | undefined {
  return lines.find((line) => PAYMENT_LINE.test(normalizeText(line.text)) && findAmounts(line.text).some((amount) => amount.moneyLike));
}

/** The amount of a rounding adjustment line ("Rounding Adj -0.01"): a few cents, not zero. */
function roundingOf(line: DocumentLine): number | undefined {
  const normalized = normalizeText(line.text);
  if (!ROUNDING_LINE.test(normalized) || /\btotal\b/.test(normalized)) return undefined;
  const amounts = findAmounts(line.text).filter((amount) => amount.moneyLike);
  const value = amounts.at(-1)?.value;
  return value !== undefined && value !== 0 && Math.abs(value) < 0.1 ? value : undefined;
}

/** The one rounding adjustment the document prints, if any (two different ones: none). */
export function documentRounding(lines: DocumentLine[]): number | undefined {
  const values = new Set(lines.flatMap((line) => (roundingOf(line) === undefined ? [] : [roundingOf(line)!])));
  return values.size === 1 ? [...values][0] : undefined;
}

/** The last money amount a line prints. */
function lastMoney(line: DocumentLine | undefined): number | undefined {
  return line
    ? findAmounts(line.text)
        .filter((amount) => amount.moneyLike)
        .at(-1)?.value
    : undefined;
}

/**
 * A receipt's rounded total read from the arithmetic around its rounding line when no total
 * label was read: the amount just above the rounding adjustment, plus the adjustment, gives
 * exactly the amount just below it ("60.31 / Rounding Adj -0.01 / 60.30"). Three readings that
 * add up are a witness no single misread digit passes (dev: a total line read "0pTE RY 60.31",
 * its label lost, under which the rounded 60.30 stood).
 */
function roundedTotalByArithmetic(lines: DocumentLine[]): RoleAnswer | undefined {
  const found = new Set<number>();
  let confidence = 1;
  for (const line of lines) {
    const adjustment = roundingOf(line);
    if (adjustment === undefined) continue;
    const samePage = (other: DocumentLine | undefined): DocumentLine | undefined => (other && other.page === line.page ? other : undefined);
    const above = lastMoney(samePage(lines[line.index - 1]));
    const belowLine = samePage(lines[line.index + 1]);
    const below = lastMoney(belowLine);
    if (above === undefined || below === undefined || below <= 0) continue;
    if (Math.abs(above + adjustment - below) >= 0.005) continue;
    found.add(below);
    confidence = Math.min(confidence, confidenceOf(belowLine!));
  }
  // Two different rounded amounts: no answer.
  if (found.size !== 1) return undefined;
  return { value: [...found][0]!, likelihood: Number((0.75 * (0.7 + 0.3 * confidence)).toFixed(3)), confidence, witnessed: true };
}

function findTotal(lines: DocumentLine[]): RoleAnswer | undefined {
  const candidates: Array<{ value: number; strength: number; confidence: number; line: DocumentLine; rounded: boolean }> = [];
  const firstPayment = firstPaymentLine(lines);
  for (const labelled of labelledLines(lines, TOTAL_LABEL, TOTAL_EXCLUDED)) {
    const normalized = normalizeText(labelled.line.text);
    // "Total GST" is a tax, unless the label says the total includes it.
    if (TOTAL_TAX_WORDS.test(normalized) && !/\b(incl\w*|inclusive|after)\b/.test(normalized)) continue;
    const amount = amountBeside(labelled, lines);
    if (!amount || amount.value <= 0 || !amountEvidence(labelled, amount)) continue;
    const isTotal = /\btotal\b/.test(normalized);
    // A balance or amount due printed after payments or credits is what is left to pay, not
    // the document's total (dev: a "Balance Due" of 68.01 under a total of 12,113.67).
    if (!isTotal && firstPayment && firstPayment.index < labelled.line.index) continue;
    const strength = isTotal ? (TOTAL_STRONG.test(normalized) ? 3 : 2) : 1;
    candidates.push({
      value: amount.value,
      strength: strength + (amount.moneyLike ? 0.5 : 0),
      confidence: confidenceOf(labelled.line),
      line: labelled.line,
      rounded: /\bround\w*\b/.test(normalized),
    });
  }
  if (!candidates.length) return roundedTotalByArithmetic(lines);
  // The strongest label wins; among equals, the largest amount (a tax summary's "Total" is smaller).
  candidates.sort((a, b) => b.strength - a.strength || b.value - a.value);
  const best = candidates[0]!;
  const agreeing = candidates.filter((candidate) => Math.abs(candidate.value - best.value) < 0.005).length;
  const likelihood = Math.min(0.95, 0.55 + 0.1 * best.strength + 0.05 * (agreeing - 1)) * (0.7 + 0.3 * best.confidence);
  // Receipts round what is paid: a rounding adjustment printed right after an unrounded total
  // makes the total the rounded amount (dev: "Total 60.31 / Rounding Adj -0.01 / 60.30").
  if (!best.rounded) {
    const next = lines.slice(best.line.index + 1, best.line.index + 3).find((line) => line.page === best.line.page && roundingOf(line) !== undefined);
    if (next) {
      const confidence = Math.min(best.confidence, confidenceOf(next));
      return { value: Number((best.value + roundingOf(next)!).toFixed(2)), likelihood: Number((likelihood * 0.9).toFixed(3)), confidence };
    }
  }
  return { value: best.value, likelihood: Number(likelihood.toFixed(3)), confidence: best.confidence };
}

function findLabelledAmount(lines: DocumentLine[], label: RegExp, excluded: RegExp | undefined, prefer: RegExp): RoleAnswer | undefined {
  const candidates: Array<{ value: number; preferred: boolean; confidence: number; moneyLike: boolean }> = [];
  for (const labelled of labelledLines(lines, label, excluded)) {
    const amount = amountBeside(labelled, lines);
    if (!amount || amount.value < 0 || !amountEvidence(labelled, amount)) continue;
    candidates.push({
      value: amount.value,
      preferred: prefer.test(normalizeText(labelled.line.text)),
      confidence: confidenceOf(labelled.line),
      moneyLike: amount.moneyLike,
    });
  }
  if (!candidates.length) return undefined;
  const preferred = candidates.filter((candidate) => candidate.preferred);
  const pool = preferred.length ? preferred : candidates;
  const values = new Set(pool.map((candidate) => candidate.value));
  // Two different amounts under equally good labels: no answer rather than a guess.
  if (values.size > 1) return undefined;
  const best = pool[0]!;
  return {
    value: best.value,
    likelihood: Number(((best.moneyLike ? 0.8 : 0.65) * (0.7 + 0.3 * best.confidence)).toFixed(3)),
    confidence: best.confidence,
  };
}

function findDocumentNumber(lines: DocumentLine[]): RoleAnswer | undefined {
  for (const labelled of labelledLines(lines, DOC_NUMBER_LABEL)) {
    const right = labelled.line.text.slice(labelled.end);
    const identifier = identifierIn(right.replace(/^[^A-Za-z0-9]*/, ''));
    if (identifier && confidenceOf(labelled.line) < CODE_MIN_CONFIDENCE) return undefined;
    if (identifier) return { value: identifier, likelihood: Number((0.8 * (0.7 + 0.3 * confidenceOf(labelled.line))).toFixed(3)) };
  }
  return undefined;
}

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

function findDate(lines: DocumentLine[], dayFirst: boolean): RoleAnswer | undefined {
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

/** The header lines before the first line that is clearly not the letterhead (a label, a table, an item). */
function headerLines(lines: DocumentLine[]): DocumentLine[] {
  const firstPage = lines.filter((line) => line.page === 1);
  const header: DocumentLine[] = [];
  for (const line of firstPage) {
    const normalized = normalizeText(line.text);
    if (line.pageRank > 0.35 || header.length >= 12) break;
    // The letterhead ends where the addressee's block or the first "label: value" starts.
    if (BUYER_LABEL.test(normalized) || /\bship(ped)? to\b/.test(normalized)) break;
    if (/\p{L}{2,}\s*[:：]/u.test(line.text) && !CONTACT.test(normalized)) break;
    header.push(line);
  }
  return header;
}

/** A letterhead line that names a business: not a document title, a contact line, an address or an annotation. */
function sellerLineScore(line: DocumentLine, medianHeight: number | undefined): number {
  // A letterhead sharing its line with other columns ("APOLLO HOSPITALS  EMERGENCY  1066"):
  // its name is the first part, which is what is answered.
  const text = line.parts[0]!.text.replace(/\s{2,}/g, ' ').trim();
  const normalized = normalizeText(text);
  if (!isNameLike(text) || !hasOwnNameWord(text) || DOC_TYPE_LINE.test(normalized) || CONTACT.test(normalized)) return 0;
  if (/\b(jalan|jln|street|road|avenue|lot|no \d|p ?o box|suite|floor)\b/.test(normalized)) return 0;
  const letters = text.match(/\p{L}/gu) ?? [];
  // Handwritten notes and annotators' names on scans are lower case; printed letterheads are not.
  if (letters.every((letter) => letter === letter.toLowerCase())) return 0;
  if (letters.length < 4) return 0;
  // OCR of a logo or a signature: capitals inside a word ("AtalisSo").
  if (/\p{Ll}\p{Lu}/u.test(text)) return 0;
  // The same text twice on a line is a form's repeated box, not a letterhead.
  if (line.parts.length > 1 && new Set(line.parts.map((part) => normalizeText(part.text))).size < line.parts.length) return 0;
  let score = 0.4;
  if (hasBusinessWord(text)) score += 0.4;
  if (line.height !== undefined && medianHeight && line.height >= 1.25 * medianHeight) score += 0.15;
  if (line.parts.length === 1) score += 0.05;
  return score;
}

/** The first half of a text whose two halves read the same ("Any Hospital Any Hospital"), else undefined. */
function repeatedHalf(text: string): string | undefined {
  const words = text.trim().split(/\s+/);
  const half = words.length / 2;
  if (Number.isInteger(half) && half > 0 && normalizeText(words.slice(0, half).join(' ')) === normalizeText(words.slice(half).join(' '))) {
    return words.slice(0, half).join(' ');
  }
  return undefined;
}

// A name a form prints twice side by side (its billing and pay-to boxes) and OCR reads the same
// from both prints has a second witness, so it passes a lower gate than a single reading: a
// code's mean and no word under 0.65 (dev: a claim form's "Any Hospital Any Hospital" at
// 0.83 mean, 0.69 least word; single misread names sat at 0.42–0.77 in one place only).
const REPEATED_NAME_MIN_WORD_CONFIDENCE = 0.65;

/** A name read cleanly enough: by {@link readsAsName}, or read the same twice over a lower gate. */
function readsAsNameOrRepeated(part: LinePart): boolean {
  if (readsAsName(part)) return true;
  return repeatedHalf(part.text) !== undefined && part.confidence >= CODE_MIN_CONFIDENCE && part.minConfidence >= REPEATED_NAME_MIN_WORD_CONFIDENCE;
}

function findSeller(lines: DocumentLine[]): { answer: RoleAnswer; line: DocumentLine } | undefined {
  const header = headerLines(lines);
  let best: { line: DocumentLine; score: number } | undefined;
  for (const [position, line] of header.entries()) {
    // Earlier lines are likelier the letterhead's name.
    const score = sellerLineScore(line, line.pageMedianHeight) - 0.03 * position;
    if (score > (best?.score ?? 0)) best = { line, score };
  }
  // A name without a business word or a larger font is weak evidence: no answer.
  if (!best || best.score < 0.6 || !readsAsNameOrRepeated(best.line.parts[0]!)) return undefined;
  // A letterhead sharing its line with other columns: its name is the first part; a form
  // repeating the name in two boxes ("Any Hospital Any Hospital"): once.
  const text = repeatedHalf(best.line.parts[0]!.text) ?? best.line.parts[0]!.text.trim();
  return { answer: { value: text.trim(), likelihood: Number((Math.min(0.9, best.score) * best.line.parts[0]!.confidence).toFixed(3)) }, line: best.line };
}

/** The part of `line` in the same column as `part` of another line: by geometry, else by position in a grid of as many parts. */
function partBelow(part: LinePart, partIndex: number, partCount: number, line: DocumentLine | undefined): LinePart | undefined {
  if (!line) return undefined;
  if (part.x0 !== undefined && line.parts.every((candidate) => candidate.x0 !== undefined)) {
    return line.parts.find((candidate) => Math.min(candidate.x1!, part.x1!) - Math.max(candidate.x0!, part.x0!) > 0);
  }
  return line.parts.length === partCount ? line.parts[partIndex] : undefined;
}

/**
 * The seller's block under its label ("BILLED FROM" over a column: the name, then the address
 * lines): the lines after the name in the same column while they read as an address (a word of
 * three letters or more, no contact line, no bare code), at least one with a digit.
 */
function addressUnderSellerLabel(lines: DocumentLine[]): RoleAnswer | undefined {
  for (const line of lines) {
    const partIndex = line.parts.findIndex((part) => SELLER_LABEL.test(normalizeText(part.text)) && !/[:：]\s*\S/.test(part.text));
    const label = line.parts[partIndex];
    if (!label) continue;
    const sameColumn = (offset: number): LinePart | undefined => {
      const other = lines[line.index + offset];
      return other && other.page === line.page ? partBelow(label, partIndex, line.parts.length, other) : undefined;
    };
    const name = sameColumn(1);
    if (!name || !nameValue(name.text) || !readsAsName(name)) continue;
    const parts: string[] = [];
    for (let offset = 2; offset < 5; offset += 1) {
      const part = sameColumn(offset);
      if (!part || !/\p{L}{3}/u.test(part.text) || CONTACT.test(normalizeText(part.text)) || /[@]|www\./i.test(part.text)) break;
      if (!readsAsName(part)) return undefined;
      parts.push(part.text.trim());
    }
    const address = parts.join(' ');
    if (parts.length && /\d/.test(address)) return { value: address, likelihood: 0.5 };
  }
  return undefined;
}

/** The letterhead lines below the seller's name up to its first contact or registration line. */
function findSellerAddress(lines: DocumentLine[]): RoleAnswer | undefined {
  const seller = findSeller(lines);
  if (!seller) return addressUnderSellerLabel(lines);
  const parts: string[] = [];
  for (let index = seller.line.index + 1; index < lines.length && parts.length < 5; index += 1) {
    const line = lines[index]!;
    const normalized = normalizeText(line.text);
    if (line.page !== seller.line.page || line.fromTable) break;
    // Registration numbers ("(867388-U)") and dates sit between the name and the address on receipts.
    if ((line.text.match(/[\p{L}\d]/gu)?.length ?? 0) < 3) continue;
    if (/^\(?[a-z]{0,3}\d[\da-z-]*\)?$/i.test(line.text.trim()) || findDates(line.text, true).length) {
      if (parts.length) break;
      continue;
    }
    if (CONTACT.test(normalized) || DOC_TYPE_LINE.test(normalized) || line.parts.length > 1) break;
    if (!line.parts.every(readsAsName)) return undefined;
    parts.push(line.text.trim());
  }
  const address = parts.join(' ');
  if (!/\d/.test(address) || !/\p{L}{3}/u.test(address) || parts.length < 1) return undefined;
  return { value: address, likelihood: 0.55 };
}

function findBuyer(lines: DocumentLine[]): RoleAnswer | undefined {
  for (const labelled of labelledLines(lines, BUYER_LABEL)) {
    const { line } = labelled;
    const partIndex = line.parts.findIndex((part) => BUYER_LABEL.test(normalizeText(part.text)));
    const part = line.parts[partIndex];
    if (!part) continue;
    // "Patient: John Doe": the value right of the label in the same part, else the next part.
    const inline = part.text.split(/[:：]/).slice(1).join(':').trim();
    const neighbourPart = line.parts[partIndex + 1];
    const neighbour = neighbourPart?.text ?? '';
    const neighbourIsLabel =
      BUYER_LABEL.test(normalizeText(neighbour)) ||
      SELLER_LABEL.test(normalizeText(neighbour)) ||
      /\b(ship(ped)? to|deliver\w* to)\b/.test(normalizeText(neighbour)) ||
      // Another field's "label: value" beside a column header ("PATIENT DETAILS  IP No. : 97101"):
      // the buyer is then below the header, not beside it.
      /\p{L}{2,}\.?\s*[:：]/u.test(neighbour);
    const beside = inline || (neighbourIsLabel ? '' : neighbour);
    if (beside) {
      const read = inline ? part : neighbourPart!;
      if (nameValue(beside) && readsAsName(read)) return { value: beside.trim(), likelihood: Number((0.7 * read.confidence).toFixed(3)) };
      continue;
    }
    // The label heads a column: the value is the same column of the next line.
    const next = lines[line.index + 1];
    if (!next || next.page !== line.page) continue;
    const sameColumn =
      part.x0 !== undefined && next.parts.every((candidate) => candidate.x0 !== undefined)
        ? next.parts.find((candidate) => Math.min(candidate.x1!, part.x1!) - Math.max(candidate.x0!, part.x0!) > 0)
        : next.parts.length === line.parts.length
          ? next.parts[partIndex]
          : undefined;
    if (
      sameColumn &&
      nameValue(sameColumn.text) &&
      readsAsName(sameColumn) &&
      !BUYER_LABEL.test(normalizeText(sameColumn.text)) &&
      !SELLER_LABEL.test(normalizeText(sameColumn.text))
    ) {
      return { value: sameColumn.text.trim(), likelihood: Number((0.6 * sameColumn.confidence).toFixed(3)) };
    }
  }
  return undefined;
}

/** Runs a role's finder over the document's lines. */
export function findByRole(role: FieldRole, lines: DocumentLine[], dayFirst: boolean): RoleAnswer | undefined {
  switch (role) {
    case 'total':
      return findTotal(lines);
    case 'subtotal':
      return findLabelledAmount(lines, SUBTOTAL_LABEL, undefined, /\bsub ?total\b/);
    case 'tax':
      return findLabelledAmount(lines, TAX_LABEL, TAX_EXCLUDED, /\btotal (gst|tax|vat)\b/);
    case 'date':
      return findDate(lines, dayFirst);
    case 'documentNumber':
      return findDocumentNumber(lines);
    case 'seller':
      return findSeller(lines)?.answer;
    case 'sellerAddress':
      return findSellerAddress(lines);
    case 'buyer':
      return findBuyer(lines);
  }
}

/** Whether a label found by the generic matcher is one this role accepts (guards its fallback). */
export function roleAcceptsLabel(role: FieldRole, label: string, lines: DocumentLine[]): boolean {
  const normalized = normalizeText(label);
  switch (role) {
    case 'total':
      // As in findTotal: a balance due after payments is not the total.
      if (!/\btotal\b/.test(normalized) && firstPaymentLine(lines)) return false;
      return (
        TOTAL_LABEL.test(normalized) &&
        !TOTAL_EXCLUDED.test(normalized) &&
        (!TOTAL_TAX_WORDS.test(normalized) || /\b(incl\w*|inclusive|after)\b/.test(normalized))
      );
    case 'subtotal':
      return SUBTOTAL_LABEL.test(normalized);
    case 'tax':
      return TAX_LABEL.test(normalized) && !TAX_EXCLUDED.test(normalized);
    case 'documentNumber':
      return DOC_NUMBER_LABEL.test(normalized) || /\b(invoice|receipt)\b/.test(normalized);
    case 'date':
      return DATE_LABEL.test(normalized) && !DATE_EXCLUDED.test(normalized);
    case 'buyer':
      return BUYER_LABEL.test(normalized) || /\breceiver\b|\bbilled to\b/.test(normalized);
    case 'seller':
      // "Company No", "Co. Reg. No", "Company GST ID": a registration number's label, not the name's.
      if (REGISTRATION_LABEL.test(normalized)) return false;
      return SELLER_LABEL.test(normalized) || /\b(company|supplier)\b/.test(normalized);
    case 'sellerAddress':
      return /\baddress\b/.test(normalized) || SELLER_LABEL.test(normalized);
  }
}
