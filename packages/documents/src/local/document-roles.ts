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
import {
  findLabelledAmount,
  findTotal,
  firstPaymentLine,
  labelledAmountContested,
  SUBTOTAL_LABEL,
  TAX_EXCLUDED,
  TAX_LABEL,
  TOTAL_EXCLUDED,
  TOTAL_LABEL,
  TOTAL_TAX_WORDS,
} from './role-amounts.js';
import { DATE_EXCLUDED, DATE_LABEL, findDate } from './role-dates.js';
import { confidenceOf, labelledLines, type RoleAnswer } from './role-lines.js';
import { normalizeText } from './text-match.js';
import { findDates, hasBusinessWord, hasOwnNameWord, identifierIn, isNameLike } from './typed-values.js';

export type FieldRole = 'total' | 'subtotal' | 'tax' | 'date' | 'documentNumber' | 'seller' | 'buyer' | 'sellerAddress';

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
// Not "order no": an order's number identifies the customer's order, not the document. "CS No"
// and "Cash Sales No" number a receipt (a cash sale), "Resit" is Malay for receipt.
const DOC_NUMBER_LABEL = /\b(invoice|receipt|resit|inv|doc|document|bill|cash bill|cash sales?|cs|slip|transaction|trans)\s*(no|nbr|num|nr|number|id)\b/;
const BUYER_LABEL = /\b(bill(ed)? to|sold to|invoice to|customer( name)?|cust( name)?|client( name)?|patient( name)?|buyer|attention|attn)\b/;
const SELLER_LABEL = /\b(bill(ed)? from|vendor|seller|supplier|issued by|sold by|merchant|from)\b/;
const DOC_TYPE_LINE = /^(tax |simplified tax |cash |official )?(invoice|receipt|bill|statement|quotation|outpatient|inpatient|cash bill|tax invoice)s?$/;
const CONTACT = /\b(tel|phone|fax|h p|hp|email|e mail|www|http|gst|co reg|company no|reg no|business reg)\b/;

// A word followed by a colon: a "label: value" line.
const LABEL_COLON = /\p{L}{2,}\.?\s*[:：]/u;

const REGISTRATION_LABEL = /\b(no|nbr|number|reg\w*|id|gst|vat|tax|sst|roc|ssm|code)\b/;

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

// What a till prints where a customer's name would be: a sale to whoever paid cash.
const NO_CUSTOMER = /^(cash( customer| sales?| bill)?|walk ?in( customer)?|guest|counter)$/;

/** A name value: name-like text that is not a label (no trailing colon, no field words, not "CASH"). */
export function nameValue(text: string): boolean {
  const normalized = normalizeText(text);
  return isNameLike(text) && !/[:：]\s*$/.test(text) && !FIELD_WORDS.test(normalized) && !NO_CUSTOMER.test(normalized);
}
// A code with one misread digit is wrong; the misread one on dev scored 0.69, right ones 0.77+.
export const CODE_MIN_CONFIDENCE = 0.75;

function findDocumentNumber(lines: DocumentLine[]): RoleAnswer | undefined {
  for (const labelled of labelledLines(lines, DOC_NUMBER_LABEL)) {
    const right = labelled.line.text.slice(labelled.end);
    const identifier = identifierIn(right.replace(/^[^A-Za-z0-9]*/, ''));
    if (identifier && confidenceOf(labelled.line) < CODE_MIN_CONFIDENCE) return undefined;
    if (identifier) return { value: identifier, likelihood: Number((0.8 * (0.7 + 0.3 * confidenceOf(labelled.line))).toFixed(3)) };
  }
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
  // A letterhead sharing its line with other columns ("<NAME> HOSPITALS  EMERGENCY  <phone>" on a
  // fixture hospital bill): its name is the first part, which is what is answered.
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

/** The seller: its answer, its line, and whether it was found under a seller's label (with the address lines under it). */
function findSeller(lines: DocumentLine[]): { answer: RoleAnswer; line: DocumentLine; underLabel?: boolean; address?: string } | undefined {
  const header = headerLines(lines);
  let best: { line: DocumentLine; score: number } | undefined;
  for (const [position, line] of header.entries()) {
    // Earlier lines are likelier the letterhead's name.
    const score = sellerLineScore(line, line.pageMedianHeight) - 0.03 * position;
    if (score > (best?.score ?? 0)) best = { line, score };
  }
  // A name without a business word or a larger font is weak evidence: no answer from the
  // letterhead; the name under a seller's label ("From:", "Billed From") answers instead.
  if (!best || best.score < 0.6 || !readsAsNameOrRepeated(best.line.parts[0]!)) {
    const block = sellerBlockUnderLabel(lines);
    if (!block) return undefined;
    const line = lines.find((candidate) => candidate.parts.includes(block.name))!;
    return {
      answer: { value: block.name.text.trim(), likelihood: Number((0.6 * block.name.confidence).toFixed(3)) },
      line,
      underLabel: true,
      ...(block.address === undefined ? {} : { address: block.address }),
    };
  }
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
 * The seller's block under its label ("BILLED FROM" or "From:" over a column: the name, then the
 * address lines): the name, and the lines after it in the same column while they read as an
 * address (a word of three letters or more, no contact line, no bare code), with a digit in them.
 */
function sellerBlockUnderLabel(lines: DocumentLine[]): { name: LinePart; address?: string } | undefined {
  for (const line of lines) {
    // A short label standing alone ("Billed From", "From:"), not a phrase that contains "from".
    const partIndex = line.parts.findIndex(
      (part) => SELLER_LABEL.test(normalizeText(part.text)) && !/[:：]\s*\S/.test(part.text) && normalizeText(part.text).split(' ').length <= 3,
    );
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
      if (LABEL_COLON.test(part.text)) break;
      if (!readsAsName(part)) return { name };
      parts.push(part.text.trim());
    }
    const address = parts.join(' ');
    return parts.length && /\d/.test(address) ? { name, address } : { name };
  }
  return undefined;
}

/** The letterhead lines below the seller's name up to its first contact or registration line. */
function findSellerAddress(lines: DocumentLine[]): RoleAnswer | undefined {
  const seller = findSeller(lines);
  if (!seller) return undefined;
  // Found under its label, the seller's block carries its address.
  if (seller.underLabel) return seller.address === undefined ? undefined : { value: seller.address, likelihood: 0.5 };
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
    // A "label: value" line ("Order No: 4521", "Invoice To: …") is the body, not the letterhead's
    // address; an "Address:" label is the address.
    if (LABEL_COLON.test(line.text) && !/^\s*address\b/.test(normalized)) break;
    if (!line.parts.every(readsAsName)) return undefined;
    parts.push(line.text.trim().replace(/^address\s*[:：]\s*/i, ''));
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

// The labels of the subtotal and the tax, with those preferred among them. Every subtotal label
// is as good as another: "Sub Total" and "Total Excl. GST" printing different amounts (one of
// them with the tax already in) leave the subtotal open rather than pick one.
const SUBTOTAL_ARGS = [SUBTOTAL_LABEL, undefined, SUBTOTAL_LABEL] as const;
const TAX_ARGS = [TAX_LABEL, TAX_EXCLUDED, /\btotal (gst|tax|vat)\b/] as const;

/** The document prints two different amounts under equally good labels of the role: no answer, from any source. */
export function roleContested(role: FieldRole, lines: DocumentLine[]): boolean {
  if (role === 'subtotal') return labelledAmountContested(lines, ...SUBTOTAL_ARGS);
  if (role === 'tax') return labelledAmountContested(lines, ...TAX_ARGS);
  return false;
}

/** Runs a role's finder over the document's lines. */
export function findByRole(role: FieldRole, lines: DocumentLine[], dayFirst: boolean): RoleAnswer | undefined {
  switch (role) {
    case 'total':
      return findTotal(lines);
    case 'subtotal':
      return findLabelledAmount(lines, ...SUBTOTAL_ARGS);
    case 'tax':
      return findLabelledAmount(lines, ...TAX_ARGS);
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
      // "Invoice To", "Invoice Date", "Receipt Total" name other fields.
      if (BUYER_LABEL.test(normalized) || DATE_LABEL.test(normalized) || TOTAL_LABEL.test(normalized) || /\b(amount|address)\b/.test(normalized)) return false;
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
