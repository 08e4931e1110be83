/**
 * The amount roles (total, subtotal, tax): their labels, the amount beside a label, and the
 * finders, with the witnesses a single reading can get from the document itself (a rounding
 * line, a payment line).
 */
import type { DocumentLine } from './document-lines.js';
import { confidenceOf, type Labelled, labelledLines, type RoleAnswer } from './role-lines.js';
import { normalizeText } from './text-match.js';
import { findAmounts } from './typed-values.js';

// Labels, on normalized text (lower case, punctuation as spaces).
// "Totals" heads the sums line of claim forms (UB-04's line 23).
export const TOTAL_LABEL = /\b(totals?|amount due|balance due|amount payable|net payable|bill amount|invoice amount)\b/;
export const TOTAL_EXCLUDED =
  /\b(sub ?total|qty|quantity|items?|excl\w*|exclusive|before|discount|saving\w*|payments?|paid|credits?|points?|change|cash|tendered|rounding adj\w*|adj\w*)\b/;
export const TOTAL_TAX_WORDS = /\b(gst|tax|vat|tva)\b/;
export const TOTAL_STRONG = /\b(round\w*|grand|nett?|inclusive|incl|after tax|payable|final)\b/;
export const SUBTOTAL_LABEL = /\b(sub ?total|total (sales )?(excl\w*|exclusive|before tax)|total before tax|amount before tax|net amount|total ht)\b/;
export const TAX_LABEL = /\b(total gst|total tax|sales tax|gst|vat|tax|tva)\b/;
export const TAX_EXCLUDED = /\b(id|no|number|reg\w*|invoice|code|summary|incl\w*|excl\w*|exclusive|before|after|rate|relief|act|price)\b/;

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
export function firstPaymentLine(lines: DocumentLine[]): DocumentLine | undefined {
  return lines.find((line) => PAYMENT_LINE.test(normalizeText(line.text)) && findAmounts(line.text).some((amount) => amount.moneyLike));
}

/** The amount of a rounding adjustment line ("Rounding Adj -0.01"): a few cents, not zero. */
function roundingOf(line: DocumentLine): number | undefined {
  const normalized = normalizeText(line.text);
  if (!ROUNDING_LINE.test(normalized) || /\btotal\b/.test(normalized)) return undefined;
  const value = lastMoney(line);
  return value !== undefined && value !== 0 && Math.abs(value) < 0.1 ? value : undefined;
}

/** The one rounding adjustment the document prints, if any (two different ones: none). */
export function documentRounding(lines: DocumentLine[]): number | undefined {
  const values = new Set(lines.map(roundingOf).filter((value) => value !== undefined));
  return values.size === 1 ? [...values][0] : undefined;
}

const SERVICE_CHARGE_LINE = /\b(service charge|svc ch(g|arge)|service chg)\b/;

/**
 * The service charge a restaurant adds between subtotal and total ("Service Charge 10% 1.50"),
 * 0 when none is printed, undefined when two different ones are: it belongs in the sum that
 * checks the total (subtotal + service charge + tax + rounding).
 */
export function documentServiceCharge(lines: DocumentLine[]): number | undefined {
  const values = new Set(lines.flatMap((line) => (SERVICE_CHARGE_LINE.test(normalizeText(line.text)) ? [lastMoney(line) ?? NaN] : [])));
  if (values.size === 0) return 0;
  const [value] = [...values];
  return values.size === 1 && value !== undefined && Number.isFinite(value) && value >= 0 ? value : undefined;
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

/** The total: the amount beside the strongest total label (the largest among equals), else the rounding arithmetic. */
export function findTotal(lines: DocumentLine[]): RoleAnswer | undefined {
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

interface LabelledAmount {
  value: number;
  preferred: boolean;
  confidence: number;
  moneyLike: boolean;
}

/** The amounts beside `label` lines, those under a `prefer` label alone when there are some. */
function labelledAmounts(lines: DocumentLine[], label: RegExp, excluded: RegExp | undefined, prefer: RegExp): LabelledAmount[] {
  const candidates: LabelledAmount[] = [];
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
  const preferred = candidates.filter((candidate) => candidate.preferred);
  return preferred.length ? preferred : candidates;
}

/**
 * Two different amounts under equally good labels ("Subtotal 10.00 … Discount … Subtotal 8.00"):
 * the document itself leaves the field open, so neither its finder nor a label match answers.
 */
export function labelledAmountContested(lines: DocumentLine[], label: RegExp, excluded: RegExp | undefined, prefer: RegExp): boolean {
  const pool = labelledAmounts(lines, label, excluded, prefer);
  // A bare integer does not contest an amount written as money (dev: a tax summary's "Q.46" read
  // as 46 beside "GST @6%: $0.46").
  const money = pool.filter((candidate) => candidate.moneyLike);
  return new Set((money.length ? money : pool).map((candidate) => candidate.value)).size > 1;
}

/** The one amount under `label` (preferring `prefer` labels); two different ones give no answer. */
export function findLabelledAmount(lines: DocumentLine[], label: RegExp, excluded: RegExp | undefined, prefer: RegExp): RoleAnswer | undefined {
  const pool = labelledAmounts(lines, label, excluded, prefer);
  if (!pool.length || labelledAmountContested(lines, label, excluded, prefer)) return undefined;
  const best = pool.find((candidate) => candidate.moneyLike) ?? pool[0]!;
  return {
    value: best.value,
    likelihood: Number(((best.moneyLike ? 0.8 : 0.65) * (0.7 + 0.3 * best.confidence)).toFixed(3)),
    confidence: best.confidence,
  };
}
